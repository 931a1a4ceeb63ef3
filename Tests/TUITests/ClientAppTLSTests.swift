import Foundation
import LetsChatServer
import Testing
import TestSupport
@testable import TUI

/// End-to-end trust on first use: the real `letschat` in tmux against in-process servers with TLS,
/// restarted on the same port with another certificate, or without TLS, as a test needs.
@Suite(.serialized) struct ClientAppTLSTests {
    private static let tmuxReason: Comment =
        "tmux is not installed: install it to run the end-to-end tests (with CI=true they fail instead)"

    /// The status bar's row, wherever the layout puts it.
    private func statusBar(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).last { $0.hasPrefix(" [") }.map(String.init) ?? ""
    }

    private func pin(_ certificate: ServerCertificate, port: UInt16, in scene: ClientScene) throws {
        let file = KnownHostsFile(path: scene.knownHostsPath)
        try file.add(try #require(Fingerprint(certificate.fingerprint)), host: "127.0.0.1", port: port)
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func firstContactAsksEnterTrustsAndPinsAndTheChatIsEncrypted() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let certificate = try scene.certificate("first")
        let front = try scene.startServer(tls: certificate)
        try scene.startClient("alice", port: front.port, nick: "alice")
        let prompt = try scene.tmux.waitFor("alice", toShow: "is not known yet")
        #expect(prompt.contains("127.0.0.1:\(front.port)"))
        #expect(prompt.contains(certificate.fingerprint), "the fingerprint is not shown:\n\(prompt)")
        #expect(!FileManager.default.fileExists(atPath: scene.knownHostsPath), "pinned before the user said so")

        // A person takes a while to compare; the server must still take the client for an IRC client.
        usleep(1_200_000)
        try scene.tmux.press("alice", "Enter")
        try scene.tmux.waitFor("alice", "the encrypted chat") { statusBar($0).contains("🔒 TLS │ connected") }
        let pins = try String(contentsOfFile: scene.knownHostsPath, encoding: .utf8)
        #expect(pins == "127.0.0.1:\(front.port) \(certificate.fingerprint)\n")

        // bob was told the fingerprint: no question, and the pin is kept for him too.
        try scene.startClient("bob", port: front.port, nick: "bob", options: "--fingerprint \(certificate.fingerprintWithColons)")
        try scene.tmux.waitFor("bob", "bob's encrypted chat") { statusBar($0).contains("🔒 TLS │ connected") }
        try scene.tmux.waitFor("alice", toShow: "│bob")
        try scene.tmux.send("alice", "over TLS now")
        try scene.tmux.waitFor("bob", toShow: "<alice> over TLS now")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func escAtTheQuestionLeavesWithStatus1AndPinsNothing() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let front = try scene.startServer(tls: try scene.certificate("first"))
        try scene.startClient("alice", port: front.port, nick: "alice")
        try scene.tmux.waitFor("alice", toShow: "is not known yet")
        try scene.tmux.press("alice", "Escape")
        let screen = try scene.tmux.waitFor("alice", toShow: "EXITED")
        #expect(screen.contains("EXITED 1, terminal modes restored"), "\(screen)")
        #expect(screen.contains("was not trusted"))
        #expect(!FileManager.default.fileExists(atPath: scene.knownHostsPath))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aChangedCertificateIsRefusedWithAWarningAndTheOldOneIsAcceptedAgain() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let old = try scene.certificate("old")
        let new = try scene.certificate("new")
        let first = try scene.startServer(tls: old)
        let port = first.port
        try pin(old, port: port, in: scene)
        try scene.startClient("alice", port: port, nick: "alice")
        try scene.tmux.waitFor("alice", "the encrypted chat") { statusBar($0).contains("🔒 TLS │ connected") }
        try scene.tmux.send("alice", "/quit")
        try scene.tmux.waitFor("alice", toShow: "EXITED 0")
        try scene.tmux.run(["kill-session", "-t", "alice"])

        // "Restarted" with another certificate.
        first.stop(grace: 0.2)
        let second = try scene.startServer(port: port, tls: new)
        try scene.startClient("alice2", port: port, nick: "alice")
        let warning = try scene.tmux.waitFor("alice2", toShow: "HAS CHANGED")
        #expect(warning.contains("Pinned fingerprint:  \(old.fingerprint)"), "\(warning)")
        #expect(warning.contains("Offered fingerprint: \(new.fingerprint)"), "\(warning)")
        #expect(warning.contains(scene.knownHostsPath))
        #expect(warning.contains("line 1: 127.0.0.1:\(port) \(old.fingerprint)"))
        // No key gets past it: Enter leaves, with status 1, and the room never saw alice.
        try scene.tmux.press("alice2", "Enter")
        let after = try scene.tmux.waitFor("alice2", toShow: "EXITED")
        #expect(after.contains("EXITED 1, terminal modes restored"), "\(after)")
        #expect(after.contains("changed"))

        // The old certificate is back: no question, no warning.
        second.stop(grace: 0.2)
        _ = try scene.startServer(port: port, tls: old)
        try scene.startClient("alice3", port: port, nick: "alice")
        try scene.tmux.waitFor("alice3", "the encrypted chat again") { statusBar($0).contains("🔒 TLS │ connected") }
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aPlainServerWithoutAPinIsJoinedInPlainText() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        try scene.startClient("alice", port: server.port, nick: "alice")
        try scene.tmux.waitFor("alice", "the plain chat") { statusBar($0).contains("│ plain │ connected") }
        #expect(!FileManager.default.fileExists(atPath: scene.knownHostsPath))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aPinnedServerThatNowAnswersInPlainTextIsRefused() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        let certificate = try scene.certificate("gone")
        try pin(certificate, port: server.port, in: scene)
        try scene.startClient("alice", port: server.port, nick: "alice")
        let warning = try scene.tmux.waitFor("alice", toShow: "NO LONGER SPEAKS TLS")
        #expect(warning.contains(certificate.fingerprint))
        try scene.tmux.press("alice", "q")
        let after = try scene.tmux.waitFor("alice", toShow: "EXITED")
        #expect(after.contains("EXITED 1"), "\(after)")
        #expect(after.contains("answered without TLS"))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aReconnectionHeldToThePinIsRefusedWhenTheCertificateChanged() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let old = try scene.certificate("old")
        let first = try scene.startServer(tls: old)
        try scene.startClient("alice", port: first.port, nick: "alice", options: "--fingerprint \(old.fingerprint)")
        try scene.tmux.waitFor("alice", "the encrypted chat") { statusBar($0).contains("🔒 TLS │ connected") }
        first.stop(grace: 0.2)
        try scene.tmux.waitFor("alice", "the reconnect countdown") { statusBar($0).contains("reconnecting in") }
        let new = try scene.certificate("new")
        _ = try scene.startServer(port: first.port, tls: new)
        let warning = try scene.tmux.waitFor("alice", toShow: "HAS CHANGED", seconds: 15)
        #expect(warning.contains(old.fingerprint) && warning.contains(new.fingerprint), "\(warning)")
        try scene.tmux.press("alice", "Space")
        #expect(try scene.tmux.waitFor("alice", toShow: "EXITED").contains("EXITED 1"))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aReconnectionNeverFallsBackToPlainTextForAPinnedServer() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let certificate = try scene.certificate("only")
        let front = try scene.startServer(tls: certificate)
        try pin(certificate, port: front.port, in: scene)
        try scene.startClient("alice", port: front.port, nick: "alice")
        try scene.tmux.waitFor("alice", "the encrypted chat") { statusBar($0).contains("🔒 TLS │ connected") }
        front.stop(grace: 0.2)
        try scene.tmux.waitFor("alice", "the reconnect countdown") { statusBar($0).contains("reconnecting in") }
        // A plain server now answers on the same port.
        _ = try scene.startServer(port: front.port)
        let warning = try scene.tmux.waitFor("alice", toShow: "NO LONGER SPEAKS TLS", seconds: 15)
        #expect(warning.contains(certificate.fingerprint))
        try scene.tmux.press("alice", "Enter")
        #expect(try scene.tmux.waitFor("alice", toShow: "EXITED").contains("EXITED 1"))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aCertificateThatACAVouchesForIsTrustedWithoutAQuestionOrAPin() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let authority = try CertificateAuthority(folder: scene.folder.path)
        let front = try scene.startServer(tls: try authority.issue(hostName: "localhost", name: "signed"))
        // OpenSSL reads SSL_CERT_FILE in place of /etc/ssl/certs: the test's CA is the only one trusted.
        let program = "env TERM=tmux-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no HOME='\(scene.folder.path)' "
            + "XDG_DATA_HOME='\(scene.folder.path)/data' SSL_CERT_FILE='\(authority.certificatePath)' "
            + "SSL_CERT_DIR=/nonexistent '\(scene.binary)' --port \(front.port) --no-log"
        try scene.tmux.start("alice", columns: 100, rows: 30, command: program + " --nick alice localhost; sleep 5")
        try scene.tmux.waitFor("alice", "the encrypted chat") { statusBar($0).contains("🔒 TLS │ connected") }
        #expect(!FileManager.default.fileExists(atPath: scene.knownHostsPath), "a CA-vouched certificate was pinned")
        // The same certificate does not name 127.0.0.1: that is a server to ask about.
        try scene.tmux.start("bob", columns: 100, rows: 30, command: program + " --nick bob 127.0.0.1; sleep 5")
        try scene.tmux.waitFor("bob", toShow: "is not known yet")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aServerThatGainedTLSWhileAwayIsAskedAboutOnReconnectingAndEnterGoesOn() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let plain = try scene.startServer()
        let port = plain.port
        try scene.startClient("alice", port: port, nick: "alice")
        try scene.tmux.waitFor("alice", "the plain chat") { statusBar($0).contains("│ plain │ connected") }
        plain.stop(grace: 0.2)
        try scene.tmux.waitFor("alice", "the reconnect countdown") { statusBar($0).contains("reconnecting in") }
        let certificate = try scene.certificate("new")
        _ = try scene.startServer(port: port, tls: certificate)
        let prompt = try scene.tmux.waitFor("alice", toShow: "is not known yet", seconds: 15)
        #expect(prompt.contains(certificate.fingerprint))
        try scene.tmux.press("alice", "Enter")
        try scene.tmux.waitFor("alice", "the encrypted chat") { statusBar($0).contains("🔒 TLS │ connected") }
        #expect(try String(contentsOfFile: scene.knownHostsPath, encoding: .utf8).contains(certificate.fingerprint))
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func aRoomPasswordIsNotSentToAServerWithoutTLSUnlessNoTLSIsGiven() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let server = try scene.startServer()
        let program = "env TERM=tmux-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no HOME='\(scene.folder.path)' "
            + "XDG_DATA_HOME='\(scene.folder.path)/data' LETSCHAT_PASSWORD=secret '\(scene.binary)' 127.0.0.1 "
            + "--port \(server.port) --no-log"
        try scene.tmux.start("alice", columns: 100, rows: 30, command: program + " --nick alice; echo EXITED $?; sleep 5")
        let refused = try scene.tmux.waitFor("alice", toShow: "EXITED", seconds: 15)
        #expect(refused.contains("does not send the room password"), "\(refused)")
        #expect(refused.contains("EXITED 1"))
        // Asked for in so many words, it goes (the room has no password, so it is simply accepted).
        try scene.tmux.start("bob", columns: 100, rows: 30, command: program + " --nick bob --no-tls; sleep 5")
        try scene.tmux.waitFor("bob", "the plain chat") { statusBar($0).contains("│ plain │ connected") }
    }

    @Test(arguments: [
        (["--tls", "--no-tls"], "--tls and --no-tls cannot be used together"),
        (["--fingerprint", "ABCD"], "is not a SHA-256 fingerprint"),
        (["--fingerprint", String(repeating: "ab", count: 32), "--no-tls"], "--fingerprint needs TLS"),
        (["--fingerprint", String(repeating: "ab", count: 32), "--serve"], "--serve trusts its own certificate"),
    ])
    func contradictoryOrMalformedTLSOptionsAreRefusedBeforeAnythingStarts(arguments: [String], complaint: String) throws {
        let run = try ChildProcess.run(try BuiltProduct.path("letschat"), arguments + ["--no-log"],
                                       environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"])
        #expect(run.status == 64)
        #expect(run.errors.contains(complaint), "\(run.errors)")
    }

    @Test(.enabled(if: Tmux.testsRun, tmuxReason))
    func serveTrustsItsOwnCertificateAndShowsItsFingerprintForOthers() throws {
        let scene = try ClientScene()
        defer { scene.close() }
        let probe = try Socket.listen(host: "127.0.0.1", port: 0)
        let port = probe.localPort
        probe.close()
        // --serve keeps its history, and so its certificate, in the working directory.
        let program = "cd '\(scene.folder.path)' && env TERM=tmux-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no "
            + "HOME='\(scene.folder.path)' XDG_DATA_HOME='\(scene.folder.path)/data' '\(scene.binary)' --serve "
            + "--port \(port) --nick alice --no-log; sleep 5"
        try scene.tmux.start("alice", columns: 100, rows: 30, command: program)
        let screen = try scene.tmux.waitFor("alice", "the hosted room, encrypted", joined: true) { screen in
            statusBar(screen).contains("🔒 TLS │ connected")
        }
        let certificate = try ServerCertificate.load(certificatePath: scene.folder.appendingPathComponent("letschat-cert.pem").path,
                                                     keyPath: scene.folder.appendingPathComponent("letschat-key.pem").path)
        #expect(screen.contains("fingerprint") && screen.contains(certificate.fingerprint), "\(screen)")
        #expect(!FileManager.default.fileExists(atPath: scene.knownHostsPath), "its own certificate was pinned")
        // Someone told the fingerprint joins without a question.
        try scene.startClient("bob", port: port, nick: "bob", options: "--fingerprint \(certificate.fingerprint)")
        try scene.tmux.waitFor("bob", "bob's encrypted chat") { statusBar($0).contains("🔒 TLS │ connected") }
        try scene.tmux.send("bob", "hello host")
        try scene.tmux.waitFor("alice", toShow: "<bob> hello host")
    }
}
