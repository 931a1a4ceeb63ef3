#if canImport(Glibc)
import Glibc
#endif

/// Process-wide set-up for running a server as a program: signals, descriptor limit, banner.
public enum ServerProcess {
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
        lines.append("Press Ctrl-C to stop.")
        return lines.joined(separator: "\n")
    }
}
