import LetsChatCore

extension ChatSession {
    /// What the screen shows now, `utcOffsetSeconds` east of UTC, at monotonic `clock` seconds.
    public func frame(utcOffsetSeconds: Int, clock: Double) -> Frame {
        var frame = Frame()
        let layout = currentLayout
        guard !layout.isTooSmall else {
            let text = LineWrapper.truncate("Terminal too small: need \(Layout.minimumColumns)x\(Layout.minimumRows)",
                                            width: max(1, columns))
            frame.rows.append(.init(x: 0, y: 0, width: columns, row: DisplayRow(text, style: .error), fill: nil))
            return frame
        }
        let pane = layout.messages
        let messageRows = scrollback.rows(width: pane.width, height: pane.height, utcOffsetSeconds: utcOffsetSeconds)
        // New lines grow upwards from the bottom of the pane, as in irssi.
        let top = pane.y + pane.height - messageRows.count
        for (index, row) in messageRows.enumerated() {
            frame.rows.append(.init(x: pane.x, y: top + index, width: pane.width, row: row, fill: nil))
        }
        if layout.showsSidebar {
            frame.separator = layout.separator
            let sidebar = layout.sidebar
            for (index, row) in users.rows(height: sidebar.height, width: sidebar.width, ownNick: nick).enumerated() {
                frame.rows.append(.init(x: sidebar.x, y: sidebar.y + index, width: sidebar.width, row: row, fill: nil))
            }
        }
        let status = LineWrapper.truncate(statusText(clock: clock), width: layout.status.width)
        frame.rows.append(.init(x: 0, y: layout.status.y, width: layout.status.width,
                                row: DisplayRow(status, style: .status), fill: .status))
        if !layout.typing.isEmpty {
            let typing = LineWrapper.truncate(typingIndicator.text(at: clock), width: layout.typing.width)
            frame.rows.append(.init(x: 0, y: layout.typing.y, width: layout.typing.width,
                                    row: DisplayRow(typing, style: .dim), fill: nil))
        }
        let prompt = askingNick ? "Nickname: " : "[\(nick ?? "?")] "
        let promptText = LineWrapper.truncate(prompt, width: max(0, layout.input.width - 2))
        let promptWidth = DisplayWidth.of(promptText)
        let view = input.view(width: max(1, layout.input.width - promptWidth))
        frame.rows.append(.init(x: 0, y: layout.input.y, width: layout.input.width,
                                row: DisplayRow([(promptText, .own), (view.text, .plain)]), fill: nil))
        frame.cursor = (promptWidth + view.cursorColumn, layout.input.y)
        return frame
    }

    /// The status bar's text: server, room, encryption, connection, topic and unread count.
    func statusText(clock: Double) -> String {
        var parts = ["[\(serverLabel)] \(channel)", isEncrypted ? "🔒 TLS" : "plain"]
        switch connection {
        case .connected: parts.append("connected")
        case .registering: parts.append(askingNick ? "choose a nickname" : "registering…")
        case .offline: parts.append("disconnected")
        case .reconnecting(let due): parts.append("reconnecting in \(max(0, Int((due - clock).rounded(.up))))s")
        }
        if !pendingMessages.isEmpty { parts.append("\(pendingMessages.count) unsent") }
        if let sending { parts.append("sending \(sending.sent)/\(sending.total) (Esc stops)") }
        if scrollback.isScrolledBack {
            parts.append(scrollback.unreadCount > 0 ? "▼ \(scrollback.unreadCount) new below (End)" : "scrolled back (End)")
        }
        if let joinHint { parts.append(joinHint) }
        if !topic.isEmpty { parts.append(topic) }
        return " " + parts.joined(separator: " │ ")
    }
}
