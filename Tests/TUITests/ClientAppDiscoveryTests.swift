import Foundation
import Testing
import TestSupport
@testable import TUI

/// End-to-end: `letschat` with no HOST, in network namespaces joined into one LAN (`VirtualLAN`), run in a
/// private tmux server; rooms are real `letschat-server`s announcing themselves on other hosts.
@Suite(.serialized, .enabled(if: VirtualLAN.unusableReason == nil && Tmux.testsRun,
                             "needs root, iproute2 and tmux (with CI=true the tests fail instead)"))
struct ClientAppDiscoveryTests {
    /// One test's LAN, tmux server and temporary folder; `close()` ends them all.
    private final class Scene {
        let lan: VirtualLAN
        let tmux: Tmux
        let folder: URL
        let client: String
        let server: String

        init(hosts: Int) throws {
            client = try BuiltProduct.path("letschat")
            server = try BuiltProduct.path("letschat-server")
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("letschat-lan-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            tmux = try Tmux()
            lan = try VirtualLAN(hosts: hosts)
        }

        /// Starts `letschat-server` on `host` and waits until `letschat --list` on `observer` lists its room.
        @discardableResult
        func startServer(on host: VirtualLAN.Host, seenFrom observer: VirtualLAN.Host, _ extra: [String] = []) throws -> ChildProcess {
            let log = "server-\(host.hostName).log"
            let child = try lan.start(on: host, [server, "--history", folder.appendingPathComponent("\(host.hostName).txt").path] + extra,
                                      output: log)
            try Wait.until("\(host.hostName)'s room to be listed on \(observer.hostName)", timeout: 15,
                           seen: { self.lan.contents(of: log) }) {
                try lan.run(on: observer, [client, "--list"]).output.contains("letschat on \(host.hostName)\t")
            }
            return child
        }

        /// Runs `letschat ARGUMENTS --no-log` on `host` in tmux session `name`, in the scene's folder (where a
        /// room it hosts keeps its history); when it ends, the pane says `EXITED <status>` and stays a few seconds.
        func startClient(_ name: String, on host: VirtualLAN.Host, _ arguments: String) throws {
            try startClient(name, after: "\(VirtualLAN.ip) netns exec \(host.namespace)", arguments)
        }

        /// Runs `letschat ARGUMENTS --no-log` as above, on whatever network the command `prefix` gives it.
        func startClient(_ name: String, after prefix: String, _ arguments: String) throws {
            let program = "cd '\(folder.path)' && \(prefix) env TERM=tmux-256color LANG=C.UTF-8 "
                + "SWIFT_BACKTRACE=interactive=no HOME='\(folder.path)' '\(client)' \(arguments) --no-log"
            try tmux.start(name, columns: 100, rows: 24, command: "\(program); echo \"EXITED $?\"; sleep 5")
        }

        func close() {
            tmux.kill()
            lan.remove()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    @Test func aClientWithNoHostJoinsTheOnlyRoomOnTheLANAndTalks() throws {
        let scene = try Scene(hosts: 2)
        defer { scene.close() }
        let (a, b) = (scene.lan.hosts[0], scene.lan.hosts[1])
        try scene.startServer(on: a, seenFrom: b)
        try scene.startClient("bob", on: b, "--nick bob")
        let screen = try scene.tmux.waitFor("bob", "bob in the room found on the LAN") { screen in
            screen.contains("connected") && screen.contains("│bob")
        }
        #expect(screen.contains("Found letschat on \(a.hostName) on this network, at \(a.address):55556."))
        #expect(screen.contains("[\(a.address):55556] #letschat"))
        // Alice types the address, so no announcement vouches for the certificate: she is asked, and trusts it.
        try scene.startClient("alice", on: a, "127.0.0.1 --nick alice")
        try scene.tmux.waitFor("alice", toShow: "is not known yet")
        try scene.tmux.press("alice", "Enter")
        try scene.tmux.waitFor("bob", toShow: "│alice")
        try scene.tmux.send("bob", "hello from host B")
        try scene.tmux.waitFor("alice", toShow: "<bob> hello from host B")
        try scene.tmux.send("alice", "hello back from A")
        try scene.tmux.waitFor("bob", toShow: "<alice> hello back from A")
    }

    @Test func anAnnouncedServerAndAClientThatFoundItUseNoCPUOverTenIdleSeconds() throws {
        let scene = try Scene(hosts: 2)
        defer { scene.close() }
        let (a, b) = (scene.lan.hosts[0], scene.lan.hosts[1])
        let server = try scene.startServer(on: a, seenFrom: b)
        try scene.startClient("bob", on: b, "--nick bob")
        try scene.tmux.waitFor("bob", "bob in the room found on the LAN") { $0.contains("connected") && $0.contains("│bob") }
        // The only program in host B's namespace is the client (tmux and its shell stay outside).
        let pids = try ChildProcess.run(VirtualLAN.ip, ["netns", "pids", b.namespace], environment: [:], seconds: 5).output
        let client = try #require(pids.split(separator: "\n").compactMap { pid_t($0) }.first, "no process in \(b.namespace)")
        // The server's two announcements, one second apart, and the answers to the --list runs are over by now.
        Thread.sleep(forTimeInterval: 2)
        let before = (server: try CPUTicks.used(by: server.pid), client: try CPUTicks.used(by: client))
        Thread.sleep(forTimeInterval: 10)
        #expect(try CPUTicks.used(by: server.pid) - before.server == 0, "the announcing server used CPU while idle")
        #expect(try CPUTicks.used(by: client) - before.client == 0, "the client used CPU while idle")
    }

    @Test func twoRoomsOpenThePickerAndARoomThatStopsLeavesIt() throws {
        let scene = try Scene(hosts: 3)
        defer { scene.close() }
        let (a, b, c) = (scene.lan.hosts[0], scene.lan.hosts[1], scene.lan.hosts[2])
        try scene.startServer(on: a, seenFrom: b)
        let serverC = try scene.startServer(on: c, seenFrom: b)
        try scene.startClient("bob", on: b, "--nick bob")
        let picker = try scene.tmux.waitFor("bob", "the picker with both rooms") { screen in
            screen.contains("2 rooms on this network")
        }
        for host in [a, c] {
            let row = picker.split(separator: "\n").first { $0.contains("letschat on \(host.hostName)") }
            #expect(row?.contains("\(host.address):55556") == true, "no row for \(host.hostName):\n\(picker)")
        }
        try scene.tmux.press("bob", "Down")
        try scene.tmux.waitFor("bob", "C's room selected") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix(">") && $0.contains(c.hostName) }
        }
        serverC.terminate()
        let after = try scene.tmux.waitFor("bob", "C's room to leave the open picker", seconds: 8) { screen in
            screen.contains("1 room on this network") && !screen.contains(c.hostName)
        }
        #expect(after.split(separator: "\n").contains { $0.hasPrefix(">") && $0.contains(a.hostName) })
        try scene.tmux.press("bob", "Enter")
        try scene.tmux.waitFor("bob", "bob in A's room") { $0.contains("[\(a.address):55556] #letschat │ 🔒 TLS │ connected") }
    }

