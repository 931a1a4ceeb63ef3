/// The room's password, compared in constant time so that timing tells a guesser nothing.
struct RoomPassword: Sendable {
    private let bytes: [UInt8]

    /// Keeps `password`'s UTF-8 bytes for comparison.
    init(_ password: String) {
        bytes = Array(password.utf8)
    }

    /// Whether `candidate` is the password; the time taken depends only on the candidate's length.
    func matches(_ candidate: String) -> Bool {
        let given = Array(candidate.utf8)
        var difference = UInt8(truncatingIfNeeded: given.count ^ bytes.count)
        for index in given.indices {
            difference |= given[index] ^ (bytes.isEmpty ? 0 : bytes[index % bytes.count])
        }
        return difference == 0
    }
}
