import Testing
@testable import TUI

@Suite struct SlashCommandTests {
    @Test func plainTextIsAMessage() {
        #expect(SlashCommand.parse("hello there") == .message("hello there"))
    }

    @Test func blankInputIsEmpty() {
        #expect(SlashCommand.parse("") == .empty)
        #expect(SlashCommand.parse("   ") == .empty)
    }

    @Test(arguments: [
        ("/quit", SlashCommand.Command.quit(reason: nil)),
        ("/quit gone fishing", .quit(reason: "gone fishing")),
        ("/nick bob", .nick("bob")),
        ("/me waves at everyone", .me("waves at everyone")),
        ("/msg bob hi there", .msg(nick: "bob", text: "hi there")),
        ("/who", .who),
        ("/topic", .topic(nil)),
        ("/topic Friday lunch", .topic("Friday lunch")),
        ("/clear", .clear),
        ("/help", .help),
        ("/emoji heart", .emoji("heart")),
        ("/typing off", .typing("off")),
    ])
    func eachCommandParsesItsArguments(input: String, command: SlashCommand.Command) {
        #expect(SlashCommand.parse(input) == .command(command))
    }

    @Test func commandNamesIgnoreCase() {
        #expect(SlashCommand.parse("/NICK bob") == .command(.nick("bob")))
    }

    @Test func extraSpacesAroundArgumentsAreIgnored() {
        #expect(SlashCommand.parse("/msg   bob    hi  there ") == .command(.msg(nick: "bob", text: "hi  there")))
        #expect(SlashCommand.parse("/quit   ") == .command(.quit(reason: nil)))
    }

    @Test(arguments: [
        ("/nick", "Usage: /nick NEW"),
        ("/nick two words", "Usage: /nick NEW"),
        ("/me", "Usage: /me ACTION"),
        ("/msg", "Usage: /msg NICK TEXT"),
        ("/msg bob", "Usage: /msg NICK TEXT"),
        ("/msg bob   ", "Usage: /msg NICK TEXT"),
        ("/who is here", "Usage: /who"),
        ("/emoji", "Usage: /emoji WORD"),
        ("/typing", "Usage: /typing on|off"),
    ])
    func missingOrExtraArgumentsGiveTheUsageLine(input: String, usage: String) {
        #expect(SlashCommand.parse(input) == .usageError(usage))
    }

    @Test func anUnknownCommandIsAnsweredLocally() {
        #expect(SlashCommand.parse("/frobnicate now") == .unknown("/frobnicate"))
    }

    @Test func aDoubleSlashSendsALiteralSlash() {
        #expect(SlashCommand.parse("//shrug") == .message("/shrug"))
    }

    @Test func aSlashBeforeASpaceIsSentAsTyped() {
        #expect(SlashCommand.parse("/ not a command") == .message("/ not a command"))
        #expect(SlashCommand.parse("/") == .message("/"))
    }

    @Test func exitAloneQuits() {
        #expect(SlashCommand.parse("exit") == .command(.quit(reason: nil)))
        #expect(SlashCommand.parse("  exit ") == .command(.quit(reason: nil)))
        #expect(SlashCommand.parse("exit stage left") == .message("exit stage left"))
    }

    @Test func helpHasOneAlignedLinePerCommand() {
        let lines = SlashCommand.helpLines
        #expect(lines.count == SlashCommand.table.count)
        let summaryColumns = Set(zip(lines, SlashCommand.table).map { line, spec in
            #expect(line.hasPrefix(spec.usage))
            #expect(line.hasSuffix(spec.summary))
            return line.count - spec.summary.count
        })
        #expect(summaryColumns.count == 1)
    }

    @Test func namesCarryTheirSlash() {
        #expect(SlashCommand.names.contains("/msg"))
        #expect(SlashCommand.names.allSatisfy { $0.hasPrefix("/") })
    }
}
