import Foundation
import LetsChatCore
import Testing

/// History under pressure: rotation by size, and a disk that fills up and frees again.
@Suite struct HistoryStoreDiskTests {
    private let channel = TestServer.channel

    @Test func historyRotatesBySizeAndReplayReadsAcrossTheRotation() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("history.txt")
            try withServer(historyPath: path, configure: {
                $0.historyMaxBytes = 2048
                $0.replayCount = 40
                $0.floodRate = 0
            }) { server in
                let alice = try server.ircClient("alice")
                for number in 0..<60 {
                    try alice.irc("PRIVMSG \(channel) :rotating message number \(number) with padding")
                }
                try alice.irc("PING sync")
                try alice.expectIRC("PONG") { $0.command == "PONG" }
                let rotated = try String(contentsOfFile: path + ".1", encoding: .utf8)
                let current = try String(contentsOfFile: path, encoding: .utf8)
                #expect(rotated.utf8.count > 2048 - 200 && current.utf8.count <= 2048 + 200)
                let latecomer = try server.ircClient("bob")
                let replay = try latecomer.linesUntilPong().compactMap { try? IRCMessage(parsing: $0) }
                    .filter { $0.command == "PRIVMSG" }.compactMap { $0.params.last }
                #expect(replay.count >= 39)
                #expect(replay.last == "rotating message number 59 with padding")
                let firstNumber = replay.first.flatMap { Int($0.split(separator: " ")[3]) } ?? -1
                // The oldest replayed messages can only have come from the rotated file.
                #expect(!current.contains("rotating message number \(firstNumber) "))
            }
        }
    }

    @Test(.enabled(if: HistoryStoreDiskTests.canMount || ProcessInfo.processInfo.environment["CI"] == "true",
                   "needs root to mount a small tmpfs (CI runs it)"))
    func aFullDiskKeepsTheChatGoingTellsUsersAndSavingResumesWhenSpaceReturns() throws {
        try withTemporaryDirectory { directory in
            let mountPoint = directory.file("small-disk")
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint])
            defer { try? run("/bin/umount", ["-l", mountPoint]) }
            let path = mountPoint + "/history.txt"
            let filler = mountPoint + "/filler"
            try withServer(historyPath: path, configure: { $0.floodRate = 0 }) { server in
                let alice = try server.ircClient("alice")
                let bob = try server.ircClient("bob")
                fillDisk(filler)
                // The history file's last page may still have room: talk until the disk refuses.
                var warned = false
                for number in 0..<300 where !warned {
                    try alice.irc("PRIVMSG \(channel) :filling \(number) " + String(repeating: "x", count: 200))
                    try alice.irc("PING sync\(number)")
                    let seen = try bob.collect(until: "message \(number)") { $0.contains(":filling \(number) ") }
                    warned = seen.contains { $0.contains("NOTICE") && $0.contains("not being saved") }
                }
                #expect(warned, "the disk never refused a write")
                try alice.irc("PRIVMSG \(channel) :while the disk is full")
                try bob.expectIRC("the message sent while full") { $0.params.last == "while the disk is full" }
                try FileManager.default.removeItem(atPath: filler)
                try alice.irc("PRIVMSG \(channel) :space is back")
                try bob.expectIRC("the recovery notice") { $0.command == "NOTICE" && ($0.params.last ?? "").contains("saved again") }
                try bob.expectIRC("the message after recovery") { $0.params.last == "space is back" }
            }
            let history = try String(contentsOfFile: path, encoding: .utf8)
            #expect(history.contains(" MSG alice space is back"))
            #expect(!history.contains("while the disk is full"))
            let lines = history.split(separator: "\n")
            #expect(lines.allSatisfy { HistoryLine.parse($0) != nil || $0.hasSuffix("\r") }, "\(history)")
        }
    }

    static var canMount: Bool { getuid() == 0 }

    private func fillDisk(_ path: String) {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { return }
        let block = Data(repeating: 0x2E, count: 1024)
        while (try? handle.write(contentsOf: block)) != nil {}
        // Fill the last partial block too.
        while (try? handle.write(contentsOf: Data([0x2E]))) != nil {}
        try? handle.close()
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw TestClientError(description: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}
