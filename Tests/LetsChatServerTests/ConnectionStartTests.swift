#if canImport(Glibc)
import Glibc
#endif
@testable import LetsChatServer
import Synchronization
import Testing

/// Telling a connection's kind from how it starts: IRC, piped `nc`, or a client waiting for the prompt.
@Suite struct ConnectionStartTests {
    private func isIRC(_ line: String) -> Bool {
        ConnectionStart.isIRC(firstLine: Array(line.utf8))
    }

    @Test func whatIRCClientsSendFirstIsIRC() {
        for line in ["CAP LS 302", "CAP LS", "NICK alice", "USER alice 0 * :Alice", "PASS :secret", "PASS secret",
                     "nick alice", "WEBIRC pass gateway host 192.0.2.1", "SERVER irc.example.org 1 :link",
                     "@label=1 CAP LS 302", ":alice NICK alice", "JOIN #letschat", "PING :x", "QUIT :bye"] {
            #expect(isIRC(line), "\(line)")
        }
    }

    @Test func binaryOrAnHTTPRequestIsNeverTakenForANickname() {
        #expect(ConnectionStart.isIRC(firstLine: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00]), "a TLS ClientHello")
        #expect(ConnectionStart.isIRC(firstLine: [0x62, 0x6F, 0xFF, 0x62]), "invalid UTF-8")
        #expect(isIRC("GET / HTTP/1.1"))
        #expect(!isIRC("bob\tsmith"), "a tab is still text")
        #expect(!isIRC("zoë"), "UTF-8 is still text")
    }

    @Test func aNicknameOrTextOnTheFirstLineIsATextClient() {
        for line in ["bob", "nick", "CAP", "user", "pass", "QUIT", "bob ", "hello world", "al ice", "", "  ", "Nick  "] {
            #expect(!isIRC(line), "\(line)")
        }
    }

    /// A connected pair of stream sockets: the server's end and the client's.
    private func connectedPair() throws -> (server: PlainTransport, client: PlainTransport) {
        var fds: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        return (PlainTransport(Socket(fd: fds[0])), PlainTransport(Socket(fd: fds[1])))
    }

    @Test func aPipedNicknameAndItsMessagesInOneReadStayTogether() throws {
        let (server, client) = try connectedPair()
        defer { server.close(); client.close() }
        try client.sendAll("bob\nhello\nsecond line\n")
        let start = ConnectionStart.detect(on: server, detectMilliseconds: 5000, lineMilliseconds: 5000)
        #expect(start == .textWithNickname(Array("bob".utf8), buffered: Array("hello\nsecond line\n".utf8)))
    }

    @Test func aFirstLineFedOneByteAtATimeIsStillReadWhole() throws {
        let (server, client) = try connectedPair()
        // The sender must be done before the descriptors close, or it writes into whatever socket
        // reuses their numbers in the next test.
        let done = Condition()
        let finished = Mutex(false)
        defer { server.close(); client.close() }
        let sender = ServerThread.start(name: "lc-test", stackSize: 128 * 1024) {
            for byte in Array("NICK alice\r\nUSER a 0 * :A\r\n".utf8) {
                try? client.sendAll([byte])
                usleep(2000)
            }
            done.lock()
            finished.withLock { $0 = true }
            done.broadcast()
            done.unlock()
        }
        #expect(sender)
        let start = ConnectionStart.detect(on: server, detectMilliseconds: 5000, lineMilliseconds: 5000)
        done.lock()
        while sender && !finished.withLock({ $0 }) { done.wait() }
        done.unlock()
        guard case .irc(let buffered) = start else {
            Issue.record("not IRC: \(start)")
            return
        }
        // Everything read so far is handed on, the first line included, so the session misses nothing.
        #expect(String(decoding: buffered, as: UTF8.self).hasPrefix("NICK alice\n"))
    }

    @Test func aClientThatSaysNothingIsSilent() throws {
        let (server, client) = try connectedPair()
        defer { server.close(); client.close() }
        #expect(ConnectionStart.detect(on: server, detectMilliseconds: 50, lineMilliseconds: 5000) == .silent)
    }
}
