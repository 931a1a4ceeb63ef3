import Foundation
import LetsChatCore
import Testing

/// Checks the codec against the ircdocs parser test vectors (PyPI `irc-parser-tests`: msg-split and msg-join).
///
/// The vectors are read from the JSON file named by `IRC_PARSER_VECTORS`; when that is unset they are made
/// into a temporary file by `.ci/irc-parser-vectors.py`. Missing vectors fail the run in CI (`CI=true`) and
/// skip `vectorsAreAvailable` elsewhere, with the reason.
///
/// The vectors keep the verb's case ("foo"); `IRCMessage` upper-cases commands, since IRC commands are
/// case-insensitive and the server dispatches on the upper-case form, so verbs are compared upper-cased.
/// Tag order carries no meaning, so tags are compared as sorted `key=value` lists.
struct IRCParserVectorTests {
    @Test(.enabled(if: IRCParserVectors.mustBeChecked, IRCParserVectors.skipReason))
    func vectorsAreAvailable() throws {
        let vectors = try IRCParserVectors.loaded.get()
        #expect(!vectors.split.isEmpty)
        #expect(!vectors.join.isEmpty)
    }

    @Test(arguments: IRCParserVectors.split)
    func parsesSplitVector(_ vector: IRCParserVectors.Split) throws {
        let parts = try IRCParserVectors.Parts(IRCMessage(parsing: vector.input))
        #expect(parts == vector.atoms.normalized)
    }

    @Test(arguments: IRCParserVectors.join)
    func serializesJoinVectorToAnAcceptedFormThatParsesBack(_ vector: IRCParserVectors.Join) throws {
        let serialized = vector.atoms.message.serialized
        #expect(vector.matches.contains(serialized), "\(serialized.debugDescription) is not among \(vector.matches)")
        let parsedBack = try IRCParserVectors.Parts(IRCMessage(parsing: serialized))
        #expect(parsedBack == vector.atoms.normalized)
    }

    @Test(arguments: IRCParserVectors.join)
    func parsesEveryAcceptedFormOfAJoinVector(_ vector: IRCParserVectors.Join) throws {
        for line in vector.matches {
            let parts = try IRCParserVectors.Parts(IRCMessage(parsing: line))
            #expect(parts == vector.atoms.normalized, "\(line.debugDescription)")
        }
    }
}

/// The vectors and how they were found.
enum IRCParserVectors {
    /// A message's parts in the form the vectors are compared in.
    struct Parts: Equatable, CustomStringConvertible {
        var tags: [String]
        var source: String?
        var verb: String
        var params: [String]

        init(tags: [(String, String)], source: String?, verb: String, params: [String]) {
            self.tags = tags.map { "\($0.0)=\($0.1)" }.sorted()
            self.source = source
            self.verb = verb.uppercased()
            self.params = params
        }

        init(_ message: IRCMessage) {
            self.init(tags: message.tags.map { ($0.key, $0.value) }, source: message.source, verb: message.command,
                      params: message.params)
        }

        var description: String {
            "tags \(tags.map(\.debugDescription)) source \(source.debugDescription) verb \(verb) params \(params)"
        }
    }

    /// A message as the vector files describe it.
    struct Atoms: Decodable, Sendable {
        let tags: [[String]]
        let source: String?
        let verb: String
        let params: [String]

        var normalized: Parts {
            Parts(tags: tags.map { ($0[0], $0[1]) }, source: source, verb: verb, params: params)
        }

        var message: IRCMessage {
            IRCMessage(tags: tags.map { (key: $0[0], value: $0[1]) }, source: source, command: verb, params: params)
        }
    }

    /// A line and the parts it must split into.
    struct Split: Decodable, Sendable, CustomTestStringConvertible {
        let input: String
        let atoms: Atoms
        var testDescription: String { input.debugDescription }
    }

    /// Parts and the lines they may be joined into.
    struct Join: Decodable, Sendable, CustomTestStringConvertible {
        let desc: String
        let atoms: Atoms
        let matches: [String]
        var testDescription: String { desc }
    }

    struct File: Decodable, Sendable {
        let split: [Split]
        let join: [Join]
    }

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static let loaded: Result<File, Unavailable> = load()
    static var split: [Split] { (try? loaded.get())?.split ?? [] }
    static var join: [Join] { (try? loaded.get())?.join ?? [] }

    /// In CI missing vectors are a failure, so the availability test always runs there.
    static var mustBeChecked: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true" || (try? loaded.get()) != nil
    }

    static var skipReason: Comment {
        guard case .failure(let reason) = loaded else { return "IRC parser vectors loaded" }
        return Comment(rawValue: "IRC parser vectors unavailable, so they were not checked: \(reason)."
            + " Run `pip install irc-parser-tests pyyaml` or set IRC_PARSER_VECTORS to a JSON file"
            + " made by .ci/irc-parser-vectors.py.")
    }

    private static func load() -> Result<File, Unavailable> {
        if let given = ProcessInfo.processInfo.environment["IRC_PARSER_VECTORS"], !given.isEmpty {
            return read(given)
        }
        let made = FileManager.default.temporaryDirectory.appendingPathComponent("irc-parser-vectors-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: made) }
        if let failure = generate(into: made.path) { return .failure(failure) }
        return read(made.path)
    }

    private static func read(_ path: String) -> Result<File, Unavailable> {
        do {
            return .success(try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path))))
        } catch {
            return .failure(Unavailable(description: "cannot read \(path): \(error)"))
        }
    }

    private static func generate(into path: String) -> Unavailable? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = root.appendingPathComponent(".ci/irc-parser-vectors.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, path]
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return Unavailable(description: "cannot run python3: \(error)")
        }
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastLine = output.split(separator: "\n").last.map(String.init) ?? "no message"
            return Unavailable(description: "python3 \(script) exited with \(process.terminationStatus): \(lastLine)")
        }
        return nil
    }
}
