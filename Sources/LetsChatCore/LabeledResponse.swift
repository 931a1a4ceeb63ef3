/// IRCv3 `labeled-response`: how the lines a server sends in answer to one labeled command carry
/// the client's `label` back, so the client can match answers to what it asked.
///
/// None: an `ACK` with the label. One: that line with the label. More: a `labeled-response` batch
/// (`BATCH +ID` with the label, each line tagged `batch=ID`, `BATCH -ID`), as the specification says.
public enum LabeledResponse {
    /// The longest label honoured, in bytes; a longer one is treated as no label at all.
    public static let maxLabelBytes = 64

    /// The label a client attached to `message`, or nil when it gave none (or an unusable one).
    public static func label(of message: IRCMessage) -> String? {
        guard let label = message.tag("label"), !label.isEmpty, label.utf8.count <= maxLabelBytes else { return nil }
        return label
    }

    /// `replies` (whole CR LF lines, possibly none) as the answer to a command labeled `label`, from
    /// `serverName`; `batchID` names the batch when there is more than one line.
    public static func wrap(_ replies: [UInt8], label: String, serverName: String, batchID: String) -> [UInt8] {
        let lines = split(replies)
        var out: [UInt8] = []
        switch lines.count {
        case 0:
            IRCLine(tags: [("label", label)], source: serverName, command: "ACK").write(to: &out)
        case 1:
            out = tagged(lines[0], with: IRCLine.tag("label", label))
        default:
            IRCLine(tags: [("label", label)], source: serverName, command: "BATCH",
                    params: ["+" + batchID, "labeled-response"]).write(to: &out)
            let batchTag = IRCLine.tag("batch", batchID)
            for line in lines { out += tagged(line, with: batchTag) }
            IRCLine(source: serverName, command: "BATCH", params: ["-" + batchID]).write(to: &out)
        }
        return out
    }

    /// The lines of `bytes`, each with its CR LF.
    private static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == 10 {
            lines.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.endIndex { lines.append(bytes[start...]) }
        return lines
    }

    /// `line` with `tag` (`key=escaped-value`) first among its tags.
    private static func tagged(_ line: ArraySlice<UInt8>, with tag: [UInt8]) -> [UInt8] {
        if line.first == UInt8(ascii: "@") {
            return [UInt8(ascii: "@")] + tag + [UInt8(ascii: ";")] + line.dropFirst()
        }
        return [UInt8(ascii: "@")] + tag + [UInt8(ascii: " ")] + line
    }
}
