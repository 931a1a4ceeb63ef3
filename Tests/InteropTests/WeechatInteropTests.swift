import Foundation
import LetsChatCore
import Testing

/// WeeChat 3.8 (headless) joins letschat-server and talks with a text client, an IRC client and the
/// real `letschat` client.
@Suite struct WeechatInteropTests {
    @Test(.enabled(if: Peers.runnable(.weechat), "needs weechat-headless (apt-get install weechat-headless)"))
    func weechatJoinsSeesHistoryAndTalksWithTextAndIRCClients() throws {
        let run = try TestRun("weechat")
        defer { run.stop() }
        let server = try Servers.letschat(run: run)
        let carol = try LineClient.text("carol", port: server.port, run: run)
        let bob = try LineClient.irc("bob", port: server.port, run: run)
        let weechat = try WeechatClient.start(run: run, port: server.port, nick: "wcbot")

        // Registered, in the room, with the member list and the history at its original (tag) times.
        try bob.waitFor("wcbot's JOIN") { $0.command == "JOIN" && $0.sourceNick == "wcbot" }
        try carol.waitForLine("wcbot joining") { $0.hasSuffix("-- wcbot joined the chat") }
        try weechat.waitForLog("2026-01-02 03:04:05\talice\thello from history")
        try weechat.waitForLog("2026-01-02 03:05:06\t *\talice waves from history")
        try weechat.waitForLog("Channel #test: 3 nicks")
        try weechat.say("/names")
        let names = try weechat.waitForLog("Nicks #test:")
        #expect(names.contains("bob") && names.contains("carol") && names.contains("wcbot"), "NAMES lists everyone: \(names)")

        // WeeChat → IRC and text clients.
        try weechat.say("hi from weechat")
        try bob.waitFor("wcbot's message") { $0.command == "PRIVMSG" && $0.params == ["#test", "hi from weechat"] }
        try carol.waitForLine("wcbot's message") { $0.hasSuffix("wcbot: hi from weechat") }
        try weechat.say("/me dances")
        try bob.waitFor("wcbot's action") { $0.command == "PRIVMSG" && $0.params.last == "\u{1}ACTION dances\u{1}" }
        try carol.waitForLine("wcbot's action") { $0.hasSuffix("* wcbot dances") }

        // IRC and text clients → WeeChat.
        try bob.send("PRIVMSG #test :hello weechat from bob")
        try weechat.waitForLog("\tbob\thello weechat from bob")
        try bob.send("PRIVMSG #test :\u{1}ACTION juggles\u{1}")
        try weechat.waitForLog("\t *\tbob juggles")
        try carol.send("hello weechat from carol")
        try weechat.waitForLog("carol\thello weechat from carol")
        try carol.send("/me sings")
        try weechat.waitForLog("\t *\tcarol sings")

        // Joins, leaves and nickname changes.
        let dave = try LineClient.irc("dave", port: server.port, run: run)
        try weechat.waitForLog("-->\tdave (dave@127.0.0.1) has joined #test")
        try dave.send("PART #test :back later")
        try weechat.waitForLog("<--\tdave (dave@127.0.0.1) has left #test (back later)")
        try bob.send("NICK robert")
        try weechat.waitForLog("bob is now known as robert")
        try carol.send("/quit bye all")
        try carol.waitUntilClosed()
        try weechat.waitForLog("<--\tcarol (carol@127.0.0.1) has quit (bye all)")

        // A clean quit: the others see the reason, WeeChat exits.
        try weechat.command("*/quit see you")
        let quit = try bob.waitFor("wcbot's QUIT") { $0.command == "QUIT" && $0.sourceNick == "wcbot" }
        #expect(quit.params == ["Quit: see you"])
        try weechat.waitForExit()
        #expect(weechat.process.exitStatus == 0)
    }

