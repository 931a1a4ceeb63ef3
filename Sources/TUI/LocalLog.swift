import Foundation
import LetsChatCore

/// The client's own record of what it showed, one timestamped line per entry, appended per server
/// (the original LetsChat kept history on each client too).
final class LocalLog {
    /// Where the log is written.
    let path: String
    private let handle: FileHandle

    /// Opens (creating) the log at `path`, making its folder.
    init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        if !FileManager.default.fileExists(atPath: path) {
            // A failure shows up as the nil handle below, which reports it.
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    /// Closes the log file.
    deinit {
        try? handle.close()
    }

    /// The default log for a server: `$XDG_DATA_HOME/letschat/HOST-PORT.log`
    /// (`~/.local/share/letschat/...` when XDG_DATA_HOME is unset).
    static func defaultPath(host: String, port: UInt16, environment: [String: String]) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/share")
        let safeHost = String(host.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
        return "\(base)/letschat/\(safeHost)-\(port).log"
    }

    /// Appends `line` as `2026-11-26T20:46:01.123Z <alice> hello`.
    func append(_ line: ChatLine, now: Timestamp) {
        let stamp = (line.time ?? now).iso8601
        let text = (line.isHistory ? "[history] " : "") + line.prefix + line.text
        try? handle.write(contentsOf: Data("\(stamp) \(text)\n".utf8))
    }
}
