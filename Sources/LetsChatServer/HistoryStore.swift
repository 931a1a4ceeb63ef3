#if canImport(Glibc)
import Glibc
#endif
import LetsChatCore
import LetsChatSystem

/// The append-only history file.
///
/// Each event is written with one `write` before anyone is sent it, so a `kill -9` loses nothing
/// that a client saw (the page cache survives the process). Only `Room` calls it, under its lock.
///
/// A line can still be torn (power loss, a full disk). What is left of it may parse as an event,
/// so it is recognised by its end instead: bytes after the file's last LF are never an event, and
/// when the next event is appended the torn line is closed with CR LF, which `HistoryLine.format`
/// never writes (it escapes CR), so the line stays skipped after every later restart.
final class HistoryStore {
    /// Where the history lives.
    let path: String
    private let maxBytes: Int?
    private var fd: Int32
    private var size: Int
    private var lastWriteTorn = false

    /// Opens (creating if needed) the history at `path` for appending; past `maxBytes` it rotates to `PATH.1`.
    init(path: String, maxBytes: Int? = nil) throws(SocketError) {
        self.path = path
        self.maxBytes = maxBytes
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SocketError("open history file \(path)") }
        size = Int(lseek(fd, 0, SEEK_END))
        // A crash may have left a torn last line; start the next event on a fresh line.
        lastWriteTorn = !HistoryStore.endsWithNewline(path: path)
    }

    /// The file the history rotates into.
    static func rotatedPath(_ path: String) -> String {
        path + ".1"
    }

    /// Closes the history file.
    deinit {
        close(fd)
    }

    /// Appends one event; false if the disk refused it (full, read-only, removed device).
    func append(_ event: RoomEvent) -> Bool {
        var line = lastWriteTorn ? HistoryStore.tornLineEnd : ""
        line += HistoryLine.format(event)
        line += "\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                SystemCall.retryingInterrupts { write(fd, raw.baseAddress! + offset, raw.count - offset) }
            }
            if written < 0 {
                lastWriteTorn = lastWriteTorn || offset > 0
                return false
            }
            offset += written
        }
        lastWriteTorn = false
        size += bytes.count
        if let maxBytes, size > maxBytes { rotate() }
        return true
    }

    /// Moves the full file to `PATH.1` (replacing the previous one) and starts an empty one.
    private func rotate() {
        let fresh = open(path + ".new", O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fresh >= 0 else { return }
        // Rename order keeps a complete history on disk at every instant.
        guard rename(path, HistoryStore.rotatedPath(path)) == 0, rename(path + ".new", path) == 0 else {
            close(fresh)
            return
        }
        close(fd)
        fd = fresh
        size = 0
    }

    /// Closes a torn line: a CR that no formatted line ends with, then LF.
    static let tornLineEnd = "\r\n"

    /// Forces written events to stable storage (on shutdown).
    func sync() {
        fsync(fd)
    }

    /// The last `count` events of the history at `path` and, if it holds fewer, of its rotated file.
    static func tail(path: String, count: Int) -> [RoomEvent] {
        let recent = tail(file: path, count: count)
        guard recent.count < count else { return recent }
        return tail(file: rotatedPath(path), count: count - recent.count) + recent
    }

    /// The last `count` events of the file at `path`, oldest first.
    ///
    /// Reads backwards from the end in blocks, so the cost follows `count`, not the file's size.
    /// Torn lines (see the type's notes) and lines that do not parse (foreign text) are skipped.
    private static func tail(file path: String, count: Int) -> [RoomEvent] {
        guard count > 0 else { return [] }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var position = Int(lseek(fd, 0, SEEK_END))
        var carry: [UInt8] = []
        var events: [RoomEvent] = []
        var inTornTail = true
        let blockSize = 64 * 1024
        while position > 0 && events.count < count {
            let size = min(blockSize, position)
            position -= size
            var block = [UInt8](repeating: 0, count: size)
            let read = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, size, off_t(position)) }
            guard read == size else { break }
            block.append(contentsOf: carry)
            var lines = block.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if inTornTail {
                // The file's last piece has no LF after it: empty, or a line torn while being written.
                lines.removeLast()
                inTornTail = lines.isEmpty
                if inTornTail { continue }
            }
            // The first piece may be the end of a line that starts in an earlier block.
            carry = position > 0 ? Array(lines.removeFirst()) : []
            for line in lines.reversed() where !line.isEmpty && line.last != UInt8(ascii: "\r") {
                if let event = HistoryLine.parse(String(decoding: line, as: UTF8.self)) {
                    events.append(event)
                    if events.count == count { break }
                }
            }
        }
        return events.reversed()
    }

    private static func endsWithNewline(path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return true }
        var last: UInt8 = 0
        return pread(fd, &last, 1, size - 1) == 1 && last == UInt8(ascii: "\n")
    }
}
