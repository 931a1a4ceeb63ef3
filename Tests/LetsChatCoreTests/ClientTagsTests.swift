import LetsChatCore
import Testing

struct ClientTagsTests {
    private func relayed(_ line: String) throws -> ClientTags {
        try ClientTags(checking: line, parsed: IRCMessage(parsing: line))
    }

    @Test func clientOnlyTagsAreKeptAndServerTagsDropped() throws {
        let tags = try relayed("@+baz=bat;fizz=buzz;msgid=forged;time=2020-01-01T00:00:00.000Z PRIVMSG #test hi")
        #expect(tags.tags == [ClientTags.Tag(key: "+baz", value: "bat")])
    }

    @Test func vendorPrefixedClientTagsAreKept() throws {
        let tags = try relayed("@+example.com/foo=bar;+xn--e1afmkfd.org/x TAGMSG #test")
        #expect(tags.tags.map(\.key) == ["+example.com/foo", "+xn--e1afmkfd.org/x"])
        #expect(tags.value(of: "+example.com/foo") == "bar")
    }

    @Test func malformedKeysAreDroppedWithoutRejectingTheLine() throws {
        let tags = try relayed("@+;+/x;+a/;+bad_name=1;+.com/x;+ex..com/x;+ünï=1;+ok-1=2 TAGMSG #test")
        #expect(tags.tags == [ClientTags.Tag(key: "+ok-1", value: "2")])
    }

    @Test func keyRulesFollowTheGrammar() {
        #expect(ClientTags.isClientOnlyKey("+typing"))
        #expect(ClientTags.isClientOnlyKey("+draft/reply"))
        #expect(ClientTags.isClientOnlyKey("+A-9"))
        #expect(!ClientTags.isClientOnlyKey("typing"))
        #expect(!ClientTags.isClientOnlyKey("+"))
        #expect(!ClientTags.isClientOnlyKey("++typing"))
        #expect(!ClientTags.isClientOnlyKey("+a b"))
        #expect(!ClientTags.isClientOnlyKey("+a/b/c"))
    }

    @Test func aRepeatedKeyKeepsItsLastValue() {
        let tags = ClientTags([.init(key: "+a", value: "1"), .init(key: "+b"), .init(key: "+a", value: "2")])
        #expect(tags.tags == [.init(key: "+a", value: "2"), .init(key: "+b")])
    }

    @Test func escapedValuesAreUnescapedAndEscapedAgainForTheRecipient() throws {
        let tags = try relayed(#"@+buzz=fizz\:buzz;+sp=a\sb\\c TAGMSG #test"#)
        #expect(tags.value(of: "+buzz") == "fizz;buzz")
        #expect(tags.value(of: "+sp") == #"a b\c"#)
        #expect(prefix(tags.lineTags()) == #"@+buzz=fizz\:buzz;+sp=a\sb\\c "#)
    }

    @Test func anEmptyValueIsWrittenAsAKeyAlone() throws {
        let tags = try relayed("@+a=;+b TAGMSG #test")
        #expect(prefix(tags.lineTags()) == "@+a;+b ")
    }

    @Test func aValueHoldingNULIsNotRelayed() {
        #expect(ClientTags([.init(key: "+a", value: "x\0y"), .init(key: "+b", value: "ok")]).tags.map(\.key) == ["+b"])
    }

    @Test func serverTagsComeBeforeClientTags() {
        let tags = ClientTags([.init(key: "+typing", value: "active")])
        let prefix = prefix(tags.lineTags(serverTags: [.init(key: "time", value: "2026-12-06T04:00:00.000Z"),
                                                        .init(key: "msgid", value: "abc")]))
        #expect(prefix == "@time=2026-12-06T04:00:00.000Z;msgid=abc;+typing=active ")
    }

    @Test func aRecipientWithoutMessageTagsGetsServerTagsAlone() {
        let tags = ClientTags([.init(key: "+typing", value: "active")])
        #expect(prefix(tags.lineTags(serverTags: [.init(key: "time", value: "t")], includeClientTags: false)) == "@time=t ")
        #expect(prefix(tags.lineTags(includeClientTags: false)) == "")
    }

    @Test func noTagsAtAllGiveNoPrefix() {
        #expect(prefix(ClientTags([]).lineTags()) == "")
        #expect(ClientTags([]).isEmpty)
    }

    @Test func tagDataIsCountedBetweenTheAtSignAndTheFirstSpace() {
        #expect(ClientTags.tagDataBytes(of: "@a=b;+c TAGMSG #x") == 6)
        #expect(ClientTags.tagDataBytes(of: "PRIVMSG #x :@a b") == 0)
        #expect(ClientTags.tagDataBytes(of: "@é") == 2)
    }

    @Test func tagDataOfExactly4094BytesIsAccepted() throws {
        let line = "@foo=bar;+baz=\(String(repeating: "a", count: 4081)) TAGMSG #test"
        #expect(ClientTags.tagDataBytes(of: line) == 4094)
        #expect(try relayed(line).value(of: "+baz")?.utf8.count == 4081)
    }

    @Test func tagDataOfOneByteMoreIsRejectedWith417() throws {
        let line = "@foo=bar;+baz=\(String(repeating: "a", count: 4082)) TAGMSG #test"
        let message = try IRCMessage(parsing: line)
        #expect(throws: ClientTags.Rejection.tagDataTooLong(bytes: 4095)) {
            try ClientTags(checking: line, parsed: message)
        }
        #expect(ClientTags.Rejection.tagDataTooLong(bytes: 4095).numeric == "417")
        #expect(ClientTags.Rejection.tagDataTooLong(bytes: 4095).description == "Input line was too long")
    }

    @Test func nonClientTagsCountTowardsTheLimitToo() {
        let line = "@\(String(repeating: "x", count: 4095)) PRIVMSG #test hi"
        #expect(throws: ClientTags.Rejection.self) { try ClientTags.checkSize(of: line) }
    }

    @Test func escapesCountAsSentNotAsUnescaped() {
        // 2045 escaped semicolons take 4090 bytes on the wire though they unescape to 2045.
        let escaped = String(repeating: #"\:"#, count: 2045)
        #expect(ClientTags.tagDataBytes(of: "@+ab=\(escaped) TAGMSG #test") == 4094)
        #expect(throws: Never.self) { try ClientTags.checkSize(of: "@+ab=\(escaped) TAGMSG #test") }
        #expect(throws: ClientTags.Rejection.self) { try ClientTags.checkSize(of: "@+abc=\(escaped) TAGMSG #test") }
    }

    @Test func theLargestServerAndClientTagsFitTheTotalLimit() {
        let client = ClientTags([.init(key: "+b", value: String(repeating: "b", count: 4091))])
        let server = [ClientTags.Tag(key: "s", value: String(repeating: "s", count: 4092))]
        #expect(prefix(client.lineTags(serverTags: server)).utf8.count == ClientTags.maxTagSectionBytes)
    }

    @Test func onlyPrivmsgNoticeAndTagmsgRelayClientTags() {
        #expect(ClientTags.relayedCommands == ["PRIVMSG", "NOTICE", "TAGMSG"])
    }

    /// The tag section `IRCLine` writes for `tags` (with its trailing space), "" when there are none.
    private func prefix(_ tags: [(key: String, value: String)]) -> String {
        let text = IRCLine(tags: tags, command: "TAGMSG").text
        return String(text.dropLast("TAGMSG".count))
    }
}