    @Test(.enabled(if: Peers.runnable(.weechat, .tmux), "needs weechat-headless and tmux (apt-get install weechat-headless tmux)"))
    func letschatClientAndWeechatTalkInTheRoom() throws {
        let run = try TestRun("weechat-letschat")
        defer { run.stop() }
        let server = try Servers.letschat(run: run)
        let weechat = try WeechatClient.start(run: run, port: server.port, nick: "wcbot")
        try weechat.waitForLog("-->\twcbot")
        let letschat = try LetschatTUI.start(run: run, port: server.port, nick: "lcuser")

        // The client registers, lists both members and shows the history at its times (TZ=UTC).
        try weechat.waitForLog("-->\tlcuser (lcuser@127.0.0.1) has joined #test")
        try letschat.waitForUser("wcbot")
        try letschat.waitForUser("lcuser")
        try letschat.waitForScreen(showing: "03:04 <alice> hello from history")
        try letschat.waitForScreen(showing: "03:05 * alice waves from history")

        try letschat.type("hello weechat")
        try weechat.waitForLog("\tlcuser\thello weechat")
        try letschat.type("/me waves")
        try weechat.waitForLog("\t *\tlcuser waves")
        try weechat.say("hi letschat")
        try letschat.waitForScreen(showing: "<wcbot> hi letschat")
        try weechat.say("/me nods")
        try letschat.waitForScreen(showing: "* wcbot nods")
        try weechat.command("irc.server.t */nick wcbot2")
        try letschat.waitForScreen(showing: "wcbot is now known as wcbot2")
        try letschat.waitForUser("wcbot2")

        try letschat.type("/quit off now")
        try weechat.waitForLog("<--\tlcuser (lcuser@127.0.0.1) has quit (Quit: off now)")
        try letschat.waitForExit()
    }

    @Test(.enabled(if: Peers.runnable(.weechat, .inspircd, .tmux),
                   "needs weechat-headless, inspircd and tmux (apt-get install weechat-headless inspircd tmux)"))
    func letschatAndWeechatSeeEachOtherTypeOnInspircd() throws {
        let run = try TestRun("weechat-typing-inspircd")
        defer { run.stop() }
        // InspIRCd relays TAGMSG and client tags (m_ircv3_ctctags): an independent server in the middle.
        try letschatAndWeechatSeeEachOtherType(run: run, port: try Servers.inspircd(run: run, pingSeconds: 120))
    }

    @Test(.enabled(if: Peers.runnable(.weechat, .tmux), "needs weechat-headless and tmux (apt-get install weechat-headless tmux)"))
    func letschatAndWeechatSeeEachOtherTypeOnOurServer() throws {
        let run = try TestRun("weechat-typing-letschat")
        defer { run.stop() }
        try letschatAndWeechatSeeEachOtherType(run: run, port: try Servers.letschat(run: run).port)
    }

    private func letschatAndWeechatSeeEachOtherType(run: TestRun, port: UInt16) throws {
        let weechat = try WeechatClient.start(run: run, port: port, nick: "wcbot", typing: true)
        try weechat.watchTyping()
        try weechat.waitForLog("-->\twcbot")
        let letschat = try LetschatTUI.start(run: run, port: port, nick: "lcuser")
        try weechat.waitForLog("-->\tlcuser")
        try letschat.waitForUser("wcbot")

        // Our client typing: WeeChat's irc plugin hands the typing plugin our `active`, then our `done`.
        try letschat.typeWithoutSending("hello weechat")
        try weechat.waitForLog(";typing;lcuser", buffer: "core.weechat")
        try letschat.press("C-u")
        try weechat.waitForLog(";off;lcuser", buffer: "core.weechat")

        // WeeChat typing (at least four characters, which its typing plugin notices on its 1 s timer).
        try weechat.command("irc.t.#test */input insert hello letschat")
        try letschat.waitForScreen(showing: "wcbot is typing…")
        try weechat.command("irc.t.#test */input delete_line")
        try letschat.waitForScreen(notShowing: "wcbot is typing…")
    }
}
