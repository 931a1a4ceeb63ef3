import Foundation
import LetsChatCore
import LetsChatServer
import Testing

/// The real `letschat` client (in tmux) on ngIRCd 26: 9-character nicknames, a PING before
/// registration completes, quoted QUIT reasons.
@Suite struct NgircdInteropTests {
    @Test(.enabled(if: Peers.runnable(.ngircd, .tmux), "needs ngircd and tmux (apt-get install ngircd tmux)"))
    func letschatRegistersJoinsAndTalksOnNgircd() throws {
        let run = try TestRun("ngircd")
        defer { run.stop() }
        let port = try Servers.ngircd(run: run)
        let peer = try LineClient.irc("peer", port: port, run: run)
        // Registration needs the answer to ngIRCd's PING; then the MOTD, the channel and its members.
        let letschat = try LetschatTUI.joinAndTalk(run: run, port: port, peer: peer, motd: "ngIRCd interop MOTD line")
        // No TLS on this port and no pin: the client fell back to plain text, and says so.
        try letschat.waitForScreen(showing: "│ plain │ connected")

        // Errors are shown in words.
        try letschat.type("/msg nobody hi")
        try letschat.waitForScreen(showing: "nobody No such nick or channel name")
        try letschat.type("/nick muchtoolongnick")
        try letschat.waitForScreen(showing: "Nickname too long, max. 9 characters")

        // The others see it arrive and leave.
        try peer.send("NICK peer2")
        try letschat.waitForScreen(showing: "peer is now known as peer2")
        try letschat.waitForUser("peer2")
        // A refused /nick after registration changes nothing.
        try letschat.type("/nick peer2")
        try letschat.waitForScreen(showing: "peer2: Nickname already in use")
        try letschat.type("still lcuser")
        try peer.waitFor("a message from lcuser") { $0.command == "PRIVMSG" && $0.params.last == "still lcuser" && $0.sourceNick == "lcuser" }
        try letschat.type("/quit done here")
        let quit = try peer.waitFor("lcuser's QUIT") { $0.command == "QUIT" && $0.sourceNick == "lcuser" }
        #expect(quit.params.last?.contains("done here") == true, "QUIT reason: \(quit.params)")
        try letschat.waitForExit()
    }

    @Test(.enabled(if: Peers.runnable(.ngircd, .tmux), "needs ngircd and tmux (apt-get install ngircd tmux)"))
    func letschatFitsTakenAndLongNicknamesIntoNgircdsNineCharacters() throws {
        let run = try TestRun("ngircd-nick")
        defer { run.stop() }
        let port = try Servers.ngircd(run: run)
        let peer = try LineClient.irc("ninechars", port: port, run: run)
        try peer.send("JOIN #test")
        try peer.waitFor("the peer's JOIN") { $0.command == "JOIN" }

        // "ninechars" is taken; "ninechars_" is too long for ngIRCd, so the client shortens the name.
        // Plain text straight away: this test is about nicknames, not the TLS fallback's wait.
        let taken = try LetschatTUI.start(run: run, port: port, nick: "ninechars", options: ["--no-tls"])
        try peer.waitFor("the JOIN of ninechar_") { $0.command == "JOIN" && $0.sourceNick == "ninechar_" }
        try taken.waitForScreen(showing: "ninechars: Nickname already in use")
        try taken.waitForScreen(showing: "ninechars_: Nickname too long, max. 9 characters")

        // A nickname longer than 9 is cut to fit.
        let long = try LetschatTUI.start(run: run, port: port, nick: "averylongnickname", options: ["--no-tls"])
        try peer.waitFor("the JOIN of averylong") { $0.command == "JOIN" && $0.sourceNick == "averylong" }
        try long.waitForUser("averylong")
    }

    @Test(.enabled(if: Peers.runnable(.ngircd, .tmux), "needs ngircd and tmux (apt-get install ngircd tmux)"))
    func letschatJoinsNgircdOverTLSWithAGivenFingerprintAndTalks() throws {
        let run = try TestRun("ngircd-tls")
        defer { run.stop() }
        let certificate = try Servers.certificate(run: run)
        let tlsPort = try TestRun.freePort()
        let port = try Servers.ngircd(run: run, tls: (tlsPort, certificate))
        // The peer is on the plain port; our client on the TLS one, told the fingerprint (colon form, lower case).
        let peer = try LineClient.irc("peer", port: port, run: run)
        let letschat = try LetschatTUI.joinAndTalk(run: run, port: tlsPort, peer: peer, motd: "ngIRCd interop MOTD line",
                                                   options: ["--fingerprint", certificate.fingerprintWithColons.lowercased()])
        try letschat.waitForScreen(showing: "🔒 TLS │ connected")
        try letschat.type("/quit over TLS")
        let quit = try peer.waitFor("lcuser's QUIT") { $0.command == "QUIT" && $0.sourceNick == "lcuser" }
        #expect(quit.params.last?.contains("over TLS") == true, "QUIT reason: \(quit.params)")
        try letschat.waitForExit()
    }
}
