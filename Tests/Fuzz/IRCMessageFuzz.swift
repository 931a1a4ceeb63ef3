// libFuzzer target: any line either fails to parse or parses to a message whose wire form parses
// back to the same message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIRCMessage(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let line = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard !line.contains("\r"), !line.contains("\n"), !line.contains("\0"),
          let message = try? IRCMessage(parsing: line) else { return 0 }
    // Spaces inside a middle parameter or an empty middle one cannot be written; skip such inputs.
    if message.params.dropLast().contains(where: { $0.isEmpty || $0.contains(" ") || $0.hasPrefix(":") }) { return 0 }
    guard let again = try? IRCMessage(parsing: message.serialized), again == message else {
        fatalError("round trip changed \(message) into \(message.serialized)")
    }
    return 0
}
