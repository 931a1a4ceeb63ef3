import Testing
@testable import TUI

@Suite struct TrustPromptTests {
    private let prompt = TrustPrompt(endpoint: "10.0.0.5:55556", fingerprint: Fingerprint(String(repeating: "3C", count: 32))!,
                                     knownHostsPath: "/home/a/.local/share/letschat/known_hosts")

    @Test func theScreenNamesTheServerAndTheFingerprintInBothForms() {
        let screen = prompt.frame(columns: 100, rows: 30).text(columns: 100, rows: 30).joined(separator: "\n")
        #expect(screen.contains("10.0.0.5:55556"))
        #expect(screen.contains(String(repeating: "3C", count: 32)))
        #expect(screen.contains(Array(repeating: "3C", count: 32).joined(separator: ":")))
        #expect(screen.contains("Enter: trust"))
        #expect(screen.contains("Esc: leave"))
    }

    @Test func enterTrustsEscLeavesAndOtherKeysAreNoAnswer() {
        #expect(prompt.answer(for: .enter) == .trust)
        #expect(prompt.answer(for: .escape) == .leave)
        #expect(prompt.answer(for: .ctrl("c")) == .leave)
        #expect(prompt.answer(for: .character("y")) == nil)
        #expect(prompt.answer(for: .resize) == nil)
    }

    @Test func aNarrowTerminalWrapsEveryRowWithinItsWidth() {
        let frame = prompt.frame(columns: 40, rows: 30)
        #expect(frame.rows.allSatisfy { $0.x + $0.row.width <= 40 })
        #expect(frame.text(columns: 40, rows: 30).joined().contains("3C3C3C"))
    }

    @Test func aShortTerminalCutsTheTextAtTheBottom() {
        let frame = prompt.frame(columns: 100, rows: 5)
        #expect(frame.rows.allSatisfy { $0.y < 5 })
    }
}
