import Testing
@testable import TUI

private let old = Fingerprint(String(repeating: "11", count: 32))!
private let new = Fingerprint(String(repeating: "22", count: 32))!

@Suite struct TLSPolicyTests {
    /// Mode, pin in known_hosts, `--fingerprint`, what the server offered, and what must happen.
    private static let cases: [(TLSPolicy.Mode, Fingerprint?, Fingerprint?, TLSPolicy.Offer, TLSPolicy.Decision)] = [
        // First contact.
        (.preferred, nil, nil, .certificate(new, verified: false), .ask(new)),
        (.required, nil, nil, .certificate(new, verified: false), .ask(new)),
        (.preferred, nil, nil, .certificate(new, verified: true), .encrypt(recording: nil)),
        (.preferred, nil, nil, .plain, .fallBackToPlain),
        (.required, nil, nil, .plain, .refuseWithoutTLS),
        // A pinned server.
        (.preferred, old, nil, .certificate(old, verified: false), .encrypt(recording: nil)),
        (.preferred, old, nil, .certificate(new, verified: false), .refuseChanged(pinned: old, offered: new)),
        (.preferred, old, nil, .certificate(new, verified: true), .refuseChanged(pinned: old, offered: new)),
        (.preferred, old, nil, .plain, .refusePlain(pinned: old)),
        (.required, old, nil, .plain, .refusePlain(pinned: old)),
        // --fingerprint: trusted without asking, and pinned.
        (.preferred, nil, new, .certificate(new, verified: false), .encrypt(recording: new)),
        (.preferred, old, new, .certificate(new, verified: false), .encrypt(recording: new)),
        (.preferred, new, new, .certificate(new, verified: false), .encrypt(recording: nil)),
        (.preferred, nil, old, .certificate(new, verified: true), .refuseChanged(pinned: old, offered: new)),
        (.preferred, new, old, .certificate(new, verified: false), .refuseChanged(pinned: old, offered: new)),
        (.preferred, nil, old, .plain, .refusePlain(pinned: old)),
    ]

    @Test func aRoomPasswordIsNeverSentInPlainTextUnlessTLSIsTurnedOff() {
        let policy = TLSPolicy(sendsPassword: true)
        #expect(policy.decide(.plain) == .refusePasswordInPlainText)
        #expect(policy.decide(.certificate(new, verified: false)) == .ask(new))
        #expect(TLSPolicy(mode: .required, sendsPassword: true).decide(.plain) == .refuseWithoutTLS)
        #expect(TLSPolicy(recorded: old, sendsPassword: true).decide(.plain) == .refusePlain(pinned: old))
        #expect(!TLSPolicy(mode: .off, sendsPassword: true).triesTLS)
    }

    @Test func eachCaseOfTheTableIsDecidedAsItSays() {
        for (mode, recorded, given, offer, expected) in Self.cases {
            let policy = TLSPolicy(mode: mode, recorded: recorded, given: given)
            #expect(policy.decide(offer) == expected, "\(mode), pin \(String(describing: recorded)), given \(String(describing: given)), \(offer)")
        }
    }

    @Test func onlyNoTLSSkipsTheHandshake() {
        #expect(TLSPolicy(mode: .preferred).triesTLS)
        #expect(TLSPolicy(mode: .required).triesTLS)
        #expect(!TLSPolicy(mode: .off).triesTLS)
    }

    @Test func aTrustedFingerprintIsPinnedForTheReconnections() {
        let policy = TLSPolicy().trusting(new)
        #expect(policy.decide(.certificate(new, verified: false)) == .encrypt(recording: nil))
        #expect(policy.decide(.certificate(old, verified: false)) == .refuseChanged(pinned: new, offered: old))
        #expect(policy.decide(.plain) == .refusePlain(pinned: new))
    }

    @Test func aGivenFingerprintIsRecordedOnlyOnce() {
        let policy = TLSPolicy(given: new)
        guard case .encrypt(recording: new?) = policy.decide(.certificate(new, verified: false)) else {
            Issue.record("the first match is not recorded")
            return
        }
        #expect(policy.trusting(new).decide(.certificate(new, verified: false)) == .encrypt(recording: nil))
    }
}
