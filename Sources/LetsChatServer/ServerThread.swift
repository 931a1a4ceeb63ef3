#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// Starts the server's named, detached threads (accept, one reader per connection, writers for slow
/// clients) straight on pthreads, without Foundation's `Thread`.
enum ServerThread {
    /// Runs `body` on a new detached thread called `name` (cut to the 15 bytes Linux keeps) with a
    /// stack of `stackSize` bytes; only the pages the thread touches become resident.
    /// Returns false, with nothing started, when the system refuses another thread.
    static func start(name: String, stackSize: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, max(stackSize, Int(PTHREAD_STACK_MIN)))
        let context = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, runThread, context)
        pthread_attr_destroy(&attributes)
        if status != 0 {
            Unmanaged<Start>.fromOpaque(context).release()
        }
        return status == 0
    }

    /// What a new thread runs, handed over through `pthread_create`'s context pointer.
    fileprivate final class Start: @unchecked Sendable {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}

/// The new thread's entry point: names the thread, then runs its body.
private func runThread(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let start = Unmanaged<ServerThread.Start>.fromOpaque(context!).takeRetainedValue()
    nameCurrentThread(start.name)
    start.body()
    return nil
}

/// Sets the name `ps -L` and `top -H` show; Linux refuses names over 15 bytes, so it is cut to fit.
private func nameCurrentThread(_ name: String) {
    var bytes = Array(name.utf8.prefix(15)).map { CChar(bitPattern: $0) }
    bytes.append(0)
    _ = pthread_setname_np(pthread_self(), bytes)
}
