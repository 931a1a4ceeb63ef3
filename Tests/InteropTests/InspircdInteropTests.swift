import Foundation
import LetsChatCore
import LetsChatServer
import Testing
import TestSupport

/// The real `letschat` client (in tmux) on InspIRCd 3 with CAP and `server-time`, pinged every second.
@Suite struct InspircdInteropTests {
    @Test(.enabled(if: Peers.runnable(.inspircd, .tmux), "needs inspircd and tmux (apt-get install inspircd tmux)"))
    func letschatNegotiatesJoinsTalksAndAnswersPingsOnInspircd() throws {
        let run = try TestRun("inspircd")
        defer { run.stop() }
        let port = try Servers.inspircd(run: run, pingSeconds: 1)
        let peer = try LineClient.irc("peer", port: port, run: run)
        // CAP LS/REQ/END, then the MOTD, the channel given by --channel and its members.
        let letschat = try LetschatTUI.joinAndTalk(run: run, port: port, peer: peer, motd: "InspIRCd interop MOTD line")

        // Errors are shown in words.
        try letschat.type("/msg nobody hi")
        try letschat.waitForScreen(showing: "nobody No such nick")

        // InspIRCd pings every second and drops a client that misses two: after three more pings to
        // the peer, the client must still be here.
        let mark = peer.count
        try Wait.until("three more PINGs to the peer", seen: { peer.transcript }) {
            peer.messages(after: mark).filter { $0.command == "PING" }.count >= 3
        }
        let pings = peer.count
        try peer.send("NAMES #test")
        try peer.waitFor("NAMES with lcuser still there", after: pings) { $0.command == "353" && $0.params.last?.contains("lcuser") == true }

        try letschat.type("/quit done here")
        let quit = try peer.waitFor("lcuser's QUIT") { $0.command == "QUIT" && $0.sourceNick == "lcuser" }
        #expect(quit.params == ["Quit: done here"])
        try letschat.waitForExit()
    }

    @Test(.enabled(if: Peers.runnable(.inspircd, .tmux), "needs inspircd and tmux (apt-get install inspircd tmux)"))
    func letschatRetriesATakenNicknameOnInspircd() throws {
        let run = try TestRun("inspircd-nick")
        defer { run.stop() }
        let port = try Servers.inspircd(run: run, pingSeconds: 120)
        let peer = try LineClient.irc("lctaken", port: port, run: run)
        try peer.send("JOIN #test")
        try peer.waitFor("the peer's JOIN") { $0.command == "JOIN" }
        let letschat = try LetschatTUI.start(run: run, port: port, nick: "lctaken")
        try peer.waitFor("the JOIN of lctaken_") { $0.command == "JOIN" && $0.sourceNick == "lctaken_" }
        try letschat.waitForScreen(showing: "Nickname is already in use")
        try letschat.waitForUser("lctaken_")
    }

    @Test(.enabled(if: Peers.runnable(.inspircd, .tmux), "needs inspircd and tmux (apt-get install inspircd tmux)"))
    func letschatJoinsInspircdOverTLSWithAGivenFingerprintAndTalks() throws {
        let run = try TestRun("inspircd-tls")
        defer { run.stop() }
        let certificate = try Servers.certificate(run: run)
        let tlsPort = try TestRun.freePort()
        let port = try Servers.inspircd(run: run, pingSeconds: 120, tls: (tlsPort, certificate))
        let peer = try LineClient.irc("peer", port: port, run: run)
        let letschat = try LetschatTUI.joinAndTalk(run: run, port: tlsPort, peer: peer, motd: "InspIRCd interop MOTD line",
                                                   options: ["--fingerprint", certificate.fingerprint])
        try letschat.waitForScreen(showing: "🔒 TLS │ connected")
        try letschat.type("/quit over TLS")
        let quit = try peer.waitFor("lcuser's QUIT") { $0.command == "QUIT" && $0.sourceNick == "lcuser" }
        #expect(quit.params == ["Quit: over TLS"])
        try letschat.waitForExit()
    }
}
