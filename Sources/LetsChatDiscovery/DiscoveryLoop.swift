#if canImport(Glibc)
import Glibc
#endif
import CSystem
import LetsChatSystem

/// What a `DiscoveryLoop` drives: the announcer's or the browser's protocol state. Its methods are
/// called on the loop's thread only, one at a time.
protocol DiscoveryHandler: AnyObject {
    /// A datagram arrived at `now` (monotonic seconds).
    func received(_ datagram: MulticastSocket.Datagram, now: Double)
    /// Does whatever is due at `now`; returns when it next has something to do, or nil for nothing.
    func due(now: Double) -> Double?
    /// The socket's interfaces changed (an address came or went); the handler asks or announces again.
    func interfacesChanged(now: Double)
    /// The loop is stopping: last words (goodbyes) go out now.
    func finish()
}

/// One named, joinable thread blocked in `poll` on a `MulticastSocket`, a stop pipe and an
/// `InterfaceWatch`, with no timeout but the handler's own next deadline, so an idle loop costs no CPU.
///
/// Thread-safety: `start` and `stop` are called by the owner's thread; the handler and the socket
/// are touched by the loop's thread alone until `stop` has joined it.
final class DiscoveryLoop: @unchecked Sendable {
    private let socket: MulticastSocket
    private let watch = InterfaceWatch()
    private let handler: any DiscoveryHandler
    private let name: String
    private var stopPipe: [Int32] = [-1, -1]
    private var thread: pthread_t?
    /// Set on the loop's thread when it was asked to stop from there; it then releases the descriptors itself.
    private var closesItself = false

    /// A loop for `handler` on `socket`; its thread, once started, is called `name` (15 bytes at most).
    init(name: String, socket: MulticastSocket, handler: any DiscoveryHandler) {
        self.name = name
        self.socket = socket
        self.handler = handler
    }

    /// Seconds on a clock that never jumps.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Starts the thread; if it cannot, closes the socket (the loop owns it either way).
    func start() throws(DiscoveryError) {
        guard pipe2(&stopPipe, O_CLOEXEC | O_NONBLOCK) == 0 else {
            socket.close()
            throw DiscoveryError("create a pipe")
        }
        let context = Unmanaged.passRetained(self).toOpaque()
        var created = pthread_t()
        let status = pthread_create(&created, nil, { context in
            let loop = Unmanaged<DiscoveryLoop>.fromOpaque(context!).takeRetainedValue()
            var bytes = Array(loop.name.utf8.prefix(15)).map { CChar(bitPattern: $0) } + [0]
            _ = pthread_setname_np(pthread_self(), &bytes)
            loop.run()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<DiscoveryLoop>.fromOpaque(context).release()
            stopPipe.forEach { Glibc.close($0) }
            socket.close()
            throw DiscoveryError("start a thread", code: status)
        }
        thread = created
    }

    /// Asks the thread to finish (the handler's `finish` runs there), waits for it, closes the socket.
    /// Called on the loop's own thread (from a browser's `onChange`), it returns at once and the
    /// thread cleans up after the handler returns.
    func stop() {
        guard let thread else { return }
        self.thread = nil
        var byte: UInt8 = 1
        _ = SystemCall.retryingInterrupts { write(stopPipe[1], &byte, 1) }
        if pthread_equal(thread, pthread_self()) != 0 {
            closesItself = true
            pthread_detach(thread)
            return
        }
        pthread_join(thread, nil)
        release()
    }

    private func release() {
        stopPipe.forEach { Glibc.close($0) }
        watch.close()
        socket.close()
    }

    private func run() {
        var deadline = handler.due(now: Self.now())
        while true {
            // A negative descriptor (no netlink) is skipped by poll.
            var entries = [pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: stopPipe[0], events: Int16(POLLIN), revents: 0),
                           pollfd(fd: watch.fd, events: Int16(POLLIN), revents: 0)]
            let timeout = deadline.map { Int32(max(0, min(3_600_000, (($0 - Self.now()) * 1000).rounded(.up)))) } ?? -1
            _ = SystemCall.retryingInterrupts { poll(&entries, 3, timeout) }
            if entries[2].revents != 0 {
                watch.drain()
                if socket.refreshInterfaces() { handler.interfacesChanged(now: Self.now()) }
            }
            if entries[1].revents != 0 {
                handler.finish()
                if closesItself { release() }
                return
            }
            if entries[0].revents != 0 {
                // Bounded, so a flood of datagrams cannot keep the due work from running.
                for _ in 0..<64 {
                    guard let datagram = socket.receive() else { break }
                    handler.received(datagram, now: Self.now())
                }
            }
            deadline = handler.due(now: Self.now())
        }
    }
}
