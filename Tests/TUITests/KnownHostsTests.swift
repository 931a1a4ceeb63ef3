import Testing
@testable import TUI

@Suite struct KnownHostsTests {
    private let first = Fingerprint(String(repeating: "AB", count: 32))!
    private let second = Fingerprint(String(repeating: "cd", count: 32))!

    @Test func aPinnedServerIsFoundByHostAndPort() {
        let hosts = KnownHosts(parsing: "chat.example:6697 \(first.hex)\n127.0.0.1:55556 \(second.hex)\n")
        #expect(hosts.pin(host: "chat.example", port: 6697) == first)
        #expect(hosts.pin(host: "127.0.0.1", port: 55556) == second)
        #expect(hosts.pin(host: "chat.example", port: 55556) == nil)
        #expect(hosts.pin(host: "127.0.0.2", port: 55556) == nil)
    }

    @Test func hostNamesAreComparedIgnoringCase() {
        let hosts = KnownHosts(parsing: "Chat.Example:6697 \(first.hex)\n")
        #expect(hosts.pin(host: "chat.EXAMPLE", port: 6697) == first)
    }

    @Test func anIPv6HostIsWrittenInBrackets() {
        var hosts = KnownHosts()
        hosts.add(first, host: "::1", port: 6667)
        #expect(hosts.text == "[::1]:6667 \(first.hex)\n")
        #expect(KnownHosts(parsing: hosts.text).pin(host: "::1", port: 6667) == first)
        #expect(hosts.pin(host: "[::1]", port: 6667) == first)
    }

    @Test func aFingerprintWithColonsIsReadAndWrittenBackPlain() {
        let hosts = KnownHosts(parsing: "h:1 \(first.withColons.lowercased())\n")
        #expect(hosts.pin(host: "h", port: 1) == first)
        #expect(hosts.text == "h:1 \(first.hex)\n")
    }

    @Test func commentsBlankLinesAndUnreadableLinesAreKeptInPlace() {
        let text = "# my servers\n\nh:1 \(first.hex)\nnot a pin\nh:2 tooshort\n"
        var hosts = KnownHosts(parsing: text)
        #expect(hosts.text == text)
        hosts.add(second, host: "h", port: 3)
        #expect(hosts.text == text + "h:3 \(second.hex)\n")
    }

    @Test func addingAPinForAKnownServerReplacesItsLineWhereItIs() {
        var hosts = KnownHosts(parsing: "a:1 \(first.hex)\nb:2 \(first.hex)\nc:3 \(first.hex)\n")
        hosts.add(second, host: "b", port: 2)
        #expect(hosts.text == "a:1 \(first.hex)\nb:2 \(second.hex)\nc:3 \(first.hex)\n")
    }

    @Test func theEntryNamesItsLineNumberAndText() throws {
        let hosts = KnownHosts(parsing: "# pins\n10.0.0.5:55556 \(first.hex)\n")
        let entry = try #require(hosts.entry(host: "10.0.0.5", port: 55556))
        #expect(entry.number == 2)
        #expect(entry.text == "10.0.0.5:55556 \(first.hex)")
    }

    @Test func aFileWithoutTheLastNewlineStillParses() {
        let hosts = KnownHosts(parsing: "h:1 \(first.hex)")
        #expect(hosts.pin(host: "h", port: 1) == first)
        #expect(hosts.text == "h:1 \(first.hex)\n")
    }
}
