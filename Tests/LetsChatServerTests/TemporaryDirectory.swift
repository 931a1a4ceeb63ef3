import Foundation

/// A fresh folder under the system's temporary directory, for one test's history files and logs.
struct TemporaryDirectory {
    /// The folder's absolute path.
    let path: String

    /// Creates the folder.
    init() throws {
        var template = Array((NSTemporaryDirectory() + "/letschat-tests-XXXXXX").utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestClientError(description: "mkdtemp failed, errno \(errno)")
        }
        path = String(cString: created)
    }

    /// The path of `name` inside the folder.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` with a fresh temporary folder and removes the folder afterwards, even when `body` throws.
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try body(directory)
}
