import LetsChatCore
import Testing

/// The one line writer: byte-exact lines, colons only where IRC needs them, and never a second line.
struct IRCLineTests {
    private func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    @Test func writesSourceCommandMiddleAndTrailingParametersByteForByte() {
        var line = IRCLine(source: "irc.local", command: "NOTICE")
        line.param("#letschat")
        line.trailing("Hello there")
        #expect(line.wire == Array(":irc.local NOTICE #letschat :Hello there\r\n".utf8))
        #expect(line.text == ":irc.local NOTICE #letschat :Hello there")
    }

    @Test func writesALineWithoutSourceOrParameters() {
        #expect(IRCLine(command: "QUIT").wire == Array("QUIT\r\n".utf8))
    }

    @Test func aTrailingParameterAlwaysGetsItsColonEvenWhenItCouldDoWithout() {
        var line = IRCLine(source: "bob!b@h", command: "MODE")
        line.param("bob")
        line.trailing("+i")
        #expect(line.text == ":bob!b@h MODE bob :+i")
    }

    @Test func aClientLineWithATrailingTextKeepsItsColonAndItsMiddleParameters() {
        #expect(IRCLine(command: "PRIVMSG", params: ["#letschat"], trailing: "hi").text == "PRIVMSG #letschat :hi")
        #expect(IRCLine(command: "USER", params: ["bob", "0", "*"], trailing: "LetsChat user").text
                == "USER bob 0 * :LetsChat user")
        #expect(IRCLine(command: "QUIT", params: [], trailing: "").text == "QUIT :")
    }

    @Test func anEmptyTrailingParameterIsWrittenAsALoneColon() {
        var line = IRCLine(command: "TOPIC")
        line.param("#room")
        line.trailing("")
        #expect(line.text == "TOPIC #room :")
    }

    @Test(arguments: [
        (["#room"], "JOIN #room"),
        (["#room", "hi"], "JOIN #room hi"),
        (["#room", "hi all"], "JOIN #room :hi all"),
        (["#room", ""], "JOIN #room :"),
        (["#room", ":)"], "JOIN #room ::)"),
        ([], "JOIN"),
    ])
    func aListOfParametersMakesTheLastTrailingOnlyWhenItMustBe(params: [String], expected: String) {
        #expect(IRCLine(command: "JOIN", params: params).text == expected)
    }

    @Test(arguments: ["two words", ":starts with a colon", "", "cr\rin", "lf\nin", "nul\0in"])
    func aMiddleParameterThatCannotBeOneIsWrittenAsAStarSoTheRestKeepTheirPlaces(value: String) throws {
        var line = IRCLine(source: "srv", command: "432")
        line.param("me")
        line.param(value)
        line.trailing("Erroneous nickname")
        #expect(line.text == ":srv 432 me * :Erroneous nickname")
        #expect(try IRCMessage(parsing: line.text).params == ["me", "*", "Erroneous nickname"])
    }

    @Test func aParameterWithASpaceOrALeadingColonCanOnlyBeTrailing() {
        #expect(!IRCLine.canBeMiddle("a b"))
        #expect(!IRCLine.canBeMiddle(":a"))
        #expect(!IRCLine.canBeMiddle(""))
        #expect(IRCLine.canBeMiddle("a:b"))
        #expect(IRCLine.canBeMiddle("#room"))
    }

    @Test func carriageReturnLineFeedAndNulAreNeverWrittenWhereverTheyArePassed() throws {
        var line = IRCLine(tags: [("ti\nme", "x\0y")], source: "ev\r\nil", command: "PRIV\0MSG")
        line.param("#room")
        line.trailing("one\r\nQUIT :injected\0")
        let wire = line.wire
        #expect(!wire.dropLast(2).contains(13))
        #expect(!wire.dropLast(2).contains(10))
        #expect(!wire.contains(0))
        #expect(wire.suffix(2) == [13, 10])
        let message = try IRCMessage(parsing: line.text)
        #expect(message.command == "PRIVMSG")
        #expect(message.source == "evil")
        #expect(message.tag("time") == "xy")
        #expect(message.params == ["#room", "oneQUIT :injected"])
    }

    @Test func tagValuesAreEscapedAndValuelessTagsStandAlone() throws {
        var line = IRCLine(tags: [("time", "2026-12-06T04:14:07.123Z"), ("a", "x y;z\\\r\n"), ("bot", "")], command: "PING")
        line.trailing("x")
        #expect(line.text == #"@time=2026-12-06T04:14:07.123Z;a=x\sy\:z\\\r\n;bot PING :x"#)
        #expect(try IRCMessage(parsing: line.text).tag("a") == "x y;z\\\r\n")
    }

    @Test func writeAppendsTheLineAfterWhatTheBufferHolds() {
        var out = Array("first\r\n".utf8)
        IRCLine(command: "PING", params: ["x"]).write(to: &out)
        #expect(text(out) == "first\r\nPING x\r\n")
    }

    @Test func oneBeginningWritesManyLinesWithDifferentTrailingBytes() {
        var head = IRCLine(source: "srv", command: "353")
        head.param("me")
        head.param("=")
        head.param("#room")
        var out: [UInt8] = []
        head.write(to: &out, trailing: Array("@alice bob".utf8)[...])
        head.write(to: &out, trailing: Array("carol\r\n".utf8)[...])
        #expect(text(out) == ":srv 353 me = #room :@alice bob\r\n:srv 353 me = #room :carol\r\n")
        #expect(head.text == ":srv 353 me = #room")
    }

    @Test func aMessageIsWrittenAsItsSerializedForm() {
        let message = IRCMessage(tags: [("k", "v")], source: "me", command: "PRIVMSG", params: ["#room", "hi all"])
        #expect(IRCLine(message).text == message.serialized)
        #expect(message.serialized == "@k=v :me PRIVMSG #room :hi all")
    }
}
