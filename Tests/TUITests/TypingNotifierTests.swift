import Testing
@testable import TUI

@Suite struct TypingNotifierTests {
    private typealias Notice = TypingNotifier.Notice

    private func connected(enabled: Bool = true) -> TypingNotifier {
        var notifier = TypingNotifier(isEnabled: enabled)
        notifier.connected(serverHasMessageTags: true)
        return notifier
    }

    /// Types `text` after `existing`, one character every `gap` seconds from `start`, ticking whenever a
    /// deadline passes, and returns every notice with the clock it was sent at.
    private func type(_ text: String, after existing: String = "", into notifier: inout TypingNotifier,
                      from start: Double = 0, gap: Double) -> [(clock: Double, state: TypingNotifier.State)] {
        var sent: [(Double, TypingNotifier.State)] = []
        var line = existing
        for (index, character) in text.enumerated() {
            let clock = start + Double(index) * gap
            while let due = notifier.nextDeadline, due <= clock {
                sent += notifier.tick(clock: due).map { (due, $0.state) }
            }
            line.append(character)
            sent += notifier.inputChanged(to: line, target: "#room", clock: clock).map { (clock, $0.state) }
        }
        return sent
    }

    @Test func theFirstKeySendsActiveToTheRoom() {
        var notifier = connected()
        #expect(notifier.inputChanged(to: "h", target: "#room", clock: 10) == [Notice(target: "#room", state: .active)])
    }

    @Test func aNoticeIsATagOnlyMessage() {
        #expect(Notice(target: "#room", state: .active).line == "@+typing=active TAGMSG #room")
        #expect(Notice(target: "#room", state: .done).line == "@+typing=done TAGMSG #room")
    }

    @Test func steadyTypingSendsActiveAtMostEveryThreeSeconds() {
        var notifier = connected()
        let sent = type(String(repeating: "a", count: 100), into: &notifier, gap: 0.1)
        #expect(sent.map(\.state).allSatisfy { $0 == .active })
        #expect(sent.map(\.clock) == [0, 3, 6, 9])
    }

