/// Why a line from the network could not be understood.
public enum ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The line held nothing but spaces.
    case emptyLine
    /// The line had tags or a source but no command.
    case missingCommand
    /// The command is neither a word of letters nor a numeric.
    case invalidCommand(String)
    /// The line grew past the limit before its terminator arrived.
    case lineTooLong(limit: Int)

    public var description: String {
        switch self {
        case .emptyLine: "empty line"
        case .missingCommand: "line has no command"
        case .invalidCommand(let command): "'\(command)' is not a command"
        case .lineTooLong(let limit): "line longer than \(limit) bytes"
        }
    }
}
