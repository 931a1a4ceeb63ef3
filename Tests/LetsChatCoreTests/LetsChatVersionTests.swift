import Foundation
import LetsChatCore
import Testing
import TestSupport

/// `--version` on the three built programs, and the man pages, name the one version constant.
@Suite struct LetsChatVersionTests {
    @Test(arguments: ["letschat", "letschat-server", "letschat-bench"])
    func eachProgramPrintsTheVersionAndExitsZero(program: String) throws {
        let run = try ChildProcess.run(try BuiltProduct.path(program), ["--version"],
                                       environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == LetsChatVersion.string + "\n")
    }

    @Test(arguments: ["letschat.1", "letschat-server.1"])
    func eachManPageFooterNamesTheVersion(page: String) throws {
        let lines = try Repository.text("Resources/man/\(page)").split(separator: "\n")
        let header = lines.first { $0.hasPrefix(".TH ") }
        #expect(header?.contains("\"LetsChat \(LetsChatVersion.string)\"") == true, "\(header ?? "no .TH line")")
    }
}
