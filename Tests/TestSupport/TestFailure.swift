/// Why a test that drives programs could not go on, said so that the reader of the test log can act on it.
public struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong, possibly followed by the screen, log or transcript that shows it.
    public let description: String

    /// A failure explained by `description`.
    public init(_ description: String) {
        self.description = description
    }
}