    @Test func aRoomThatAnnouncesTLSShowsALockAndAnyIRCServiceIsListed() throws {
        let scene = try Scene(hosts: 3)
        defer { scene.close() }
        let (a, b, c) = (scene.lan.hosts[0], scene.lan.hosts[1], scene.lan.hosts[2])
        try scene.startServer(on: a, seenFrom: b, ["--no-tls"])
        // Avahi on host C announces an IRC service that says it has a TLS certificate.
        let avahi = try AvahiDaemon(on: scene.lan, host: c)
        try scene.lan.start(on: c, ["/usr/bin/avahi-publish", "-s", "secure room", "_irc._tcp", "6697", "channel=#secure",
                                    "tls=" + String(repeating: "AB", count: 32)],
                            environment: avahi.environment, output: "publish.log")
        try Wait.until("secure room to be listed on \(b.hostName)", timeout: 15, seen: { scene.lan.contents(of: "publish.log") }) {
            try scene.lan.run(on: b, [scene.client, "--list"]).output.contains("secure room\t#secure\t\(c.address):6697")
        }
        try scene.startClient("bob", on: b, "--nick bob")
        let picker = try scene.tmux.waitFor("bob", toShow: "2 rooms on this network")
        let rows = picker.split(separator: "\n")
        let secure = try #require(rows.first { $0.contains("secure room") }, "\(picker)")
        #expect(secure.contains(RoomPicker.lock) && secure.contains("\(c.address):6697"), "\(secure)")
        let plain = try #require(rows.first { $0.contains("letschat on \(a.hostName)") }, "\(picker)")
        #expect(!plain.contains(RoomPicker.lock), "\(plain)")
    }

