import Foundation
@testable import LetsChatServer
import Testing

/// TLS over real loopback sockets: both ends are `TLSTransport`s unless a test says otherwise.
struct TLSTransportTests {
    /// A connected server/client pair on 127.0.0.1, with the server's certificate.
    struct Pair {
        let server: TLSTransport
        let client: TLSTransport
        let certificate: ServerCertificate

        /// Connects a client of `verification` to a server showing a fresh self-signed certificate.
        static func make(in directory: TemporaryDirectory, verification: TLSContext.Verification = .pinned) throws -> Pair {
            let certificate = try ServerCertificate.loadOrCreate(certificatePath: directory.file("cert.pem"),
                                                                 keyPath: directory.file("key.pem"), commonName: "test")
            let listener = try Socket.listen(host: "127.0.0.1", port: 0)
            defer { listener.close() }
            let clientSocket = try Socket.connect(host: "127.0.0.1", port: listener.localPort)
            let (serverSocket, _) = try listener.accept()
            let server = try TLSTransport(serverSocket, context: TLSContext.server(certificate: certificate))
            let client = try TLSTransport(clientSocket, context: TLSContext.client(verification: verification),
                                          serverName: "localhost")
            return Pair(server: server, client: client, certificate: certificate)
        }

        func close() {
            server.close()
            client.close()
        }
    }

    /// Runs `body` on a new thread; the returned closure waits for it and rethrows its failure.
    static func background(_ body: @escaping @Sendable () throws -> Void) -> () throws -> Void {
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox<Error?>(nil)
        Thread {
            do { try body() } catch { failure.set(error) }
            done.signal()
        }.start()
        return {
            done.wait()
            if let error = failure.get() { throw error }
        }
    }

