import Foundation
import LetsChatCore
import LetsChatServer
import Testing
import TestSupport
@testable import TUI

/// End-to-end: the real `letschat` binary in a private tmux server against an in-process server.
@Suite(.serialized) struct ClientAppTests {
    private static let tmuxReason: Comment =
        "tmux is not installed: install it to run the end-to-end tests (with CI=true they fail instead)"
    private static let green = "\u{1B}[32m"

    /// The row of `screen` that holds `text`, or nil.
    private func row(of text: String, in screen: String) -> String? {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).first { $0.contains(text) }
    }

    /// The status bar (the last row but one) of a `rows`-row screen.
    /// The status bar's row, wherever the layout puts it (a typing row may sit below it).
    private func statusBar(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).last { $0.hasPrefix(" [") }.map(String.init) ?? ""
    }

    /// Starts two clients on `server`, alice then bob, and waits until each sees both in its user list.
    private func startAliceAndBob(_ scene: ClientScene, on server: Server) throws {
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", toShow: "Users (1)")
        try scene.startClient("bob", port: server.port, nick: "bob")
        for name in ["alice", "bob"] {
            try scene.tmux.waitFor(name, "both nicks in the user list") { screen in
                screen.contains("│Users (2)") && screen.contains("│alice") && screen.contains("│bob")
            }
        }
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func twoClientsTalkAndTheSendersOwnLineIsGreen() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try startAliceAndBob(scene, on: server)
        try scene.tmux.send("alice", "hello bob, lunch?")
        try scene.tmux.waitFor("bob", toShow: "<alice> hello bob, lunch?")
        try scene.tmux.send("bob", "yes alice")
        try scene.tmux.waitFor("alice", toShow: "<bob> yes alice")

        let senderView = try scene.tmux.capture("alice", escapes: true)
        let ownRow = try #require(row(of: "<alice> hello bob, lunch?", in: senderView))
        let greenAt = try #require(ownRow.range(of: Self.green), "own line not green: \(ownRow.debugDescription)")
        #expect(greenAt.lowerBound < ownRow.range(of: "<alice>")!.lowerBound)
        let otherRow = try #require(row(of: "<bob>", in: senderView))
        #expect(!otherRow.contains(Self.green), "someone else's line is green: \(otherRow.debugDescription)")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func bothSidebarsListBothNicksAndDropOneThatQuits() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try startAliceAndBob(scene, on: server)
        try scene.tmux.send("bob", "/quit gone fishing")
        let aliceView = try scene.tmux.waitFor("alice", "bob leaving the user list") { screen in
            screen.contains("│Users (1)") && !screen.contains("│bob")
        }
        #expect(aliceView.contains("-!- bob has quit (Quit: gone fishing)"))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason), arguments: ["/quit", "exit"])
    func quittingEndsTheProgramWithStatus0AndRestoresTheTerminal(command: String) throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", toShow: "connected")
        #expect(try scene.tmux.display("alice", "#{alternate_on}") == "1")
        try scene.tmux.send("alice", command)
        let screen = try scene.tmux.waitFor("alice", toShow: "EXITED")
        #expect(screen.contains("EXITED 0, terminal modes restored"))
        #expect(!screen.contains("Users ("), "the chat screen is still visible:\n\(screen)")
        #expect(try scene.tmux.display("alice", "#{alternate_on}") == "0")
        #expect(try scene.tmux.display("alice", "#{cursor_flag}") == "1")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func pageUpShowsReplayedHistoryAndEndReturnsToTheNewest() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let start = LocalTime.now().milliseconds - 3_600_000
        let history = (0..<200).map { index in
            RoomEvent(time: Timestamp(milliseconds: start + Int64(index) * 1000), kind: .message,
                      nick: ["carol", "dave"][index % 2], text: "history line \(1000 + index)")
        }
        let server = try scene.startServer(history: history, replay: 100)
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", toShow: "history line 1199")
        var screen = ""
        for _ in 0..<6 where !screen.contains("history line 1100") {
            let before = try scene.tmux.capture("alice")
            try scene.tmux.press("alice", "PPage")
            screen = try scene.tmux.waitFor("alice", "the pane to scroll back") { $0 != before }
            #expect(!screen.contains("history line 1199"))
            #expect(statusBar(screen).contains("scrolled back (End)"))
        }
        #expect(screen.contains("<carol> history line 1100"), "PgUp never reached the oldest replayed line")
        #expect(!screen.contains("history line 1099"), "more than the replay count was shown")
        try scene.tmux.press("alice", "End")
        screen = try scene.tmux.waitFor("alice", toShow: "<dave> history line 1199")
        #expect(!statusBar(screen).contains("scrolled back"))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func replayedHistoryFromAnEarlierDayIsHeadedByItsDate() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let threeDaysAgo = Timestamp(milliseconds: LocalTime.now().milliseconds - 3 * 86_400_000)
        let server = try scene.startServer(history: [RoomEvent(time: threeDaysAgo, kind: .message, nick: "carol",
                                                               text: "from three days ago")])
        try scene.startClient("alice", port: server.port, nick: "alice")
        let screen = try scene.tmux.waitFor("alice", toShow: "<carol> from three days ago")
        var seconds = time_t(threeDaysAgo.milliseconds / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let dayLine = DayLine.text(day: DayLine.day(of: threeDaysAgo, utcOffsetSeconds: Int(parts.tm_gmtoff)))
        let rows = screen.split(separator: "\n").map(String.init)
        let historyRow = try #require(rows.firstIndex { $0.contains("<carol> from three days ago") })
        #expect(historyRow > 0 && rows[historyRow - 1].hasPrefix(dayLine), "no \(dayLine) above the line:\n\(screen)")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func typedUTF8ArrivesIntactAtTheOtherClient() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try startAliceAndBob(scene, on: server)
        try scene.tmux.send("alice", "héllo 日本 🙂")
        let screen = try scene.tmux.waitFor("bob", toShow: "<alice> héllo 日本 🙂")
        #expect(!screen.contains("\u{FFFD}"))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aMessageLongerThanAnIRCLineArrivesWhole() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try startAliceAndBob(scene, on: server)
        let words = (1000..<1200).map { "w\($0)" }
        try scene.tmux.send("alice", words.joined(separator: " "))
        // Against a server that does not advertise LINERATE the pieces go at irssi's pace, 2.2 s apart.
        let screen = try scene.tmux.waitFor("bob", toShow: "w1199", seconds: 30)
        let shown = screen.split(separator: "\n").map { String($0.prefix { $0 != "│" }) }.joined(separator: " ")
        #expect(words.allSatisfy { shown.contains($0) }, "words went missing:\n\(screen)")
        #expect(!(try scene.tmux.capture("alice")).contains("too long"))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aResizeReflowsTheScreen() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try startAliceAndBob(scene, on: server)
        let words = (1...14).map { "word\($0)" }.joined(separator: " ")
        try scene.tmux.send("bob", words)
        try scene.tmux.waitFor("alice", toShow: "word14")
        try scene.tmux.resize("alice", columns: 60, rows: 20)
        // 60 columns leave 47 for the messages: the line wraps after word6 and the bars move up.
        let screen = try scene.tmux.waitFor("alice", "the 60 × 20 layout") { screen in
            screen.split(separator: "\n", omittingEmptySubsequences: false).count >= 20
                && statusBar(screen).contains("#letschat")
        }
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows[19].hasPrefix("[alice]"))
        #expect(rows.allSatisfy { $0.count <= 60 }, "a row is wider than the terminal:\n\(screen)")
        let pane = rows[0..<(rows.lastIndex { $0.hasPrefix(" [") } ?? 18)]
        let separator = pane.compactMap { row in
            row.firstIndex(of: "│").map { row.distance(from: row.startIndex, to: $0) }
        }
        #expect(Set(separator) == [47], "the separator is not one straight column:\n\(screen)")
        let sidebar = Set(pane.map { String($0.drop { $0 != "│" }.dropFirst()) })
        #expect(sidebar.subtracting(["", "Users (2)", "alice", "bob"]).isEmpty,
                "stray text in the user list:\n\(screen)")
        let messages = pane.map { row in
            String(row.prefix { $0 != "│" }).trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        let wrapped = try #require(messages.firstIndex { $0.hasSuffix("<bob> word1 word2 word3 word4 word5 word6") },
                                   "the long line did not wrap at 47 columns:\n\(screen)")
        #expect(messages[wrapped + 1] == "word7 word8 word9 word10 word11 word12 word13")
        #expect(messages[wrapped + 2] == "word14")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func resizingDuringABurstKeepsTheTypedInputAndEveryMessage() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", toShow: "Users (1)")
        // bob is a plain IRC client, so his burst reaches the server at once, not paced as letschat's would be.
        let bob = try RawRoomClient(port: server.port, nick: "bob")
        defer { bob.close() }
        try scene.tmux.waitFor("alice", toShow: "│bob")
        try scene.tmux.type("alice", "half typed 日本")
        let sizes = [(60, 20), (120, 40), (30, 8), (100, 30)]
        for number in 1...20 {
            try bob.send("PRIVMSG #letschat :burst \(number)")
            let (columns, rows) = sizes[number % sizes.count]
            try scene.tmux.resize("alice", columns: columns, rows: rows)
        }
        try scene.tmux.resize("alice", columns: 100, rows: 30)
        // Both on one screen: the first screen with "burst 20" can be caught half repainted. Lost
        // input never shows again, so the wait then fails with the last screen.
        try scene.tmux.waitFor("alice", "\"<bob> burst 20\" with the typed input kept") { screen in
            screen.contains("<bob> burst 20") && screen.contains("[alice] half typed 日本")
        }
        try scene.tmux.press("alice", "Enter")
        #expect(try bob.messages(from: "alice", count: 1, seconds: 10) == ["half typed 日本"])
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func theClientReconnectsWhenTheServerRestartsOnTheSamePort() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let history = scene.folder.appendingPathComponent("restarted-history.txt").path
        let first = try scene.startServer(historyFile: history)
        let port = first.port
        try scene.startClient("alice", port: port, nick: "alice")
        try scene.tmux.waitFor("alice", toShow: "connected")
        try scene.tmux.send("alice", "before the restart")
        try scene.tmux.waitFor("alice", toShow: "<alice> before the restart")
        first.stop(grace: 0.5)
        try scene.tmux.waitFor("alice", "the reconnect countdown") { statusBar($0).contains("reconnecting in") }
        let second = try scene.startServer(port: port, historyFile: history)
        let screen = try scene.tmux.waitFor("alice", "the reconnection") { screen in
            screen.contains("Reconnected.") && statusBar(screen).contains("connected")
        }
        #expect(screen.components(separatedBy: "before the restart").count == 2, "history repeated:\n\(screen)")
        try scene.startClient("bob", port: second.port, nick: "bob")
        try scene.tmux.waitFor("bob", toShow: "│alice")
        try scene.tmux.send("alice", "back again")
        try scene.tmux.waitFor("bob", toShow: "<alice> back again")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aRefusedNickChangeKeepsTheOldNick() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try startAliceAndBob(scene, on: server)
        try scene.tmux.send("alice", "/nick bob")
        try scene.tmux.waitFor("alice", toShow: "bob: Nickname is already in use")
        try scene.tmux.send("alice", "still alice")
        let bobView = try scene.tmux.waitFor("bob", toShow: "<alice> still alice")
        #expect(!bobView.contains("is now known as"))
        #expect(try scene.tmux.capture("alice").contains("\n[alice]\n"), "the prompt no longer says [alice]")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func withMouseTheWheelScrollsBack() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try scene.startClient("alice", port: server.port, nick: "alice", options: "--mouse")
        try scene.tmux.waitFor("alice", toShow: "alice has joined")
        for number in 1...40 { try scene.tmux.send("alice", "line \(number)") }
        try scene.tmux.waitFor("alice", toShow: "<alice> line 40")
        // A wheel-up report as the terminal sends it (X10 encoding: ESC [ M, button 64+32, column, row).
        try scene.tmux.type("alice", "\u{1B}[M`**")
        let screen = try scene.tmux.waitFor("alice", toShow: "scrolled back")
        #expect(!screen.contains("<alice> line 40"))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aServerThatRefusesEveryNickEndsTheConnectionWithAReason() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try RefusingServer()
        defer { server.stop() }
        try scene.startClient("alice", port: server.port, nick: "alice")
        let screen = try scene.tmux.waitFor("alice", toShow: "Not reconnecting")
        let text = screen.split(separator: "\n").map { $0.replacingOccurrences(of: "│", with: "").trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        #expect(text.contains("refused the nickname alice and its variants"), "\(text)")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aClientWhoseTerminalVanishesWithoutSIGHUPExits() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        let pidFile = scene.folder.appendingPathComponent("letschat.pid").path
        // In its own session the client gets no SIGHUP when the pane goes; only its input hangs up.
        try scene.tmux.start("alice", columns: 100, rows: 30, command: "setsid -w sh -c 'echo $$ > \(pidFile); "
            + "exec env TERM=tmux-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no HOME=\(scene.folder.path) "
            + "\(scene.binary) 127.0.0.1 --port \(server.port) --nick alice --no-log'")
        try scene.tmux.waitFor("alice", toShow: "connected")
        let pid = try #require(Int32((try String(contentsOfFile: pidFile, encoding: .utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        try scene.tmux.run(["kill-session", "-t", "alice"])
        let deadline = Date(timeIntervalSinceNow: 10)
        while Self.isRunning(pid) && Date() < deadline { usleep(20_000) }
        let running = Self.isRunning(pid)
        if running { kill(pid, SIGKILL) }
        #expect(!running, "letschat kept running after its terminal went away")
    }

    /// Whether process `pid` exists and has not ended (a zombie has ended).
    private static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.range(of: ") ") else { return false }
        return !stat[afterName.upperBound...].hasPrefix("Z")
    }

    @Test func aDumbTerminalIsRefusedWithOneLine() throws {
        let run = try runOutsideTmux(["127.0.0.1"], term: "dumb", outputIsTerminal: true)
        #expect(run.status != 0)
        #expect(isOneLine(run.errors) && run.errors.contains("TERM is 'dumb'"), "\(run.errors)")
    }

    @Test func outputThatIsNotATerminalIsRefusedWithOneLine() throws {
        let run = try runOutsideTmux(["127.0.0.1"], term: "xterm-256color", outputIsTerminal: false)
        #expect(run.status != 0)
        #expect(isOneLine(run.errors) && run.errors.contains("terminal"), "\(run.errors)")
    }

    @Test func aRoomsNextAddressIsTriedWhenTheFirstDoesNotAnswer() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let file = KnownHostsFile(path: NSTemporaryDirectory() + "letschat-known-hosts-\(getpid())-unused")
        let candidates = ["127.0.0.2", "127.0.0.1"].map {
            (gate: TrustGate(host: $0, port: listener.localPort, file: file), policy: TLSPolicy(mode: .off))
        }
        // Only 127.0.0.1 listens; 127.0.0.2, on the loopback too, refuses at once.
        let reached = try ClientApp.connect(toFirstOf: candidates, port: listener.localPort)
        #expect(reached.gate.host == "127.0.0.1")
        if case .ready(let transport, _, _) = reached.outcome { transport.close() } else { Issue.record("\(reached.outcome)") }
        #expect(throws: SocketError.self) { try ClientApp.connect(toFirstOf: [candidates[0]], port: listener.localPort) }
    }

    @Test func aNicknameChosenAfterTheServerStoppedWaitingStillJoinsWithNoErrorShown() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer(registrationTimeout: 1)
        try scene.startClient("alice", port: server.port, nick: nil)
        try scene.tmux.waitFor("alice", toShow: "Choose a nickname")
        // The server closes a connection that has not registered within 1 s; the user is still thinking.
        Thread.sleep(forTimeInterval: 2.5)
        try scene.tmux.press("alice", "C-u")
        try scene.tmux.send("alice", "alice")
        let screen = try scene.tmux.waitFor("alice", toShow: "alice has joined")
        #expect(!screen.contains("timed out") && !screen.contains("Disconnected"), "\(screen)")
    }

    @Test func noServerListeningIsOneLineAndStatus1() throws {
        let probe = try Socket.listen(host: "127.0.0.1", port: 0)
        let port = probe.localPort
        probe.close()
        let run = try runOutsideTmux(["127.0.0.1", "--port", "\(port)"], term: "xterm-256color", outputIsTerminal: true)
        #expect(run.status == 1)
        #expect(isOneLine(run.errors) && run.errors.contains("cannot reach"), "\(run.errors)")
    }

    /// Runs `letschat` without tmux: standard input on a fresh pseudo-terminal, and standard output
    /// too when `outputIsTerminal`, else a file.
    private func runOutsideTmux(_ arguments: [String], term: String, outputIsTerminal: Bool) throws -> ChildProcess.Outcome {
        var master: Int32 = -1
        var terminal: Int32 = -1
        guard openpty(&master, &terminal, nil, nil, nil) == 0 else {
            throw TestFailure("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        defer {
            close(master)
            close(terminal)
        }
        return try ChildProcess.run(try BuiltProduct.path("letschat"), arguments + ["--nick", "alice", "--no-log"],
                                    environment: ["TERM": term, "LANG": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no"],
                                    input: terminal, output: outputIsTerminal ? terminal : nil)
    }

    private func isOneLine(_ text: String) -> Bool {
        text.hasPrefix("letschat: ") && text.hasSuffix("\n") && text.dropLast().allSatisfy { $0 != "\n" }
    }
}
