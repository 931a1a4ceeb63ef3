import Foundation
@testable import LetsChatServer
import Testing

/// What both sides' TLS settings allow, seen from `openssl s_client`, the client every user has.
struct TLSContextTests {
    /// Accepts one connection on a TLS server transport and returns the handshake's outcome while
    /// `openssl s_client` with `options` connects; also returns what s_client printed.
    private func handshake(with options: [String]) throws -> (result: Result<Bool, SocketError>, output: String) {
        try withTemporaryDirectory { directory in
            let certificate = try ServerCertificate.loadOrCreate(certificatePath: directory.file("cert.pem"),
                                                                 keyPath: directory.file("key.pem"), commonName: "test")
            let context = try TLSContext.server(certificate: certificate)
            let listener = try Socket.listen(host: "127.0.0.1", port: 0)
            defer { listener.close() }
            let outcome = LockedBox<Result<Bool, SocketError>>(.success(false))
            let finished = TLSTransportTests.background {
                let (socket, _) = try listener.accept()
                let transport = try TLSTransport(socket, context: context)
                defer { transport.close() }
                do throws(SocketError) {
                    outcome.set(.success(try transport.handshake(milliseconds: 5000)))
                    transport.shutdownWriting()
                } catch {
                    outcome.set(.failure(error))
                }
            }
            let output = try OpenSSLTool.client(port: listener.localPort, options)
            try finished()
            return (outcome.get(), output)
        }
    }

    @Test func tls13IsWhatAModernClientGets() throws {
        let (result, output) = try handshake(with: [])
        #expect(try result.get())
        #expect(output.contains("TLSv1.3"))
    }

    @Test func tls12GetsAForwardSecretAEADCipher() throws {
        let (result, output) = try handshake(with: ["-tls1_2"])
        #expect(try result.get())
        #expect(output.contains("Cipher is ECDHE-ECDSA-AES256-GCM-SHA384") || output.contains("Cipher is ECDHE-ECDSA-CHACHA20"))
    }

    @Test(arguments: [["-tls1_1"], ["-tls1"]])
    func olderTLSVersionsAreRefusedWithAProtocolVersionAlert(options: [String]) throws {
        let (result, output) = try handshake(with: options + ["-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(throws: SocketError.tls("TLS handshake", reason: "unsupported protocol")) { try result.get() }
        #expect(output.contains("alert protocol version"))
    }

    @Test func aTLS12CipherWithoutForwardSecrecyIsRefused() throws {
        let (result, _) = try handshake(with: ["-tls1_2", "-cipher", "AES128-GCM-SHA256"])
        #expect(throws: SocketError.tls("TLS handshake", reason: "no shared cipher")) { try result.get() }
    }

    @Test func aServerContextRefusesAKeyThatIsNotTheCertificates() throws {
        try withTemporaryDirectory { directory in
            let first = try ServerCertificate.loadOrCreate(certificatePath: directory.file("a.pem"),
                                                           keyPath: directory.file("a-key.pem"), commonName: "a")
            let second = try ServerCertificate.loadOrCreate(certificatePath: directory.file("b.pem"),
                                                            keyPath: directory.file("b-key.pem"), commonName: "b")
            let mixed = ServerCertificate(certificatePath: first.certificatePath, keyPath: second.keyPath, fingerprint: "")
            #expect(throws: CertificateError.keyDoesNotMatch(certificate: first.certificatePath, key: second.keyPath)) {
                try TLSContext.server(certificate: mixed)
            }
        }
    }

    @Test func aClientContextKnowsItsVerification() throws {
        #expect(try TLSContext.client(verification: .pinned).role == .client(.pinned))
        let system = try TLSContext.client(verification: .systemCAs(hostName: "chat.example"))
        #expect(system.role == .client(.systemCAs(hostName: "chat.example")))
    }
}
