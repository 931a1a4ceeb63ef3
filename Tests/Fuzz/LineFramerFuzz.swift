// libFuzzer target: arbitrary bytes, fed to the line framer in arbitrary pieces, never crash it,
// never produce a line over the limit, and never let it hold more than the limit plus one read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineFramer(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let limit = 16 + Int(first % 64)
    var framer = LineFramer(maxLineBytes: limit)
    var offset = 1
    var piece = 1
    while offset < bytes.count {
        let end = min(bytes.count, offset + piece)
        framer.append(bytes[offset..<end])
        while let item = framer.next() {
            if case .line(let line) = item, line.count > limit { fatalError("line of \(line.count) bytes passed a limit of \(limit)") }
        }
        offset = end
        piece = piece % 7 + 1
    }
    _ = framer.takePending()
    return 0
}
