// libFuzzer target: any bytes, classified whole and prefix by prefix, never crash the classifier;
// a prefix that decides keeps its verdict as bytes are added, and only "need more" ever changes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFirstBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = FirstBytes.classify(bytes)
    var decided: FirstBytes?
    for end in 0...min(bytes.count, FirstBytes.decidingCount + 2) {
        let verdict = FirstBytes.classify(bytes[0..<end])
        if let decided, verdict != decided { fatalError("verdict changed from \(decided) to \(verdict) at \(end) bytes") }
        if verdict != .needMore { decided = verdict }
    }
    if bytes.count >= FirstBytes.decidingCount && whole == .needMore { fatalError("undecided with \(bytes.count) bytes") }
    if let first = bytes.first, first != FirstBytes.handshakeRecord, whole != .plain { fatalError("not plain: \(whole)") }
    return 0
}
