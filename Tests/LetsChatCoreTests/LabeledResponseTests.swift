import LetsChatCore
import Testing

@Suite struct LabeledResponseTests {
    private func wrap(_ lines: [String], label: String = "L1") -> [IRCMessage] {
        let bytes = Array(lines.map { $0 + "\r\n" }.joined().utf8)
        let out = String(decoding: LabeledResponse.wrap(bytes, label: label, serverName: "irc.test", batchID: "b7"), as: UTF8.self)
        #expect(out.hasSuffix("\r\n"))
        return out.split(separator: "\r\n").map { try! IRCMessage(parsing: String($0)) }
    }

    @Test func noAnswerBecomesAnAckCarryingTheLabel() {
        let out = wrap([])
        #expect(out.count == 1)
        #expect(out[0].command == "ACK" && out[0].source == "irc.test" && out[0].tag("label") == "L1")
    }

    @Test func oneAnswerCarriesTheLabelBesideTheTagsItHad() {
        let out = wrap(["@time=2026-01-01T00:00:00.000Z :a!u@h PRIVMSG b :hi"])
        #expect(out.count == 1)
        #expect(out[0].tag("label") == "L1" && out[0].tag("time") == "2026-01-01T00:00:00.000Z")
        #expect(out[0].params == ["b", "hi"])
    }

    @Test func severalAnswersComeInsideOneLabeledBatch() {
        let out = wrap([":irc.test 352 a #r u h irc.test a H :0 a", ":irc.test 315 a #r :End of WHO list"])
        #expect(out.map(\.command) == ["BATCH", "352", "315", "BATCH"])
        #expect(out[0].params == ["+b7", "labeled-response"] && out[0].tag("label") == "L1")
        #expect(out[1...2].allSatisfy { $0.tag("batch") == "b7" && $0.tag("label") == nil })
        #expect(out[3].params == ["-b7"])
    }

    @Test func aLabelWithSpacesAndSemicolonsIsEscapedAndReadsBackTheSame() {
        #expect(wrap([], label: "a b;c\\d")[0].tag("label") == "a b;c\\d")
    }

    @Test func anOverlongLabelCountsAsNoLabel() throws {
        let long = String(repeating: "x", count: LabeledResponse.maxLabelBytes + 1)
        #expect(LabeledResponse.label(of: try IRCMessage(parsing: "@label=\(long) PING x")) == nil)
        #expect(LabeledResponse.label(of: try IRCMessage(parsing: "@label=ok PING x")) == "ok")
        #expect(LabeledResponse.label(of: try IRCMessage(parsing: "PING x")) == nil)
    }
}
