import Foundation

/// Where the client keeps `KnownHosts`: `$XDG_DATA_HOME/letschat/known_hosts`
/// (`~/.local/share/letschat/known_hosts` when XDG_DATA_HOME is unset). Reads it whole and writes it
/// whole, atomically (a new file renamed over the old), so a crash never leaves half a file.
public struct KnownHostsFile: Sendable {
    /// Why the file could not be read or written, worded for the user.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The one-line explanation.
        public let description: String
    }

    /// The file's path.
    public let path: String

    /// The file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The default file for this user, from `environment` (XDG_DATA_HOME, else HOME).
    public init(environment: [String: String]) {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/share")
        self.init(path: base + "/letschat/known_hosts")
    }

    /// The pins in the file; none when it does not exist yet.
    public func load() throws(Failure) -> KnownHosts {
        guard FileManager.default.fileExists(atPath: path) else { return KnownHosts() }
        do {
            return KnownHosts(parsing: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw Failure(description: "cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Replaces the file with `hosts`, making its folder first.
    public func save(_ hosts: KnownHosts) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try Data(hosts.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Pins `fingerprint` for `host`:`port`, re-reading the file first so pins another client added meanwhile stay.
    public func add(_ fingerprint: Fingerprint, host: String, port: UInt16) throws(Failure) {
        var hosts = try load()
        hosts.add(fingerprint, host: host, port: port)
        try save(hosts)
    }
}
