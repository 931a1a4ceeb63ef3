#if canImport(Glibc)
import Glibc
#endif

// GNU extensions that Swift's Glibc module leaves out (its headers are read without _GNU_SOURCE),
// declared here once with their C signatures.

/// glibc's `pthread_getattr_np`: the attributes of a running thread, its stack among them.
@_silgen_name("pthread_getattr_np")
func pthread_getattr_np(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32

/// glibc's `malloc_trim`: gives the heap's free pages back to the system, keeping `pad` bytes.
@_silgen_name("malloc_trim")
@discardableResult
func malloc_trim(_ pad: Int) -> Int32
