import LetsChatCore
import Testing
@testable import TUI

@Suite struct RegistrationTests {
    private func message(_ line: String) throws -> IRCMessage {
        try IRCMessage(parsing: line)
    }

    private var fresh: Registration {
        var registration = Registration(channel: "#letschat", hasPassword: false)
        registration.nick = "alice"
        return registration
    }

    @Test func pingIsAnsweredWithItsOwnParameters() throws {
        #expect(fresh.pong(try message("PING :srv.example")).replies == ["PONG srv.example"])
        #expect(fresh.pong(try message("PING")).replies == ["PONG letschat"])
    }

    private func negotiate(_ lines: String...) throws -> [String] {
        var registration = fresh
        return try lines.flatMap { registration.negotiate(try message($0)).replies }
    }

    @Test func serverTimeIsRequestedOnlyWhenOfferedAndNegotiationEndsAfterTheAnswer() throws {
        #expect(try negotiate(":srv CAP * LS :multi-prefix server-time") == ["CAP REQ :server-time"])
        #expect(try negotiate(":srv CAP * LS :multi-prefix") == ["CAP END"])
        #expect(try negotiate(":srv CAP * ACK :server-time") == ["CAP END"])
        #expect(try negotiate(":srv CAP * NAK :server-time") == ["CAP END"])
    }

    @Test func messageTagsIsRequestedWithServerTimeWhenOffered() throws {
        #expect(try negotiate(":srv CAP * LS :message-tags multi-prefix server-time")
            == ["CAP REQ :server-time message-tags"])
        #expect(try negotiate(":srv CAP * LS :message-tags") == ["CAP REQ :message-tags"])
    }

    @Test func aCapabilityListInSeveralLinesIsRequestedFromOnceTheLastArrives() throws {
        #expect(try negotiate(":srv CAP * LS * :message-tags multi-prefix", ":srv CAP * LS :sasl server-time=x")
            == ["CAP REQ :server-time message-tags"])
        #expect(try negotiate(":srv CAP * LS * :message-tags") == [])
    }

    @Test func welcomeRegistersAndJoinsTheRoom() throws {
        var registration = fresh
        #expect(registration.welcome(try message(":srv 001 alice :Welcome")).replies == ["JOIN #letschat"])
        #expect(registration.registered)
    }

    @Test func theServersLineRateReachesThePacer() throws {
        let line = ":srv 005 alice CHANTYPES=# LINERATE=20,5 NICKLEN=30 :are supported by this server"
        #expect(fresh.support(try message(line)).limits == SendPacer.Limits(burst: 15, perSecond: 4.5))
        #expect(fresh.support(try message(":srv 005 alice CHANTYPES=# :are supported by this server")).limits == nil)
    }

    @Test func anOwnNickChangeIsTheNickForTheNextRegistration() throws {
        var registration = fresh
        _ = registration.welcome(try message(":srv 001 alice :Welcome"))
        _ = registration.renamed(try message(":bob!bob@h NICK :robert"))
        #expect(registration.nick == "alice")
        _ = registration.renamed(try message(":alice!alice@h NICK :alicia"))
        #expect(registration.nick == "alicia")
        registration.restart()
        #expect(!registration.registered)
        #expect(registration.nick == "alicia")
    }

    @Test func aNickInUseWhileRegisteringIsRetriedWithUnderscoresUntilItGivesUp() throws {
        var registration = fresh
        let refusal = try message(":srv 433 * alice :Nickname is already in use")
        #expect(registration.nickRefused(refusal).replies == ["NICK alice_"])
        #expect(registration.nickRefused(refusal).replies == ["NICK alice__"])
        var last = Registration.Reaction()
        for _ in 0..<NickFallback.limit where last.end == nil { last = registration.nickRefused(refusal) }
        #expect(last.end?.contains("refused the nickname alice") == true)
        #expect(registration.hopeless != nil)
    }

    @Test func aRefusedNickChangeAfterRegistrationIsLeftToTheUI() throws {
        var registration = fresh
        _ = registration.welcome(try message(":srv 001 alice :Welcome"))
        #expect(registration.nickRefused(try message(":srv 433 alice bob :Nickname is already in use")) == .init())
    }

    @Test func aRefusedPasswordEndsTheConnectionForGoodSayingWhatToDo() throws {
        var without = fresh
        #expect(without.passwordRefused(try message(":srv 464 * :Password incorrect")).end?
            .contains("set LETSCHAT_PASSWORD") == true)
        var with = Registration(channel: "#letschat", hasPassword: true)
        #expect(with.passwordRefused(try message(":srv 464 * :Password incorrect")).end
            == "the server refused the password in LETSCHAT_PASSWORD")
        #expect(with.hopeless != nil)
    }
}