    @Test func aRoomWhoseCertificateIsNotTheOneItsAnnouncementNamesIsRefused() throws {
        let scene = try Scene(hosts: 3)
        defer { scene.close() }
        let (a, b, c) = (scene.lan.hosts[0], scene.lan.hosts[1], scene.lan.hosts[2])
        try scene.startServer(on: a, seenFrom: b)
        // Avahi on host C announces A's port under another name, claiming a certificate A does not have.
        let claimed = String(repeating: "AB", count: 32)
        let avahi = try AvahiDaemon(on: scene.lan, host: c)
        try scene.lan.start(on: c, ["/usr/bin/avahi-publish", "-s", "-H", "\(a.hostName).local", "impostor", "_irc._tcp", "55556",
                                    "channel=#letschat", "server=letschat", "tls=" + claimed],
                            environment: avahi.environment, output: "impostor.log")
        try Wait.until("the impostor to be listed on \(b.hostName)", timeout: 15, seen: { scene.lan.contents(of: "impostor.log") }) {
            try scene.lan.run(on: b, [scene.client, "--list"]).output.contains("impostor\t#letschat\t\(a.address):55556")
        }
        try scene.startClient("bob", on: b, "--nick bob")
        try scene.tmux.waitFor("bob", toShow: "2 rooms on this network")
        for _ in 0..<2 {
            let screen = try scene.tmux.waitFor("bob", toShow: "2 rooms on this network")
            if screen.split(separator: "\n").contains(where: { $0.hasPrefix(">") && $0.contains("impostor") }) { break }
            try scene.tmux.press("bob", "Down")
        }
        try scene.tmux.waitFor("bob", "the impostor selected") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix(">") && $0.contains("impostor") }
        }
        try scene.tmux.press("bob", "Enter")
        let warning = try scene.tmux.waitFor("bob", toShow: "WARNING")
        #expect(warning.contains(claimed), "\(warning)")
        try scene.tmux.press("bob", "Enter")
        try scene.tmux.waitFor("bob", toShow: "EXITED 1")
    }

    @Test func escInThePickerQuitsWithStatus0() throws {
        let scene = try Scene(hosts: 3)
        defer { scene.close() }
        let (a, b, c) = (scene.lan.hosts[0], scene.lan.hosts[1], scene.lan.hosts[2])
        try scene.startServer(on: a, seenFrom: b)
        try scene.startServer(on: c, seenFrom: b)
        try scene.startClient("bob", on: b, "--nick bob")
        try scene.tmux.waitFor("bob", toShow: "2 rooms on this network")
        try scene.tmux.press("bob", "Escape")
        let screen = try scene.tmux.waitFor("bob", toShow: "EXITED")
        #expect(screen.contains("EXITED 0"))
        #expect(!screen.contains("2 rooms on this network"), "the picker is still on the screen:\n\(screen)")
    }

    @Test func noRoomOnTheLANSaysSoAndYHostsOneThatOthersFind() throws {
        let scene = try Scene(hosts: 2)
        defer { scene.close() }
        let (a, b) = (scene.lan.hosts[0], scene.lan.hosts[1])
        try scene.startClient("bob", on: b, "--nick bob")
        let question = try scene.tmux.waitFor("bob", toShow: "Host a room here? [y/N]")
        #expect(question.contains("Looking for rooms on this network…"))
        let joined = question.replacingOccurrences(of: "\n", with: "")
        for part in ["No rooms found on this network", "letschat HOST", "Wi-Fi client isolation", "VPN"] {
            #expect(joined.contains(part), "'\(part)' missing:\n\(question)")
        }
        try scene.tmux.send("bob", "y")
        let screen = try scene.tmux.waitFor("bob", "bob hosting the room") { screen in
            screen.contains("connected") && screen.contains("Hosting #letschat")
        }
        #expect(screen.contains("[127.0.0.1:55556] #letschat"))
        try Wait.until("the hosted room to be listed on \(a.hostName)", timeout: 15) {
            try scene.lan.run(on: a, [scene.client, "--list"]).output.contains("#letschat\t\(b.address):55556")
        }
    }

    @Test func withNoNetworkToLookOnTheClientSaysSoAndStillOffersToHost() throws {
        let scene = try Scene(hosts: 0)
        defer { scene.close() }
        // A network namespace of its own with only a loopback that is down: no interface to send multicast on.
        try scene.startClient("bob", after: "/usr/bin/unshare --net", "--nick bob")
        let screen = try scene.tmux.waitFor("bob", toShow: "Host a room here? [y/N]")
        #expect(screen.contains("letschat: cannot look for rooms on this network: "), "\(screen)")
        try scene.tmux.send("bob", "n")
        try scene.tmux.waitFor("bob", toShow: "EXITED 1")
    }

    @Test func answeringNoEndsWithStatus1() throws {
        let scene = try Scene(hosts: 1)
        defer { scene.close() }
        try scene.startClient("bob", on: scene.lan.hosts[0], "--nick bob")
        try scene.tmux.waitFor("bob", toShow: "Host a room here? [y/N]")
        try scene.tmux.send("bob", "n")
        try scene.tmux.waitFor("bob", toShow: "EXITED 1")
    }

    @Test func withoutATerminalTheRoomsAreListedAndTheStartFailsWithOneLine() throws {
        let scene = try Scene(hosts: 2)
        defer { scene.close() }
        let (a, b) = (scene.lan.hosts[0], scene.lan.hosts[1])
        try scene.startServer(on: a, seenFrom: b)
        let run = try scene.lan.run(on: b, [scene.client, "--nick", "bob", "--no-log"],
                                    environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"])
        #expect(run.status == 1)
        #expect(run.output == "letschat on \(a.hostName)\t#letschat\t\(a.address):55556\n")
        #expect(run.errors.hasPrefix("letschat: cannot show the room picker: ") && run.errors.hasSuffix("\n")
                && run.errors.dropLast().allSatisfy { $0 != "\n" }, "\(run.errors)")
    }
}
