import Foundation
import LetsChatCore
import LetsChatDiscovery
import Testing
import TestSupport

/// The server and the client as separate hosts on a LAN made of network namespaces (`VirtualLAN`).
@Suite(.enabled(if: VirtualLAN.unusableReason == nil, "\(VirtualLAN.unusableReason ?? "")"))
struct RoomBrowserLANTests {
    /// Starts `letschat-server` on `host` and waits until it has announced its room. Its history, and
    /// so the TLS certificate it makes on its first start, is kept in the LAN's folder.
    @discardableResult
    static func startServer(on lan: VirtualLAN, _ host: VirtualLAN.Host, port: Int, extra: [String] = []) throws -> ChildProcess {
        let log = "server-\(host.namespace)-\(port).log"
        let history = "\(lan.folder)/history-\(host.namespace)-\(port).txt"
        let server = try lan.start(on: host, [try BuiltProduct.path("letschat-server"), "--port", String(port), "--history", history] + extra,
                                   output: log)
        try Wait.until("the server on \(host.hostName) to announce its room", seen: { lan.contents(of: log) }) {
            lan.contents(of: log).contains("announcing")
        }
        return server
    }

    /// Runs `letschat --list` on `host`.
    static func list(on lan: VirtualLAN, _ host: VirtualLAN.Host) throws -> ChildProcess.Outcome {
        try lan.run(on: host, [try BuiltProduct.path("letschat"), "--list"])
    }

