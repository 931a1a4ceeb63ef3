import Foundation
import LetsChatCore
import TestSupport
import Testing

/// irssi 1.4 (in tmux) joins letschat-server and talks with a text client and an IRC client.
@Suite struct IrssiInteropTests {
    @Test(.enabled(if: Peers.runnable(.irssi, .tmux), "needs irssi and tmux (apt-get install irssi tmux)"))
    func irssiJoinsSeesHistoryAndTalksWithTextAndIRCClients() throws {
        let run = try TestRun("irssi")
        defer { run.stop() }
        let server = try Servers.letschat(run: run)
        let carol = try LineClient.text("carol", port: server.port, run: run)
        let bob = try LineClient.irc("bob", port: server.port, run: run)
        let irssi = try IrssiClient.start(run: run, port: server.port, nick: "irbot")

        // Registered, in the room, with the member list and the history at its original times.
        try bob.waitFor("irbot's JOIN") { $0.command == "JOIN" && $0.sourceNick == "irbot" }
        try carol.waitForLine("irbot joining") { $0.hasSuffix("-- irbot joined the chat") }
        let message = try irssi.waitForLog("< alice> hello from history")
        #expect(message.hasPrefix("2026-01-02T03:04:05 "), "replayed message at its server time: \(message)")
        let action = try irssi.waitForLog("* alice waves from history")
        #expect(action.hasPrefix("2026-01-02T03:05:06 "), "replayed action at its server time: \(action)")
        try irssi.waitForLog("Total of 3 nicks")
        let names = try irssi.waitForLog("[@carol")
        #expect(names.contains(" bob") && names.contains(" irbot"), "NAMES lists everyone, the first to come as op: \(names)")

        // irssi → IRC and text clients.
        try irssi.type("/msg #test hi from irssi")
        try bob.waitFor("irbot's message") { $0.command == "PRIVMSG" && $0.params == ["#test", "hi from irssi"] }
        try carol.waitForLine("irbot's message") { $0.hasSuffix("irbot: hi from irssi") }
        try irssi.type("/action #test dances")
        try bob.waitFor("irbot's action") { $0.command == "PRIVMSG" && $0.params.last == "\u{1}ACTION dances\u{1}" }
        try carol.waitForLine("irbot's action") { $0.hasSuffix("* irbot dances") }

        // IRC and text clients → irssi.
        try bob.send("PRIVMSG #test :hello irssi from bob")
        try irssi.waitForLog("< bob> hello irssi from bob")
        try bob.send("PRIVMSG #test :\u{1}ACTION juggles\u{1}")
        try irssi.waitForLog("* bob juggles")
        try carol.send("hello irssi from carol")
        try irssi.waitForLog("carol> hello irssi from carol")
        try carol.send("/me sings")
        try irssi.waitForLog("* carol sings")

        // Joins, leaves and nickname changes.
        let dave = try LineClient.irc("dave", port: server.port, run: run)
        try irssi.waitForLog("dave [dave@127.0.0.1] has joined #test")
        try dave.send("PART #test :back later")
        try irssi.waitForLog("dave [dave@127.0.0.1] has left #test [back later]")
        try bob.send("NICK robert")
        try irssi.waitForLog("bob is now known as robert")
        try carol.send("/quit bye all")
        try carol.waitUntilClosed()
        try irssi.waitForLog("carol [carol@127.0.0.1] has quit [bye all]")

        // A clean quit: the others see the reason, irssi exits.
        try irssi.type("/quit see you")
        let quit = try bob.waitFor("irbot's QUIT") { $0.command == "QUIT" && $0.sourceNick == "irbot" }
        #expect(quit.params == ["Quit: see you"])
        try irssi.waitForExit()
    }

    @Test(.enabled(if: Peers.runnable(.irssi, .tmux), "needs irssi and tmux (apt-get install irssi tmux)"))
    func irssiJoinsOverTLSWithThePinnedFingerprintAndTalksWithPlainClients() throws {
        let run = try TestRun("irssi-tls")
        defer { run.stop() }
        let server = try Servers.letschat(run: run, tls: true)
        let certificate = try #require(server.certificate)
        let carol = try LineClient.text("carol", port: server.port, run: run)
        let bob = try LineClient.irc("bob", port: server.port, run: run)
        let irssi = try IrssiClient.start(run: run, port: server.port, nick: "irbot",
                                          pinnedCertificate: certificate.fingerprintWithColons)

        try bob.waitFor("irbot's JOIN") { $0.command == "JOIN" && $0.sourceNick == "irbot" }
        try carol.waitForLine("irbot joining") { $0.hasSuffix("-- irbot joined the chat") }
        try irssi.type("/msg #test hi over TLS")
        try bob.waitFor("irbot's message") { $0.command == "PRIVMSG" && $0.params == ["#test", "hi over TLS"] }
        try carol.waitForLine("irbot's message") { $0.hasSuffix("irbot: hi over TLS") }
        try bob.send("PRIVMSG #test :hello irssi from bob")
        try irssi.waitForLog("< bob> hello irssi from bob")
        try carol.send("hello irssi from carol")
        try irssi.waitForLog("carol> hello irssi from carol")

        // Another certificate's fingerprint: irssi refuses the server, so the pin is what it checked.
        let wrong = String(certificate.fingerprintWithColons.reversed())
        let doubter = try IrssiClient.start(run: run, port: server.port, nick: "doubter", pinnedCertificate: wrong)
        try Wait.until("irssi to refuse a certificate it did not pin",
                       seen: { try doubter.tmux.capture("main", joined: true) }) {
            (try? doubter.tmux.capture("main", joined: true))?.contains("Pinned certificate mismatch") == true
        }
        #expect(!bob.transcript.contains("doubter"))
    }
}
