import Foundation

/// Where `swift build` put this package's executables, for tests that run the real programs.
public enum BuiltProduct {
    /// The executable `name` built beside the test bundle, else in `<package>/.build/debug`; throws
    /// saying how to build it when neither exists.
    public static func path(_ name: String) throws -> String {
        let bundle = Bundle.main.bundleURL
        var candidates = [bundle.deletingLastPathComponent().appendingPathComponent(name).path,
                          bundle.appendingPathComponent(name).path]
        if let root = Repository.root {
            candidates.append(root.appendingPathComponent(".build/debug/\(name)").path)
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestFailure("the \(name) program is missing (looked at \(candidates.joined(separator: ", "))); "
                              + "build it first with 'swift build --build-tests'")
        }
        return found
    }
}
