import Foundation
import TestSupport

/// The Debian programs the interop tests run, and the rule for when one is missing:
/// with `CI=true` the test fails saying what to install; otherwise it is disabled with that reason.
enum Peer: String, CaseIterable, Sendable {
    case irssi
    case weechat = "weechat-headless"
    case ngircd
    case inspircd
    case tmux

    /// The Debian package that provides the program.
    var package: String {
        rawValue
    }

    /// The program's absolute path, or nil if it is not installed.
    var path: String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        return folders.map { $0 + "/" + rawValue }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The program's path; throws (failing the test) if it is missing.
    func require() throws -> String {
        guard let path else {
            throw TestFailure("\(rawValue) is not installed; CI=true requires it (apt-get install \(package), as .ci/run does)")
        }
        return path
    }
}

/// Shared facts about the machine the interop tests run on.
enum Peers {
    /// Whether the environment is CI (`CI=true`), where a missing peer is a failure.
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether a test needing `peers` should run: all are installed, or we are on CI (where
    /// `require()` then fails it).
    static func runnable(_ peers: Peer...) -> Bool {
        isCI || peers.allSatisfy { $0.path != nil }
    }

    /// The environment for peers: ours without tmux's variables, in UTC and a UTF-8 locale, with
    /// `home` as HOME when given.
    static func environment(home: String? = nil) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["TMUX_PANE"] = nil
        environment["TZ"] = "UTC"
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        environment["SWIFT_BACKTRACE"] = "interactive=no"
        if let home { environment["HOME"] = home }
        return environment
    }
}
