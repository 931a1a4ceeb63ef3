import Foundation
import LetsChatServer
import Testing
import TestSupport
@testable import TUI

/// `ServerConnector` against real handshakes on loopback: a TLS peer with a self-signed certificate,
/// and plain-text peers that stay silent or answer at once.
@Suite(.serialized) struct ServerConnectorTests {
    private let folder: String
    private let other = Fingerprint(String(repeating: "EE", count: 32))!

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("connector-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    private func connector(_ peer: HandshakePeer) -> ServerConnector {
        var connector = ServerConnector(host: "127.0.0.1", port: peer.port)
        connector.handshakeMilliseconds = 300
        return connector
    }

    private func tlsPeer() throws -> (HandshakePeer, Fingerprint) {
        let certificate = try HandshakePeer.certificate(in: folder, name: "server")
        return (try HandshakePeer(certificate: certificate), try #require(Fingerprint(certificate.fingerprint)))
    }

    @Test func aSelfSignedServerWithoutAPinIsAskedAboutWithItsFingerprint() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (peer, fingerprint) = try tlsPeer()
        defer { peer.stop() }
        guard case .ask(let offered) = try connector(peer).connect(policy: TLSPolicy()) else {
            Issue.record("no question")
            return
        }
        #expect(offered == fingerprint)
        // The CA check failed first; the fingerprint came from a second connection. Both began with a ClientHello.
        #expect(peer.connections.map(\.first) == [0x16, 0x16])
    }

    @Test func aPinnedServerShowingItsCertificateConnectsEncryptedAtOnce() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (peer, fingerprint) = try tlsPeer()
        defer { peer.stop() }
        let outcome = try connector(peer).connect(policy: TLSPolicy(recorded: fingerprint))
        guard case .ready(let transport, encrypted: true, recording: nil) = outcome else {
            Issue.record("not encrypted: \(outcome)")
            return
        }
        try transport.sendAll("CAP LS 302\r\n")
        transport.close()
        #expect(peer.connections.count == 1)
    }

    @Test func aGivenFingerprintThatMatchesIsToBeRecorded() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (peer, fingerprint) = try tlsPeer()
        defer { peer.stop() }
        let outcome = try connector(peer).connect(policy: TLSPolicy(given: fingerprint))
        guard case .ready(let transport, encrypted: true, recording: fingerprint?) = outcome else {
            Issue.record("not recorded: \(outcome)")
            return
        }
        transport.close()
    }

    @Test func aPinnedServerShowingAnotherCertificateIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (peer, fingerprint) = try tlsPeer()
        defer { peer.stop() }
        let outcome = try connector(peer).connect(policy: TLSPolicy(recorded: other))
        #expect(outcome.refusal == .refuseChanged(pinned: other, offered: fingerprint))
    }

    @Test func aSilentPlainServerWithoutAPinGetsPlainTextOnAFreshConnection() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let peer = try HandshakePeer(certificate: nil)
        defer { peer.stop() }
        let outcome = try connector(peer).connect(policy: TLSPolicy())
        guard case .ready(let transport, encrypted: false, recording: nil) = outcome else {
            Issue.record("no plain fallback: \(outcome)")
            return
        }
        transport.close()
        try Wait.until("the plain connection to arrive", seen: { "\(peer.connections)" }) { peer.connections.count == 2 }
        #expect(peer.connections.first?.first == 0x16)
    }

    @Test(arguments: [nil, "ERROR :Closing link (not IRC)\r\n"])
    func aPinnedServerWithoutTLSIsRefused(greeting: String?) throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let peer = try HandshakePeer(certificate: nil, greeting: greeting)
        defer { peer.stop() }
        let outcome = try connector(peer).connect(policy: TLSPolicy(recorded: other))
        #expect(outcome.refusal == .refusePlain(pinned: other))
        #expect(peer.connections.count == 1, "a second, plain connection was made")
    }

    @Test func withTLSRequiredAPlainServerIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let peer = try HandshakePeer(certificate: nil, greeting: ":srv NOTICE * :hello\r\n")
        defer { peer.stop() }
        #expect(try connector(peer).connect(policy: TLSPolicy(mode: .required)).refusal == .refuseWithoutTLS)
    }

    @Test func noTLSConnectsInPlainTextWithoutAHandshake() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (peer, _) = try tlsPeer()
        defer { peer.stop() }
        let outcome = try connector(peer).connect(policy: TLSPolicy(mode: .off))
        guard case .ready(let transport, encrypted: false, recording: nil) = outcome else {
            Issue.record("not plain: \(outcome)")
            return
        }
        transport.close()
        try Wait.until("the connection to arrive") { peer.connections.count == 1 }
        #expect(peer.connections == [[]])
    }

    @Test func anUnreachableServerIsAnError() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let probe = try Socket.listen(host: "127.0.0.1", port: 0)
        let port = probe.localPort
        probe.close()
        #expect(throws: SocketError.self) { try ServerConnector(host: "127.0.0.1", port: port).connect(policy: TLSPolicy()) }
    }
}

extension ServerConnector.Outcome {
    /// The policy's refusal, or nil for a connection (which a test then leaves open).
    var refusal: TLSPolicy.Decision? {
        if case .refused(let decision) = self { return decision }
        return nil
    }
}
