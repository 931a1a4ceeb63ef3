import Testing
@testable import TUI

@Suite struct TrustGateTests {
    private let old = Fingerprint(String(repeating: "0C", count: 32))!
    private let new = Fingerprint(String(repeating: "0D", count: 32))!
    private let gate = TrustGate(host: "::1", port: 6697, file: KnownHostsFile(path: "/k/known_hosts"))

    @Test func nothingIsShownUntilAskedAndKeysDoNothing() {
        var gate = gate
        #expect(gate.frame(columns: 100, rows: 30) == nil)
        #expect(gate.apply(.enter) == .none)
    }

    @Test func enterAtTheQuestionTrustsTheFingerprintAndTakesTheQuestionDown() throws {
        var gate = gate
        gate.ask(new)
        let screen = try #require(gate.frame(columns: 100, rows: 30)).text(columns: 100, rows: 30).joined(separator: "\n")
        #expect(screen.contains("[::1]:6697"))
        #expect(gate.apply(.character("y")) == .none)
        #expect(gate.apply(.enter) == .trust(new))
        #expect(gate.screen == nil)
    }

    @Test func escAtTheQuestionLeavesSayingWhy() {
        var gate = gate
        gate.ask(new)
        guard case .leave(let note) = gate.apply(.escape) else {
            Issue.record("Esc did not leave")
            return
        }
        #expect(note.contains("[::1]:6697") && note.contains("not trusted"))
    }

    @Test func theWarningNamesTheKnownHostsLineThatHoldsThePin() throws {
        var gate = gate
        gate.refuse(.refuseChanged(pinned: old, offered: new), hosts: KnownHosts(parsing: "# x\n[::1]:6697 \(old.hex)\n"))
        guard case .warning(let warning) = gate.screen else {
            Issue.record("no warning")
            return
        }
        #expect(warning.pinLine == TrustWarning.PinLine(number: 2, text: "[::1]:6697 \(old.hex)"))
        #expect(warning.problem == .changed(offered: new))
        #expect(warning.knownHostsPath == "/k/known_hosts")
    }

    @Test func aPinThatTheFileDoesNotHoldCameFromTheCommandLine() {
        var gate = gate
        gate.refuse(.refusePlain(pinned: new), hosts: KnownHosts(parsing: "[::1]:6697 \(old.hex)\n"))
        guard case .warning(let warning) = gate.screen else {
            Issue.record("no warning")
            return
        }
        #expect(warning.pinLine == nil)
        #expect(warning.problem == .plainText)
    }

    @Test func noKeyGetsPastTheWarningAndEveryKeyLeaves() {
        var gate = gate
        gate.refuse(.refuseChanged(pinned: old, offered: new), hosts: KnownHosts())
        #expect(gate.apply(.resize) == .none)
        for key: Key in [.enter, .escape, .character("q"), .character("y")] {
            guard case .leave(let note) = gate.apply(key) else {
                Issue.record("\(key) did not leave")
                continue
            }
            #expect(note.contains(old.hex) && note.contains(new.hex))
            #expect(gate.screen != nil, "the warning went away")
        }
    }

    @Test func aRefusalThatIsNotAboutAPinShowsNothing() {
        var gate = gate
        gate.refuse(.refuseWithoutTLS, hosts: KnownHosts())
        #expect(gate.screen == nil)
    }
}