    @Test func listOnAnotherHostFindsTheServerWithItsAddressAndPort() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        try Self.startServer(on: lan, a, port: 6001)
        let outcome = try Self.list(on: lan, b)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output == "letschat on \(a.hostName)\t#letschat\t\(a.address):6001\n")
    }

    @Test func listExitsWithOneAndSaysWhyWhenNoRoomAnswers() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        try Self.startServer(on: lan, a, port: 6001).terminate()
        let outcome = try Self.list(on: lan, b)
        #expect(outcome.status == 1)
        #expect(outcome.output.isEmpty)
        #expect(outcome.errors.contains("no rooms found") && outcome.errors.split(separator: "\n").count == 1)
    }

    @Test func aServerWithNoAnnounceIsNotListed() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        try lan.start(on: a, [try BuiltProduct.path("letschat-server"), "--port", "6001", "--no-history", "--no-tls", "--no-announce"],
                      output: "quiet.log")
        try Wait.until("the server to start", seen: { lan.contents(of: "quiet.log") }) {
            lan.contents(of: "quiet.log").contains("Press Ctrl-C")
        }
        let outcome = try Self.list(on: lan, b)
        #expect(outcome.status == 1, "\(outcome.output)")
    }

    @Test func twoServersAreBothFoundAndAStoppedOneLeavesARunningBrowserWithinSeconds() throws {
        let lan = try VirtualLAN(hosts: 3)
        defer { lan.remove() }
        let (a, b, c) = (lan.hosts[0], lan.hosts[1], lan.hosts[2])
        try Self.startServer(on: lan, a, port: 6001)
        let serverC = try Self.startServer(on: lan, c, port: 6003)
        let browser = RoomBrowser()
        let seen = Seen()
        try lan.inNamespace(of: b) { try browser.start { seen.lists.append($0) } }
        defer { browser.stop() }
        let both = try Wait.value("both rooms in the browser", seen: { "\(seen.last ?? [])" }) { () -> [DiscoveredRoom]? in
            let rooms = browser.rooms
            return rooms.count == 2 && rooms.allSatisfy({ $0.endpoint != nil }) ? rooms : nil
        }
        #expect(both.map(\.endpoint) == ["\(a.address):6001", "\(c.address):6003"])
        #expect(both.allSatisfy { $0.isLetsChat && $0.channel == "#letschat" })
        // Each TXT record carries the certificate fingerprint its server printed at start.
        for (room, host, port) in [(both[0], a, 6001), (both[1], c, 6003)] {
            let fingerprint = try #require(room.tlsFingerprint)
            #expect(fingerprint.count == 64)
            #expect(lan.contents(of: "server-\(host.namespace)-\(port).log").contains("(SHA-256): \(fingerprint)"))
        }
        #expect(both.map(\.hostName) == ["\(a.hostName).local", "\(c.hostName).local"])
        let listed = try Self.list(on: lan, b)
        #expect(listed.output.split(separator: "\n").count == 2)

        serverC.terminate()
        let stoppedAt = Date()
        try Wait.until("the stopped server's room to leave the list", timeout: 5, seen: { "\(browser.rooms)" }) {
            browser.rooms.map(\.endpoint) == ["\(a.address):6001"]
        }
        #expect(Date().timeIntervalSince(stoppedAt) < 5)
        #expect(seen.last.map { $0.map(\.instanceName) } == ["letschat on \(a.hostName)"])
    }

    @Test func theClientsServeIsAnnouncedAndListedOnAnotherHost() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        let tmux = try #require(Tmux.executable, "tmux is needed to give letschat --serve a terminal")
        // tmux's server forks into the background inside the namespace; removing the LAN kills it.
        let client = "cd '\(lan.folder)' && TERM=tmux-256color exec '\(try BuiltProduct.path("letschat"))' --serve --port 6005 --nick host --no-log"
        let started = try lan.run(on: a, [tmux, "-S", lan.file("tmux.socket"), "-f", "/dev/null", "new-session", "-d",
                                          "-x", "100", "-y", "30", client],
                                  environment: ["HOME": lan.folder, "LANG": "C.UTF-8"])
        #expect(started.status == 0, "\(started.errors)")
        try Wait.until("letschat --list on the other host to show the hosted room") {
            try Self.list(on: lan, b).output == "letschat on \(a.hostName)\t#letschat\t\(a.address):6005\n"
        }
    }

    @Test func aServerStartedBeforeItsHostHasAnAddressIsAnnouncedWhenTheAddressComes() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        try lan.ip(["-n", a.namespace, "addr", "flush", "dev", a.interface])
        try lan.start(on: a, [try BuiltProduct.path("letschat-server"), "--port", "6001", "--no-history", "--no-tls"], output: "early.log")
        try Wait.until("the server to start", seen: { lan.contents(of: "early.log") }) {
            lan.contents(of: "early.log").contains("Press Ctrl-C")
        }
        #expect(!lan.contents(of: "early.log").contains("announcing"))
        try lan.ip(["-n", a.namespace, "addr", "add", a.address + "/24", "dev", a.interface])
        try Wait.until("letschat --list to find the server once it has an address", seen: { lan.contents(of: "early.log") }) {
            try Self.list(on: lan, b).output == "letschat on \(a.hostName)\t#letschat\t\(a.address):6001\n"
        }
    }

    @Test func twoServersOnOneHostGetDifferentInstanceNames() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        try Self.startServer(on: lan, a, port: 6001)
        // Same host name, so the second one's first choice of name is taken.
        try lan.start(on: a, [try BuiltProduct.path("letschat-server"), "--port", "6002", "--no-history", "--no-tls"], output: "second.log")
        try Wait.until("the second server to rename itself", seen: { lan.contents(of: "second.log") }) {
            lan.contents(of: "second.log").contains("(2)'")
        }
        try Wait.until("both rooms listed", seen: { "" }) {
            try Self.list(on: lan, b).output == "letschat on \(a.hostName)\t#letschat\t\(a.address):6001\n"
                + "letschat on \(a.hostName) (2)\t#letschat\t\(a.address):6002\n"
        }
    }

    /// The lists a browser reported, collected from its thread; `lock` guards `lists`.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [[DiscoveredRoom]] = []

        var lists: [[DiscoveredRoom]] {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }

        var last: [DiscoveredRoom]? {
            lists.last
        }
    }
}
