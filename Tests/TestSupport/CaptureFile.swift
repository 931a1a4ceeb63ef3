import Foundation

/// A temporary file a child process writes into; removed when nothing holds it any more.
final class CaptureFile {
    /// The open descriptor (close-on-exec; `posix_spawn`'s dup2 hands a copy to the child).
    let descriptor: Int32
    private let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("letschat-capture-\(UUID().uuidString)").path
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TestFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Everything written so far, as UTF-8 text.
    func contents() -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