    @Test func keysSinceTheLastActiveAreAnnouncedWhenTheIntervalEnds() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "a", target: "#room", clock: 0)
        #expect(notifier.inputChanged(to: "ab", target: "#room", clock: 2.5).isEmpty)
        #expect(notifier.nextDeadline == 3)
        #expect(notifier.tick(clock: 3) == [Notice(target: "#room", state: .active)])
        #expect(notifier.nextDeadline == 8.5)
    }

    @Test func sixSecondsWithoutAKeySendPaused() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "a", target: "#room", clock: 0)
        #expect(notifier.nextDeadline == 6)
        #expect(notifier.tick(clock: 5.9).isEmpty)
        #expect(notifier.tick(clock: 6) == [Notice(target: "#room", state: .paused)])
    }

    @Test func afterPausedNothingMoreIsDueUntilTheNextKey() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "a", target: "#room", clock: 0)
        _ = notifier.tick(clock: 6)
        #expect(notifier.nextDeadline == nil)
        #expect(notifier.tick(clock: 600).isEmpty)
        #expect(notifier.inputChanged(to: "ab", target: "#room", clock: 601) == [Notice(target: "#room", state: .active)])
    }

    @Test func clearingTheLineWithoutSendingSendsDone() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "a", target: "#room", clock: 0)
        #expect(notifier.inputChanged(to: "", target: "#room", clock: 1) == [Notice(target: "#room", state: .done)])
        #expect(notifier.nextDeadline == nil)
    }

    @Test func clearingAPausedLineSendsDoneToo() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "a", target: "#room", clock: 0)
        _ = notifier.tick(clock: 6)
        #expect(notifier.inputChanged(to: "", target: "#room", clock: 20) == [Notice(target: "#room", state: .done)])
    }

    @Test func sendingTheMessageSendsNothing() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "hi", target: "#room", clock: 0)
        notifier.messageSent()
        #expect(notifier.inputChanged(to: "", target: "#room", clock: 0.1).isEmpty)
        #expect(notifier.nextDeadline == nil)
        #expect(notifier.tick(clock: 100).isEmpty)
    }

    @Test func theNextMessageAfterSendingStartsWithActiveAtOnce() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "hi", target: "#room", clock: 0)
        notifier.messageSent()
        #expect(notifier.inputChanged(to: "n", target: "#room", clock: 1) == [Notice(target: "#room", state: .active)])
    }

    @Test func aKeyThatLeavesTheTextAsItWasSendsNothing() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "hi", target: "#room", clock: 0)
        _ = notifier.tick(clock: 6)
        #expect(notifier.inputChanged(to: "hi", target: "#room", clock: 7).isEmpty)
        #expect(notifier.nextDeadline == nil)
    }

    @Test func aSlashCommandIsNotTyping() {
        var notifier = connected()
        #expect(notifier.inputChanged(to: "/", target: "#room", clock: 0).isEmpty)
        #expect(notifier.inputChanged(to: "/quit", target: "#room", clock: 1).isEmpty)
        #expect(notifier.inputChanged(to: "//not a command", target: "#room", clock: 2) == [Notice(target: "#room", state: .active)])
    }

    @Test func turningTextIntoACommandEndsTyping() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "x", target: "#room", clock: 0)
        _ = notifier.inputChanged(to: "", target: "#room", clock: 0.5)
        _ = notifier.inputChanged(to: "hello", target: "#room", clock: 1)
        #expect(notifier.inputChanged(to: "/me hello", target: "#room", clock: 2) == [Notice(target: "#room", state: .done)])
    }

    @Test func anotherTargetGetsDoneForTheOldOneFirst() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "hi", target: "#room", clock: 0)
        #expect(notifier.inputChanged(to: "hi", target: "bob", clock: 1)
            == [Notice(target: "#room", state: .done), Notice(target: "bob", state: .active)])
    }

    @Test func switchedOffItSendsNothingAtAll() {
        var notifier = connected(enabled: false)
        let sent = type("a long line typed slowly", into: &notifier, gap: 1)
        #expect(sent.isEmpty)
        #expect(notifier.inputChanged(to: "", target: "#room", clock: 100).isEmpty)
        #expect(notifier.nextDeadline == nil)
    }

    @Test func switchingOffMidwaySendsNothingMore() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "hi", target: "#room", clock: 0)
        notifier.setEnabled(false)
        #expect(notifier.nextDeadline == nil)
        #expect(notifier.tick(clock: 10).isEmpty)
        #expect(notifier.inputChanged(to: "", target: "#room", clock: 11).isEmpty)
    }

    @Test func switchingBackOnAnnouncesTheNextKey() {
        var notifier = connected(enabled: false)
        _ = notifier.inputChanged(to: "h", target: "#room", clock: 0)
        notifier.setEnabled(true)
        #expect(notifier.isEnabled)
        #expect(notifier.inputChanged(to: "hi", target: "#room", clock: 1) == [Notice(target: "#room", state: .active)])
    }

    @Test func withoutMessageTagsNothingIsSent() {
        var notifier = TypingNotifier()
        #expect(!notifier.serverHasMessageTags)
        #expect(notifier.inputChanged(to: "hi", target: "#room", clock: 0).isEmpty)
        notifier.connected(serverHasMessageTags: false)
        #expect(notifier.inputChanged(to: "hi there", target: "#room", clock: 1).isEmpty)
        #expect(notifier.nextDeadline == nil)
    }

    @Test func aNewConnectionForgetsWhatTheOldOneAnnounced() {
        var notifier = connected()
        _ = notifier.inputChanged(to: "hi", target: "#room", clock: 0)
        notifier.connected(serverHasMessageTags: true)
        #expect(notifier.nextDeadline == nil)
        #expect(notifier.inputChanged(to: "", target: "#room", clock: 1).isEmpty)
    }

    @Test func aStopAndGoSessionSendsActivePausedActiveDone() {
        var notifier = connected()
        var sent = type("hello", into: &notifier, gap: 0.2)
        sent += notifier.tick(clock: 7).map { (7, $0.state) }
        sent += type(" world", after: "hello", into: &notifier, from: 20, gap: 0.2)
        sent += notifier.inputChanged(to: "", target: "#room", clock: 22).map { (22, $0.state) }
        #expect(sent.map(\.state) == [.active, .paused, .active, .done])
        #expect(sent.map(\.clock) == [0, 7, 20, 22])
    }

    @Test func aTickAtTheDeadlineAlwaysFindsSomethingDue() {
        for step in 1...200 {
            var notifier = connected()
            let start = 0.1 * Double(step) + 0.2
            _ = notifier.inputChanged(to: "a", target: "#room", clock: start)
            _ = notifier.inputChanged(to: "ab", target: "#room", clock: start + 0.7)
            var ticks = 0
            while let due = notifier.nextDeadline {
                #expect(!notifier.tick(clock: due).isEmpty)
                ticks += 1
                if ticks > 3 { break }
            }
            #expect(ticks == 2)
        }
    }
}
