#if canImport(Glibc)
import Glibc
#endif
import LetsChatServer
import Testing

/// The socket calls the server makes.
@Suite struct SocketTests {
    @Test func anAcceptedConnectionIsNotInheritedByProgramsTheServerStarts() throws {
        let listener = try Socket.listen(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let client = try Socket.connect(host: "127.0.0.1", port: listener.localPort)
        defer { client.close() }
        let (accepted, peer) = try listener.accept()
        defer { accepted.close() }
        #expect(peer == "127.0.0.1")
        #expect(fcntl(accepted.fd, F_GETFD) & FD_CLOEXEC != 0)
    }
}
