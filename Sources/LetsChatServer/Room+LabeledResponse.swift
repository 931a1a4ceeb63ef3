import LetsChatCore

/// IRCv3 `labeled-response`: while a member's labeled command runs, what it makes for that member
/// (replies, its own echo, its JOIN and welcome) is held back, to go out as one labeled response.
extension Room {
    /// Starts holding back what `member`'s current command makes for it. Called on the member's
    /// session thread; events from others still go out as they happen.
    func beginLabeledResponse(for member: Member) {
        lock.withLock {
            if member.inRoom { feed.catchUp(member) }
            member.labeledReplies = []
        }
    }

    /// Stops holding back and returns what was held (whole lines, maybe none).
    func endLabeledResponse(for member: Member) -> [UInt8] {
        lock.withLock {
            defer { member.labeledReplies = nil }
            return member.labeledReplies ?? []
        }
    }
}
