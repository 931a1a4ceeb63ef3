// libFuzzer target: any line either is skipped or parses to an event that formats and parses back unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistoryLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let line = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let event = HistoryLine.parse(line) else { return 0 }
    guard HistoryLine.parse(HistoryLine.format(event)) == event else {
        fatalError("\(line) parsed to \(event), which does not survive a round trip")
    }
    return 0
}
