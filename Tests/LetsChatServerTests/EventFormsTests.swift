@testable import LetsChatServer
import Testing

/// An event's forms are rendered once per audience, however many members ask.
struct EventFormsTests {
    @Test func eachAudienceIsRenderedOnceAndThenServedFromTheCache() {
        var forms = EventForms()
        var rendered: [Audience] = []
        let render = { (audience: Audience) -> [UInt8] in
            rendered.append(audience)
            return audience == .text ? [1] : [2]
        }
        let irc = Audience.irc(serverTime: true, echo: false, messageTags: true)
        let served = [.text, irc, .text, irc].map { forms.bytes(for: $0, render: render) }
        #expect(served == [[1], [2], [1], [2]])
        #expect(rendered == [.text, irc])
    }

    @Test func audiencesThatDifferOnlyInACapabilityGetTheirOwnForms() {
        var forms = EventForms()
        var count = 0
        for serverTime in [false, true] {
            for echo in [false, true] {
                for messageTags in [false, true] {
                    _ = forms.bytes(for: .irc(serverTime: serverTime, echo: echo, messageTags: messageTags)) { _ in
                        count += 1
                        return []
                    }
                }
            }
        }
        #expect(count == 8)
    }
}
