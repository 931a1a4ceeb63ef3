#if canImport(Glibc)
import Glibc
#endif
import LetsChatSystem

/// Reads small whole files (a password, a message of the day) without Foundation.
public enum FileContents {
    /// The bytes of the file at `path`, or nil when it cannot be opened or read.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var contents: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = block.withUnsafeMutableBytes { raw in
                SystemCall.retryingInterrupts { Glibc.read(fd, raw.baseAddress, raw.count) }
            }
            if count == 0 { return contents }
            if count < 0 { return nil }
            contents.append(contentsOf: block[0..<count])
        }
    }
}
