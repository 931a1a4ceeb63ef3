#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// The calling thread's stack, seen as memory the process holds.
///
/// Every connection has a thread, and a thread keeps each stack page it ever touched: the deepest
/// call (a registration, a burst of replies) sets what an idle connection costs for as long as it
/// stays. Giving the pages below the current frame back when a client goes quiet makes an idle
/// thread cost only the frames it is waiting in (Resources/doc/performance.md).
enum ThreadStack {
    /// The calling thread's stack as [low, high) addresses; nil when the system does not say.
    static func bounds() -> (low: UInt, high: UInt)? {
        var attributes = pthread_attr_t()
        guard pthread_getattr_np(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return nil }
        let low = UInt(bitPattern: base)
        return (low, low + UInt(size))
    }

    /// Returns to the system the pages of the calling thread's stack that lie wholly below the
    /// caller's frame; they come back as zero pages if the thread goes that deep again.
    ///
    /// Memory below the stack pointer holds nothing live, so this is safe on any thread; it is
    /// meant for a thread about to wait a long time.
    ///
    /// Returns whether pages were released: not when locals do not live on the thread's stack.
    @inline(never)
    @discardableResult
    static func releaseUnusedPages() -> Bool {
        guard let (low, high) = bounds() else { return false }
        // A callee's frame lies below this one, where madvise's own call will be: everything under
        // the page it starts in is free to go, and nothing above it is touched. Locals may live
        // elsewhere (AddressSanitizer moves them to a heap "fake stack"): then nothing is released.
        let callee = calleeFrameAddress()
        guard callee > low, callee < high else { return false }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let end = callee & ~(page - 1)
        guard end > low else { return false }
        return madvise(UnsafeMutableRawPointer(bitPattern: low), Int(end - low), MADV_DONTNEED) == 0
    }

    /// The address of a local variable of a function called from the caller: below the caller's frame.
    @inline(never)
    static func calleeFrameAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
