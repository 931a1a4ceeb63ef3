import Foundation
import LetsChatCore
import LetsChatServer

/// Reads the server's lines for the network thread, waiting on the socket and a control pipe at once.
struct NetworkReader {
    /// What one wait produced.
    enum Outcome {
        /// Complete lines, decoded (invalid UTF-8 as U+FFFD).
        case lines([String])
        /// The control pipe is readable: the UI wants something.
        case control
        /// The server closed or the connection failed.
        case closed(String)
        /// Nothing happened in time.
        case timeout
    }

    private let transport: any Transport
    private var framer = LineFramer(maxLineBytes: 8191 + 512)
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// A reader of the server's lines on `transport`.
    init(transport: any Transport) {
        self.transport = transport
    }

    /// Waits up to `milliseconds` for the server or the control pipe.
    mutating func wait(control: Int32, milliseconds: Int32) -> Outcome {
        // Bytes the transport already holds (decrypted TLS) would not wake the poll.
        if !transport.hasBufferedInput {
            var entries = [pollfd(fd: transport.descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: control, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&entries, 2, milliseconds)
            // EINTR is not retried here: the caller's loop waits again with its deadline recomputed.
            if ready < 0 { return errno == EINTR ? .timeout : .closed("poll failed") }
            if ready == 0 { return .timeout }
            if entries[1].revents != 0 && entries[0].revents == 0 { return .control }
        }
        let transport = self.transport
        let count: Int
        do {
            count = try buffer.withUnsafeMutableBytes { (raw) throws(SocketError) in try transport.receive(into: raw) }
        } catch {
            return .closed("the connection was lost (\(error))")
        }
        guard count > 0 else { return .closed("the server closed the connection") }
        framer.append(buffer[0..<count])
        var lines: [String] = []
        while let item = framer.next() {
            if case .line(let bytes) = item { lines.append(TextSanitizer.decode(bytes)) }
        }
        return lines.isEmpty ? .timeout : .lines(lines)
    }
}
