import Foundation

/// Avahi, the reference multicast DNS stack, running on one `VirtualLAN` host with a private D-Bus
/// system bus: `dbus-daemon` on a socket in a temporary folder, `avahi-daemon` (no privilege drop,
/// no chroot, no rlimits) with `/run` on a tmpfs of its own, so nothing touches the real machine.
/// `avahi-browse` and `avahi-publish` reach it through `environment`. Stopped, and its files removed, with the LAN.
public final class AvahiDaemon: Sendable {
    /// The programs it needs, for the CI check.
    public static let programs = ["/usr/bin/dbus-daemon", "/usr/sbin/avahi-daemon", "/usr/bin/avahi-browse", "/usr/bin/avahi-publish"]

    /// Avahi's own host name (`NAME.local`).
    public let hostName: String
    /// `DBUS_SYSTEM_BUS_ADDRESS` for the Avahi tools.
    public let environment: [String: String]
    private let folder: String
    private let lan: VirtualLAN
    private let logName: String

    /// Starts D-Bus and Avahi on `host` and waits until Avahi says it is ready.
    public init(on lan: VirtualLAN, host: VirtualLAN.Host) throws {
        for program in Self.programs where !FileManager.default.isExecutableFile(atPath: program) {
            throw TestFailure("\(program) is missing: install avahi-daemon, avahi-utils and dbus")
        }
        self.lan = lan
        folder = lan.folder
        logName = "avahi-\(host.namespace).log"
        hostName = "avahi-\(host.namespace)"
        environment = ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=\(folder)/bus-\(host.namespace)"]
        try """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>unix:path=\(folder)/bus-\(host.namespace)</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_destination="*"/>
            <allow receive_sender="*"/>
          </policy>
        </busconfig>
        """.write(toFile: "\(folder)/bus-\(host.namespace).conf", atomically: true, encoding: .utf8)
        try """
        [server]
        host-name=\(hostName)
        use-ipv4=yes
        use-ipv6=yes
        allow-interfaces=\(host.interface)
        enable-dbus=yes
        ratelimit-interval-usec=0
        [wide-area]
        enable-wide-area=no
        [publish]
        publish-hinfo=no
        publish-workstation=no
        [rlimits]
        """.write(toFile: "\(folder)/avahi-\(host.namespace).conf", atomically: true, encoding: .utf8)
        try lan.start(on: host, ["/usr/bin/dbus-daemon", "--config-file=\(folder)/bus-\(host.namespace).conf", "--nofork", "--nopidfile"],
                      output: "dbus-\(host.namespace).log")
        try Wait.until("the private D-Bus socket") { FileManager.default.fileExists(atPath: "\(folder)/bus-\(host.namespace)") }
        try lan.start(on: host, ["/bin/sh", "-c", "mount -t tmpfs lc-avahi /run && exec /usr/sbin/avahi-daemon "
                                 + "--no-drop-root --no-chroot --no-rlimits -f \(folder)/avahi-\(host.namespace).conf"],
                      environment: environment, output: logName)
        try Wait.until("avahi-daemon to start", seen: { self.log }) { self.log.contains("Server startup complete") }
    }

    /// What avahi-daemon has logged so far.
    public var log: String {
        lan.contents(of: logName)
    }
}
