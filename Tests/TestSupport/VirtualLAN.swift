import CSystem
import Foundation

/// Separate "hosts" on one Ethernet segment for LAN tests, made of Linux network namespaces: each
/// host is a namespace with a veth whose other end is on a bridge in a switch namespace, with an
/// address `10.77.N.x/24` that exists nowhere else. Needs root and iproute2 (`ip`).
///
/// Names hold the test process's pid and a counter, so tests can run side by side. `remove()`
/// (also run by `deinit`) kills what ran in the namespaces and deletes every namespace, which takes
/// the veths and the bridge with it. `lock` guards `children` and `removed`.
public final class VirtualLAN: @unchecked Sendable {
    /// One host on the LAN.
    public struct Host: Sendable {
        /// Its namespace's name (for `ip netns exec`).
        public let namespace: String
        /// Its host name inside its own UTS namespace (what `gethostname` says there).
        public let hostName: String
        /// Its IPv4 address.
        public let address: String
        /// Its veth's name inside the namespace.
        public let interface: String
    }

    /// Why these tests cannot run here, or nil when they can; under `CI=true` they always run, so
    /// a missing tool or root is a failure there, never a skip.
    public static var unusableReason: String? {
        if ProcessInfo.processInfo.environment["CI"] == "true" { return nil }
        if getuid() != 0 { return "network namespace tests need root" }
        if !FileManager.default.isExecutableFile(atPath: ip) { return "network namespace tests need \(ip) (iproute2)" }
        return nil
    }

    /// Where iproute2's `ip` is.
    public static let ip = "/usr/sbin/ip"

    private static let counter = Counter()
    /// The hosts, in the order asked for.
    public let hosts: [Host]
    private let switchNamespace: String
    /// A temporary folder for the programs' output files, removed with the LAN.
    public let folder: String
    private let lock = NSLock()
    private var children: [ChildProcess] = []
    private var removed = false

