import Testing
@testable import TUI

@Suite struct TrustWarningTests {
    private let old = Fingerprint(String(repeating: "0A", count: 32))!
    private let new = Fingerprint(String(repeating: "0B", count: 32))!
    private let path = "/home/a/.local/share/letschat/known_hosts"

    private func screen(_ warning: TrustWarning) -> String {
        warning.frame(columns: 100, rows: 30).text(columns: 100, rows: 30).joined(separator: "\n")
    }

    @Test func aChangedCertificateNamesBothFingerprintsTheFileAndTheLineToDelete() {
        let warning = TrustWarning(endpoint: "127.0.0.1:6697", pinned: old, problem: .changed(offered: new),
                                   knownHostsPath: path, pinLine: .init(number: 4, text: "127.0.0.1:6697 \(old.hex)"))
        let text = screen(warning)
        #expect(text.contains("HAS CHANGED"))
        #expect(text.contains("Pinned fingerprint:  \(old.hex)"))
        #expect(text.contains("Offered fingerprint: \(new.hex)"))
        #expect(text.contains("delete line 4 of the known_hosts file"))
        #expect(text.contains("file: \(path)"))
        #expect(text.contains("line 4: 127.0.0.1:6697 \(old.hex)"))
        #expect(warning.summary.contains(old.hex) && warning.summary.contains(new.hex))
    }

    @Test func aPinnedServerAnsweringInPlainTextIsNamedAsSuch() {
        let warning = TrustWarning(endpoint: "h:1", pinned: old, problem: .plainText, knownHostsPath: path,
                                   pinLine: .init(number: 1, text: "h:1 \(old.hex)"))
        let text = screen(warning)
        #expect(text.contains("NO LONGER SPEAKS TLS"))
        #expect(text.contains(old.hex))
        #expect(text.contains("delete line 1"))
    }

    @Test func aPinFromTheCommandLineHasNoLineToDelete() {
        let warning = TrustWarning(endpoint: "h:1", pinned: old, problem: .changed(offered: new), knownHostsPath: path,
                                   pinLine: nil)
        let text = screen(warning)
        #expect(text.contains("--fingerprint"))
        #expect(!text.contains("delete line"))
    }

    @Test func everyKeyButAResizeLeaves() {
        for key: Key in [.enter, .escape, .character("q"), .character("y"), .ctrl("c"), .tab] {
            #expect(TrustWarning.leaves(on: key))
        }
        #expect(!TrustWarning.leaves(on: .resize))
    }
}
