import Foundation
import Testing
@testable import TUI

@Suite struct KnownHostsFileTests {
    private let pin = Fingerprint(String(repeating: "5A", count: 32))!

    private func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("known-hosts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theDefaultPathIsUnderXDGDataHomeOrElseHome() {
        #expect(KnownHostsFile(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]).path == "/d/letschat/known_hosts")
        #expect(KnownHostsFile(environment: ["XDG_DATA_HOME": "", "HOME": "/h"]).path
                == "/h/.local/share/letschat/known_hosts")
    }

    @Test func aMissingFileHoldsNoPins() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = KnownHostsFile(path: folder + "/none/known_hosts")
        #expect(try file.load() == KnownHosts())
    }

    @Test func addingAPinCreatesTheFolderAndTheFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = KnownHostsFile(environment: ["XDG_DATA_HOME": folder + "/data"])
        try file.add(pin, host: "127.0.0.1", port: 55556)
        #expect(try String(contentsOfFile: folder + "/data/letschat/known_hosts", encoding: .utf8)
                == "127.0.0.1:55556 \(pin.hex)\n")
        #expect(try file.load().pin(host: "127.0.0.1", port: 55556) == pin)
    }

    @Test func addingAPinKeepsWhatTheFileAlreadyHeld() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/known_hosts"
        try "# mine\nother:1 \(pin.hex)\n".write(toFile: path, atomically: true, encoding: .utf8)
        try KnownHostsFile(path: path).add(pin, host: "::1", port: 6697)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# mine\nother:1 \(pin.hex)\n[::1]:6697 \(pin.hex)\n")
    }

    @Test func anUnwritableFolderIsAFailureThatNamesThePath() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A file where the folder should be cannot be made into one, even by root.
        try "x".write(toFile: folder + "/blocker", atomically: true, encoding: .utf8)
        let file = KnownHostsFile(path: folder + "/blocker/known_hosts")
        #expect(throws: KnownHostsFile.Failure.self) { try file.add(pin, host: "h", port: 1) }
        do {
            try file.add(pin, host: "h", port: 1)
        } catch {
            #expect(error.description.contains(folder + "/blocker/known_hosts"))
        }
    }
}
