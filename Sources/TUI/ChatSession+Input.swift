import Foundation
import LetsChatCore

extension ChatSession {
    /// Applies one key at UTC instant `now` (monotonic `clock` seconds); a change to the input line
    /// may tell the room the user is typing.
    public mutating func apply(_ key: Key, now: Timestamp, clock: Double) -> [Effect] {
        let effects = handle(key, now: now)
        return inputChanged(clock: clock) + effects
    }

    private mutating func handle(_ key: Key, now: Timestamp) -> [Effect] {
        if var lines = pasting {
            switch key {
            case .pasteEnd:
                pasting = nil
                finishPaste(lines)
            case .enter:
                lines.append("")
                pasting = lines
            case .character(let character):
                if lines.isEmpty { lines.append("") }
                lines[lines.count - 1].append(character)
                pasting = lines
            default:
                break
            }
            return []
        }
        if key != .tab { completion.reset() }
        if case .character(let character) = key {
            input.insert(String(character))
            return []
        }
        if key == .pasteStart {
            pasting = []
            return []
        }
        guard let action = KeyBinding.action(for: key) else { return [] }
        let (width, height) = paneSize
        switch action {
        case .pageUp: scrollback.pageUp(width: width, height: height)
        case .pageDown: scrollback.pageDown(width: width, height: height)
        case .oldest: scrollback.scrollToTop(width: width, height: height)
        case .newest: scrollback.scrollToBottom()
        case .wheelUp: scrollback.lineUp(3, width: width, height: height)
        case .wheelDown: scrollback.lineDown(3, width: width, height: height)
        case .toggleUserList: sidebarWanted.toggle()
        case .redraw: return [.redraw]
        case .complete:
            if !askingNick {
                _ = completion.complete(&input, nicks: completionNicks, commands: SlashCommand.names)
            }
        case .submit: return submit(now: now)
        case .cancel: return cancelWaiting() ?? []
        case .cancelOr(let edit):
            if let effects = cancelWaiting() { return effects }
            input.apply(edit)
        case .edit(let edit): input.apply(edit)
        case .quit: return [.quit("leaving")]
        case .quitOr(let edit):
            if input.isEmpty { return [.quit("leaving")] }
            input.apply(edit)
        }
        return []
    }

    /// Discards a paste waiting for Enter, or stops the lines being paced out; nil when nothing waits.
    private mutating func cancelWaiting() -> [Effect]? {
        if !pendingPaste.isEmpty {
            pendingPaste.removeAll()
            note("Paste discarded.")
            return []
        }
        return sending == nil ? nil : [.cancelSending]
    }

    private mutating func finishPaste(_ lines: [String]) {
        let kept = lines.last == "" ? Array(lines.dropLast()) : lines
        if kept.count <= 1 {
            input.insert(kept.first ?? "")
            return
        }
        pendingPaste = kept
        note("Paste of \(kept.count) lines. Enter sends them as \(kept.count) messages; Ctrl-U or Esc discards them:")
        for line in kept { note("  | \(line)") }
    }

    private mutating func submit(now: Timestamp) -> [Effect] {
        if !pendingPaste.isEmpty {
            let lines = pendingPaste
            pendingPaste.removeAll()
            return lines.filter { !$0.isEmpty }.flatMap { sendMessage($0, now: now) }
        }
        let text = input.submit()
        scrollback.scrollToBottom()
        scrollback.clearUnreadMarker()
        if askingNick { return chooseNick(text) }
        switch SlashCommand.parse(text) {
        case .empty:
            return []
        case .message(let message):
            typingNotifier.messageSent()
            return sendMessage(message, now: now)
        case .usageError(let usage):
            note(usage, kind: .error)
        case .unknown(let name):
            note("Unknown command \(name) (not sent). Type /help for the list.", kind: .error)
        case .command(let command):
            return run(command, now: now)
        }
        return []
    }

    private mutating func chooseNick(_ text: String) -> [Effect] {
        let candidate = text.trimmingCharacters(in: .whitespaces)
        guard Nickname.isValid(candidate) else {
            note("\"\(candidate)\" cannot be a nickname: use letters, digits and []\\`_^{|}-, starting with a letter, "
                 + "at most \(Nickname.maxLength).", kind: .error)
            input.replace(text: candidate, cursor: candidate.count)
            return []
        }
        askingNick = false
        nick = candidate
        return [.register(candidate)]
    }

    private mutating func run(_ command: SlashCommand.Command, now: Timestamp) -> [Effect] {
        switch command {
        case .quit(let reason):
            return [.quit(reason ?? "leaving")]
        case .nick(let new):
            guard Nickname.isValid(new) else {
                note("\"\(new)\" cannot be a nickname.", kind: .error)
                return []
            }
            return [.send(IRCLine(command: "NICK", params: [new]).text)]
        case .me(let action):
            guard connection == .connected, let nick else {
                note("Not connected; the action was not sent.", kind: .error)
                return []
            }
            return say(action, kind: .action, nick: nick, now: now)
        case .msg(let target, let text):
            return say(text, kind: .privateMessage, to: target, nick: nick ?? target, now: now)
        case .who:
            note("In \(channel) (\(users.count)): \(users.nicks.joined(separator: ", "))")
        case .topic(let text):
            if let text { return [.send(IRCLine(command: "TOPIC", params: [channel], trailing: text).text)] }
            note(topic.isEmpty ? "No topic is set." : "Topic: \(topic)")
        case .clear:
            clearPane()
        case .help:
            note("Commands:")
            for line in SlashCommand.helpLines { note("  " + line) }
            note("Keys:")
            for line in KeyBinding.helpLines { note("  " + line) }
        case .emoji(let word):
            for line in EmojiListing.lines(for: word) { note(line) }
        case .typing(let word):
            setTyping(word)
        }
        return []
    }
}
