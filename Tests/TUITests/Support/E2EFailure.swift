/// Why an end-to-end test could not go on, said so that the reader of the test log can act on it.
struct E2EFailure: Error, CustomStringConvertible {
    /// The explanation, possibly followed by the screen that was on display.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