    /// Receives until `count` bytes arrived or the peer closed.
    static func receive(_ transport: TLSTransport, count: Int) throws -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < count {
            let got = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try transport.receive(into: raw) }
            if got == 0 { break }
            received += buffer.prefix(got)
        }
        return received
    }

    @Test func bothEndsShakeHandsAndTalkBothWays() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            let server = pair.server
            let finished = Self.background {
                #expect(try server.handshake(milliseconds: 5000))
                #expect(try Self.receive(server, count: 12) == Array("NICK alice\r\n".utf8))
                try server.sendAll("001 alice :hi\r\n")
            }
            #expect(try pair.client.handshake(milliseconds: 5000))
            try pair.client.sendAll("NICK alice\r\n")
            #expect(try Self.receive(pair.client, count: 15) == Array("001 alice :hi\r\n".utf8))
            try finished()
            #expect(pair.client.protocolVersion == "TLSv1.3")
        }
    }

    @Test func theClientSeesTheFingerprintOfTheServersCertificate() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            #expect(pair.client.peerFingerprint == nil, "no certificate before the handshake")
            let server = pair.server
            let finished = Self.background { _ = try server.handshake(milliseconds: 5000) }
            #expect(try pair.client.handshake(milliseconds: 5000))
            try finished()
            #expect(pair.client.peerFingerprint == pair.certificate.fingerprint)
            #expect(pair.server.peerFingerprint == nil, "the client shows no certificate")
        }
    }

    @Test func aSenderFinishesTheHandshakeItselfWhenNoOneIsReading() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            let client = pair.client
            let finished = Self.background { try client.sendAll("CAP LS 302\r\n") }
            #expect(try Self.receive(pair.server, count: 12) == Array("CAP LS 302\r\n".utf8))
            try finished()
            // And the other way round: the server's first act is a send, the client reads later.
            try pair.server.sendAll("hello\r\n")
            #expect(try Self.receive(pair.client, count: 7) == Array("hello\r\n".utf8))
        }
    }

    @Test func waitingTimesOutInTheHandshakeAndWithoutDataAndEndsWhenDataIsDecrypted() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            #expect(try !pair.server.handshake(milliseconds: 50), "the client has not said hello")
            #expect(!pair.server.waitReadable(milliseconds: 0))
            let client = pair.client
            let finished = Self.background { _ = try client.handshake(milliseconds: 5000) }
            #expect(try pair.server.handshake(milliseconds: 5000))
            try finished()
            #expect(!pair.server.waitReadable(milliseconds: 50), "a handshake is not application data")
            try pair.client.sendAll("line one\nline two\n")
            #expect(pair.server.waitReadable(milliseconds: 5000))
            var small = [UInt8](repeating: 0, count: 4)
            let count = try small.withUnsafeMutableBytes { (raw) throws(SocketError) in try pair.server.receive(into: raw) }
            #expect(count == 4)
            #expect(pair.server.hasBufferedInput, "the rest of the record is decrypted and waiting")
            #expect(pair.server.waitReadable(milliseconds: 0))
            #expect(try Self.receive(pair.server, count: 14) == Array(" one\nline two\n".utf8))
            #expect(!pair.server.hasBufferedInput)
        }
    }

    @Test func aShortNonBlockingSendLeavesNothingOutOfOrderOrTwice() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            let client = pair.client
            let handshake = Self.background { _ = try client.handshake(milliseconds: 5000) }
            #expect(try pair.server.handshake(milliseconds: 5000))
            try handshake()
            // Four MiB cannot fit in the socket buffers of a client that does not read yet.
            let payload = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
            let accepted = try pair.server.sendAvailable(payload)
            #expect(accepted < payload.count)
            let reader = LockedBox<[UInt8]>([])
            let received = Self.background { reader.set(try Self.receive(client, count: payload.count)) }
            try pair.server.sendAll(Array(payload[accepted...]))
            try received()
            #expect(reader.get() == payload)
        }
    }

    @Test func aWholeSmallSendGoesOutAtOnce() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            let client = pair.client
            let handshake = Self.background { _ = try client.handshake(milliseconds: 5000) }
            #expect(try pair.server.handshake(milliseconds: 5000))
            try handshake()
            #expect(try pair.server.sendAvailable(Array("PING :x\r\n".utf8)) == 9)
            #expect(try Self.receive(pair.client, count: 9) == Array("PING :x\r\n".utf8))
        }
    }

    @Test func closingTheWritingSideSendsCloseNotifyAndThePeerSeesTheEnd() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            let client = pair.client
            let finished = Self.background {
                try client.sendAll("bye\n")
                client.shutdownWriting()
            }
            #expect(try Self.receive(pair.server, count: 100) == Array("bye\n".utf8))
            try finished()
            try pair.server.sendAll("still here\n")
            #expect(try Self.receive(pair.client, count: 11) == Array("still here\n".utf8), "reading goes on")
        }
    }

    @Test func aSelfSignedCertificateFailsVerificationAgainstTheSystemAuthorities() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory, verification: .systemCAs(hostName: "localhost"))
            defer { pair.close() }
            let server = pair.server
            let finished = Self.background { _ = try? server.handshake(milliseconds: 5000) }
            #expect {
                _ = try pair.client.handshake(milliseconds: 5000)
            } throws: { error in
                (error as? SocketError)?.reason?.contains("certificate verify failed") == true
            }
            try finished()
        }
    }

    @Test func aPeerThatSpeaksPlainTextIsRefusedWithOpenSSLsReason() throws {
        try withTemporaryDirectory { directory in
            let certificate = try ServerCertificate.loadOrCreate(certificatePath: directory.file("cert.pem"),
                                                                 keyPath: directory.file("key.pem"), commonName: "test")
            let listener = try Socket.listen(host: "127.0.0.1", port: 0)
            defer { listener.close() }
            let plain = try Socket.connect(host: "127.0.0.1", port: listener.localPort)
            defer { plain.close() }
            let (accepted, _) = try listener.accept()
            let server = try TLSTransport(accepted, context: TLSContext.server(certificate: certificate))
            defer { server.close() }
            try plain.sendAll("NICK alice\r\nUSER a 0 * :A\r\n")
            #expect {
                _ = try server.handshake(milliseconds: 5000)
            } throws: { error in
                guard let error = error as? SocketError else { return false }
                return error.operation == "TLS handshake" && error.reason != nil
            }
            #expect(server.waitReadable(milliseconds: 0), "a failed transport counts as readable")
        }
    }

    @Test func manyLinesCrossBothWaysAtOnceFromSeveralThreads() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            let lines = 2000
            let expected = (0..<lines).flatMap { Array("line \($0) of a steady stream\n".utf8) }
            let server = pair.server, client = pair.client
            let serverGot = LockedBox<[UInt8]>([]), clientGot = LockedBox<[UInt8]>([])
            let serverReads = Self.background { serverGot.set(try Self.receive(server, count: expected.count)) }
            let clientReads = Self.background { clientGot.set(try Self.receive(client, count: expected.count)) }
            let serverWrites = Self.background {
                for index in 0..<lines {
                    var line = Array("line \(index) of a steady stream\n".utf8)
                    while !line.isEmpty {
                        let taken = try server.sendAvailable(line)
                        line.removeFirst(taken)
                        if !line.isEmpty {
                            try server.sendAll(line)
                            line = []
                        }
                    }
                }
            }
            let clientWrites = Self.background {
                for index in 0..<lines { try client.sendAll("line \(index) of a steady stream\n") }
            }
            try serverWrites()
            try clientWrites()
            try serverReads()
            try clientReads()
            #expect(serverGot.get() == expected)
            #expect(clientGot.get() == expected)
        }
    }

    @Test func shuttingDownWakesAReaderWaitingForTheHandshake() throws {
        try withTemporaryDirectory { directory in
            let pair = try Pair.make(in: directory)
            defer { pair.close() }
            let server = pair.server
            let finished = Self.background {
                var buffer = [UInt8](repeating: 0, count: 16)
                let count = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try server.receive(into: raw) }
                #expect(count == 0)
            }
            Thread.sleep(forTimeInterval: 0.1)
            server.shutdown()
            try finished()
        }
    }
}

/// A value several test threads hand over under a lock.
final class LockedBox<Value>: @unchecked Sendable {
    // `lock` guards `value`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func get() -> Value { lock.withLock { value } }

    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
