import Foundation

/// This package's checkout, found from the test sources, for tests that read its files (the README,
/// man pages, design notes, scripts) or look for its build folder.
public enum Repository {
    /// The folder with `Package.swift` above this source file, or nil when the sources are elsewhere.
    public static let root: URL? = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }()

    /// Where `path` (relative to the root) is; throws when the checkout cannot be found.
    public static func url(_ path: String) throws -> URL {
        guard let root else { throw TestFailure("no Package.swift above \(#filePath): the sources were moved") }
        return root.appendingPathComponent(path)
    }

    /// The text of `path` (relative to the root).
    public static func text(_ path: String) throws -> String {
        try String(contentsOf: try url(path), encoding: .utf8)
    }
}
