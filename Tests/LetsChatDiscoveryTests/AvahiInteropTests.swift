import Foundation
import Testing
import TestSupport

/// Our announcer and browser against Avahi, the reference multicast DNS stack, on a `VirtualLAN`.
@Suite(.enabled(if: VirtualLAN.unusableReason == nil, "\(VirtualLAN.unusableReason ?? "")"))
struct AvahiInteropTests {
    /// `avahi-browse -rpt _irc._tcp` on `host`, run until a resolved line (`=;…`) holds `expected`.
    private static func avahiBrowse(on lan: VirtualLAN, _ host: VirtualLAN.Host, _ avahi: AvahiDaemon,
                                    until expected: String) throws -> String {
        var last = ""
        return try Wait.value("avahi-browse to resolve \(expected)", seen: { last }) {
            last = try lan.run(on: host, ["/usr/bin/avahi-browse", "-rpt", "_irc._tcp"], environment: avahi.environment).output
            return last.split(separator: "\n").first { $0.hasPrefix("=;") && $0.contains(expected) }.map(String.init)
        }
    }

    /// Publishes an ngIRCd-like service with `avahi-publish -s` on `host` and waits until Avahi has it.
    private static func publish(on lan: VirtualLAN, _ host: VirtualLAN.Host, _ avahi: AvahiDaemon) throws {
        try lan.start(on: host, ["/usr/bin/avahi-publish", "-s", "ngircd here", "_irc._tcp", "6667"],
                      environment: avahi.environment, output: "publish-\(host.namespace).log")
        try Wait.until("avahi-publish to register", seen: { lan.contents(of: "publish-\(host.namespace).log") }) {
            lan.contents(of: "publish-\(host.namespace).log").contains("Established")
        }
    }

    @Test func avahiOnAnotherHostResolvesOurRoomWithItsText() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        let avahi = try AvahiDaemon(on: lan, host: b)
        try RoomBrowserLANTests.startServer(on: lan, a, port: 6001)
        let line = try Self.avahiBrowse(on: lan, b, avahi, until: "letschat\\032on\\032\(a.hostName)")
        #expect(line.contains(";IPv4;letschat\\032on\\032\(a.hostName);_irc._tcp;local;\(a.hostName).local;\(a.address);6001;"))
        for text in ["\"txtvers=1\"", "\"channel=#letschat\"", "\"server=letschat\""] {
            #expect(line.contains(text), "\(line)")
        }
    }

    @Test func aServicePublishedWithAvahiIsListedOnAnotherHost() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        let avahi = try AvahiDaemon(on: lan, host: b)
        try Self.publish(on: lan, b, avahi)
        try Wait.until("letschat --list on the other host to show the Avahi service") {
            try RoomBrowserLANTests.list(on: lan, a).output == "ngircd here\t-\t\(b.address):6667\n"
        }
    }

    @Test func avahiAndOurServerOnOneHostBothKeepAnswering() throws {
        let lan = try VirtualLAN(hosts: 2)
        defer { lan.remove() }
        let (a, b) = (lan.hosts[0], lan.hosts[1])
        let avahi = try AvahiDaemon(on: lan, host: b)
        try Self.publish(on: lan, b, avahi)
        try RoomBrowserLANTests.startServer(on: lan, b, port: 6002)
        // On the shared host: Avahi's browser finds our room, our browser finds Avahi's service.
        _ = try Self.avahiBrowse(on: lan, b, avahi, until: "letschat\\032on\\032\(b.hostName);_irc._tcp;local;\(b.hostName).local;\(b.address);6002")
        let both = "letschat on \(b.hostName)\t#letschat\t\(b.address):6002\nngircd here\t-\t\(b.address):6667\n"
        try Wait.until("letschat --list on the shared host to show both") { try RoomBrowserLANTests.list(on: lan, b).output == both }
        // From the other host, both responders answer too.
        try Wait.until("letschat --list on the other host to show both") { try RoomBrowserLANTests.list(on: lan, a).output == both }
        #expect(!avahi.log.contains("conflict"), "\(avahi.log)")
    }
}
