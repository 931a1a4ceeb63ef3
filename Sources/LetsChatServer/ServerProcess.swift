#if canImport(Glibc)
import Glibc
#endif

/// Process-wide set-up for running a server as a program: signals, descriptor limit, banner.
public enum ServerProcess {
    /// The glibc tunables the server runs with, each unless `GLIBC_TUNABLES` already sets it.
    ///
    /// Every connection has a thread, so what glibc keeps per thread is paid a thousand times over
    /// (Resources/doc/performance.md):
    /// - `tcache_count=0`: no per-thread cache of freed blocks (about 11 KiB per idle client);
    /// - `arena_max=1`: one heap, not one per busy thread, so blocks freed by one thread are reused
    ///   by all and the heap stays compact;
    /// - `nns=1`, `optional_static_tls=0`: no static TLS kept in reserve for `dlmopen` namespaces
    ///   and late `dlopen`s, which the server never does; with it, the thread's descriptor and
    ///   the frames an idle reader waits in share one stack page.
    static let tunables = [
        "glibc.malloc.tcache_count=0", "glibc.malloc.arena_max=1",
        "glibc.rtld.nns=1", "glibc.rtld.optional_static_tls=0",
    ]

    /// Starts this program again in place (same process id, same arguments) with `tunables` added
    /// to `GLIBC_TUNABLES`, keeping any the user set; returns at once when nothing is missing, or when
    /// the restart is impossible (then the server simply runs with glibc's defaults).
    ///
    /// glibc reads the tunables only when a program starts. Call first thing, before any thread starts.
    public static func restartWithLeanThreads() {
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) } ?? ""
        let missing = tunables.filter { tunable in
            !current.contains(String(tunable.prefix { $0 != "=" }) + "=")
        }
        guard !missing.isEmpty else { return }
        setenv("GLIBC_TUNABLES", ([current].filter { !$0.isEmpty } + missing).joined(separator: ":"), 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Still here: the exec failed (no /proc, say). Leave the environment as it was for children.
        if current.isEmpty { unsetenv("GLIBC_TUNABLES") } else { setenv("GLIBC_TUNABLES", current, 1) }
    }

    /// Blocks SIGINT, SIGTERM and SIGHUP in every thread created afterwards (so `waitForTermination`
    /// receives them), ignores SIGPIPE and raises the open-file limit to its maximum.
    /// Call before any thread starts.
    public static func prepare() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        signal(SIGPIPE, SIG_IGN)
        // A file-size limit makes history writes fail with EFBIG, handled like a full disk, instead of killing us.
        signal(SIGXFSZ, SIG_IGN)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }

    /// Waits until SIGINT, SIGTERM or SIGHUP arrives; returns the signal number.
    public static func waitForTermination() -> Int32 {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGHUP)
        var received: Int32 = 0
        sigwait(&signals, &received)
        return received
    }

    /// The lines that show a server's certificate fingerprint, for people to compare by voice with
    /// what their client shows (and for `letschat --serve`'s welcome).
    public static func fingerprintLines(for certificate: ServerCertificate) -> [String] {
        [
            "TLS on the same port; certificate fingerprint (SHA-256): \(certificate.fingerprint)",
            "  the same with colons, as irssi's -tls_pinned_cert takes it: \(certificate.fingerprintWithColons)",
        ]
    }

    /// The lines printed at start-up: where the room is and how others can join it.
    public static func banner(for server: Server) -> String {
        let configuration = server.configuration
        var lines = ["LetsChat server: room \(configuration.channel) on port \(server.port) as \(configuration.serverName)"]
        if let history = configuration.historyPath { lines.append("History: \(history)") }
        let endpoints = JoinAddresses.current()
        if endpoints.isEmpty {
            lines.append("No network address found; join on this machine: letschat 127.0.0.1 --port \(server.port)")
        } else {
            lines.append("Others join with any of:")
            for host in endpoints {
                lines.append("  letschat \(host) --port \(server.port)    nc \(host) \(server.port)    /connect \(host) \(server.port)")
            }
        }
        if let certificate = server.certificate {
            lines += fingerprintLines(for: certificate)
            if server.configuration.requireTLS { lines.append("Plain-text connections are refused (--require-tls).") }
        }
        lines.append("Press Ctrl-C to stop.")
        return lines.joined(separator: "\n")
    }
}
