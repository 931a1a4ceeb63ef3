import LetsChatCore
import Testing

struct IRCMessageTests {
    @Test func splitsSourceCommandAndMiddleParameters() throws {
        let message = try IRCMessage(parsing: ":alice!al@example.org MODE #room +o bob")
        #expect(message.source == "alice!al@example.org")
        #expect(message.command == "MODE")
        #expect(message.params == ["#room", "+o", "bob"])
        #expect(message.tags.isEmpty)
    }

    @Test func keepsSpacesAndColonsInsideTheTrailingParameter() throws {
        let message = try IRCMessage(parsing: "PRIVMSG #room :hello there: it is 10:30 :)")
        #expect(message.params == ["#room", "hello there: it is 10:30 :)"])
    }

    @Test func keepsLeadingAndTrailingSpacesOfTheTrailingParameter() throws {
        let message = try IRCMessage(parsing: "PRIVMSG #room :  indented  ")
        #expect(message.params == ["#room", "  indented  "])
    }

    @Test func readsAnEmptyTrailingParameterAsAnEmptyString() throws {
        let message = try IRCMessage(parsing: "TOPIC #room :")
        #expect(message.params == ["#room", ""])
    }

    @Test func treatsRunsOfSpacesBetweenParametersAsOneSeparator() throws {
        let message = try IRCMessage(parsing: ":server   MODE    #room  +n   :done  ")
        #expect(message.source == "server")
        #expect(message.command == "MODE")
        #expect(message.params == ["#room", "+n", "done  "])
    }

    @Test func ignoresSpacesAfterTheLastMiddleParameter() throws {
        let message = try IRCMessage(parsing: "JOIN #room   ")
        #expect(message.params == ["#room"])
    }

    @Test func upperCasesTheCommand() throws {
        #expect(try IRCMessage(parsing: "privmsg #room :hi").command == "PRIVMSG")
    }

    @Test func unescapesTagValues() throws {
        let message = try IRCMessage(parsing: #"@a=semi\:colon;b=two\swords;c=back\\slash;d=cr\rlf\n PING"#)
        #expect(message.tag("a") == "semi;colon")
        #expect(message.tag("b") == "two words")
        #expect(message.tag("c") == #"back\slash"#)
        #expect(message.tag("d") == "cr\rlf\n")
    }

    @Test func dropsABackslashBeforeAnOrdinaryCharacterAndAtTheEndOfAValue() throws {
        let message = try IRCMessage(parsing: #"@a=x\y;b=end\ PING"#)
        #expect(message.tag("a") == "xy")
        #expect(message.tag("b") == "end")
    }

    @Test func givesAValuelessTagAnEmptyValue() throws {
        let message = try IRCMessage(parsing: "@draft/bot;empty= :server PING :x")
        #expect(message.tags.map(\.key) == ["draft/bot", "empty"])
        #expect(message.tag("draft/bot") == "")
        #expect(message.tag("empty") == "")
        #expect(message.tag("missing") == nil)
    }

    @Test func keepsTheLastValueOfADuplicatedTagInItsFirstPlace() throws {
        let message = try IRCMessage(parsing: "@t=1;u=2;t=3 PING")
        #expect(message.tags.map(\.key) == ["t", "u"])
        #expect(message.tag("t") == "3")
    }

    @Test func splitsTagValuesThatStartWithACombiningMark() throws {
        let message = try IRCMessage(parsing: "@a=\u{301}x;b=y PING")
        #expect(message.tag("a") == "\u{301}x")
        #expect(message.tag("b") == "y")
    }

    @Test func readsTagsSourceAndParametersTogether() throws {
        let message = try IRCMessage(parsing: "@time=2026-11-26T20:46:01.123Z :bob!b@host PRIVMSG #room :hi all")
        #expect(message.tag("time") == "2026-11-26T20:46:01.123Z")
        #expect(message.sourceNick == "bob")
        #expect(message.command == "PRIVMSG")
        #expect(message.params == ["#room", "hi all"])
    }

    @Test func rejectsABlankLine() {
        #expect(throws: ProtocolError.emptyLine) { try IRCMessage(parsing: "") }
        #expect(throws: ProtocolError.emptyLine) { try IRCMessage(parsing: "    ") }
    }

    @Test func rejectsALineWithTagsOrASourceButNoCommand() {
        #expect(throws: ProtocolError.missingCommand) { try IRCMessage(parsing: "@a=b") }
        #expect(throws: ProtocolError.missingCommand) { try IRCMessage(parsing: ":server") }
        #expect(throws: ProtocolError.missingCommand) { try IRCMessage(parsing: "@a=b :server   ") }
    }

    @Test func takesTheNickFromAFullOrShortSource() throws {
        #expect(try IRCMessage(parsing: ":alice!al@host QUIT").sourceNick == "alice")
        #expect(try IRCMessage(parsing: ":alice@host QUIT").sourceNick == "alice")
        #expect(try IRCMessage(parsing: ":irc.example.org NOTICE * :hi").sourceNick == "irc.example.org")
        #expect(try IRCMessage(parsing: "PING x").sourceNick == nil)
    }

    @Test func serializesTheTrailingParameterWithAColonOnlyWhenNeeded() {
        #expect(IRCMessage(command: "JOIN", params: ["#room"]).serialized == "JOIN #room")
        #expect(IRCMessage(command: "PRIVMSG", params: ["#room", "hi all"]).serialized == "PRIVMSG #room :hi all")
        #expect(IRCMessage(command: "TOPIC", params: ["#room", ""]).serialized == "TOPIC #room :")
        #expect(IRCMessage(command: "PRIVMSG", params: ["#room", ":)"]).serialized == "PRIVMSG #room ::)")
    }

    @Test func serializesTagsSourceAndEscapedValues() {
        let message = IRCMessage(tags: [("a", "x y;z\\"), ("bot", "")], source: "srv", command: "NOTICE",
                                 params: ["*", "hi"])
        #expect(message.serialized == #"@a=x\sy\:z\\;bot :srv NOTICE * hi"#)
    }

    @Test(arguments: [
        "PING :irc.example.org",
        ":alice!al@host PRIVMSG #room :hello, world: yes",
        "@a=b\\\\c\\:d\\se;flag;z=\\r\\n :srv 353 me = #room :alice bob carol",
        ":srv 001 me :",
        "PRIVMSG #room ::-) smile",
        "PRIVMSG #room :caf\u{E9} \u{301}accent",
        "PRIVMSG #room :\u{301}x",
        "PRIVMSG #room :a \u{301}",
    ])
    func survivesParseSerializeParse(line: String) throws {
        let first = try IRCMessage(parsing: line)
        let second = try IRCMessage(parsing: first.serialized)
        #expect(second == first)
    }

    @Test(arguments: [
        ["#room", "two words"],
        ["#room", ""],
        ["#room", ":starts with colon"],
        ["#room", "space then combining \u{301}mark"],
        ["#room", " \u{301}"],
        ["#room", ":\u{301}"],
    ])
    func survivesSerializeThenParse(params: [String]) throws {
        let message = IRCMessage(tags: [("k", "v; \\")], source: "me", command: "PRIVMSG", params: params)
        #expect(try IRCMessage(parsing: message.serialized) == message)
    }
}