    /// Creates `count` hosts (at most 9) on one bridge; throws (after cleaning up) when a step fails.
    public init(hosts count: Int) throws {
        guard getuid() == 0 else { throw TestFailure("network namespace tests need root") }
        guard FileManager.default.isExecutableFile(atPath: Self.ip) else {
            throw TestFailure("\(Self.ip) is missing: install iproute2")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else {
            throw TestFailure("/usr/bin/unshare is missing: install util-linux")
        }
        let tag = "\(getpid() % 100_000)\(Self.counter.next())"
        let subnet = Int(getpid() % 200) + Self.counter.next() % 50
        switchNamespace = "lc\(tag)sw"
        folder = NSTemporaryDirectory() + "letschat-lan-\(tag)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        hosts = (0..<count).map { index in
            let letter = String(UnicodeScalar(UInt8(97 + index)))
            return Host(namespace: "lc\(tag)\(letter)", hostName: "lchost\(tag)\(letter)", address: "10.77.\(subnet).\(index + 1)",
                        interface: "lc\(tag)\(letter)")
        }
        do {
            try Self.run(["netns", "add", switchNamespace])
            try Self.run(["-n", switchNamespace, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0"])
            try Self.run(["-n", switchNamespace, "link", "set", "br0", "up"])
            for host in hosts {
                try Self.run(["netns", "add", host.namespace])
                try Self.run(["-n", host.namespace, "link", "set", "lo", "up"])
                try Self.run(["-n", switchNamespace, "link", "add", host.interface + "p", "type", "veth",
                              "peer", "name", host.interface, "netns", host.namespace])
                try Self.run(["-n", switchNamespace, "link", "set", host.interface + "p", "master", "br0", "up"])
                try Self.run(["-n", host.namespace, "addr", "add", host.address + "/24", "dev", host.interface])
                try Self.run(["-n", host.namespace, "link", "set", host.interface, "up", "multicast", "on"])
                try Self.run(["-n", host.namespace, "route", "add", "224.0.0.0/4", "dev", host.interface])
            }
        } catch {
            remove()
            throw error
        }
    }

    deinit {
        remove()
    }

    /// Runs `arguments` (an absolute executable first) on `host`, in its namespace and with its host
    /// name, in the background; output goes to the file `output` in `folder`. It is killed by `remove()`.
    @discardableResult
    public func start(on host: Host, _ arguments: [String], environment: [String: String] = [:], output: String) throws -> ChildProcess {
        let child = try ChildProcess(Self.ip, command(on: host, arguments), environment: Self.environment(environment),
                                     outputFile: file(output))
        lock.withLock { children.append(child) }
        return child
    }

    /// Runs `arguments` on `host` to its end (killed after `seconds`) and returns how it ended.
    public func run(on host: Host, _ arguments: [String], environment: [String: String] = [:],
                    seconds: Double = 10) throws -> ChildProcess.Outcome {
        try ChildProcess.run(Self.ip, command(on: host, arguments), environment: Self.environment(environment), seconds: seconds)
    }

    /// Kills every program started on the hosts and deletes the namespaces; safe to call twice.
    public func remove() {
        let running = lock.withLock { () -> [ChildProcess]? in
            if removed { return nil }
            removed = true
            return children
        }
        guard let running else { return }
        for child in running { child.terminate(grace: 2) }
        for namespace in hosts.map(\.namespace) + [switchNamespace] {
            // Anything still inside (a daemon that forked) goes first, or the namespace outlives its name.
            if let pids = try? ChildProcess.run(Self.ip, ["netns", "pids", namespace], environment: [:], seconds: 5).output {
                for pid in pids.split(separator: "\n").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            _ = try? ChildProcess.run(Self.ip, ["netns", "delete", namespace], environment: [:], seconds: 5)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The path of output file `name` in `folder`.
    public func file(_ name: String) -> String {
        folder + "/" + name
    }

    /// What the output file `name` holds so far ("" before it exists).
    public func contents(of name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }

    private func command(on host: Host, _ arguments: [String]) -> [String] {
        // A UTS namespace of its own gives each host its own name; exec keeps the program's pid.
        ["netns", "exec", host.namespace, "/usr/bin/unshare", "--uts", "/bin/sh", "-c",
         "hostname \"$0\" && exec \"$@\"", host.hostName] + arguments
    }

    private static func environment(_ extra: [String: String]) -> [String: String] {
        ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "SWIFT_BACKTRACE": "enable=no"].merging(extra) { $1 }
    }

    /// Runs `ip` with `arguments` (`-n NAMESPACE addr flush dev IF`, say); throws if it fails.
    public func ip(_ arguments: [String]) throws {
        try Self.run(arguments)
    }

    private static func run(_ arguments: [String]) throws {
        let outcome = try ChildProcess.run(ip, arguments, environment: [:], seconds: 10)
        guard outcome.status == 0 else {
            throw TestFailure("ip \(arguments.joined(separator: " ")) failed (\(outcome.status)): \(outcome.errors)")
        }
    }

    /// A process-wide counter for unique names.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func next() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }
}

extension VirtualLAN {
    /// Runs `body` on a new thread that has joined `host`'s network namespace, and returns its result.
    /// Sockets it opens, and threads it starts (a `RoomBrowser`'s), stay in that namespace.
    public func inNamespace<T: Sendable>(of host: Host, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let fd = open("/var/run/netns/\(host.namespace)", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TestFailure("cannot open the namespace \(host.namespace)") }
        defer { close(fd) }
        let outcome = Outcome<T>()
        let thread = Thread {
            // CLONE_NEWNET, which Swift's Glibc module does not show.
            if setns(fd, 0x4000_0000) != 0 {
                outcome.set(.failure(TestFailure("setns into \(host.namespace) failed: \(String(cString: strerror(errno)))")))
            } else {
                outcome.set(Result { try body() })
            }
        }
        thread.start()
        return try outcome.wait().get()
    }

    /// A result handed from one thread to another; `condition` guards `result`.
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private var result: Result<T, any Error>?

        func set(_ value: Result<T, any Error>) {
            condition.withLock {
                result = value
                condition.broadcast()
            }
        }

        func wait() -> Result<T, any Error> {
            condition.withLock {
                while result == nil { condition.wait() }
                return result!
            }
        }
    }
}
