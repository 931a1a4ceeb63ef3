// libFuzzer target: any bytes either fail to parse as a DNS message or parse to a message whose
// serialized (compressed) form parses back to the same message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNSMessage(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let message = try? DNSMessage(parsing: bytes) else { return 0 }
    let wire = message.serialized()
    guard let again = try? DNSMessage(parsing: wire), again == message else {
        fatalError("round trip changed \(message) into \(wire)")
    }
    return 0
}
