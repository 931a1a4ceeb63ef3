import Foundation
import TestSupport

/// irssi in tmux, set up as `/work/shared/NOTES-peers.md` describes: no command queue delay, no
/// lag pings, server time shown, and the channel logged to a file with a full date and time.
struct IrssiClient {
    /// The private tmux server irssi runs in, in session `main`.
    let tmux: Tmux
    /// irssi's log of the channel: `2026-01-02T03:04:05 < alice> hello`.
    let logPath: String

    /// Starts irssi as `nick`, connecting to 127.0.0.1 `port`; `channel` is logged. With
    /// `pinnedCertificate` (a SHA-256 fingerprint with colons, the form irssi takes) it connects with
    /// TLS and accepts only that certificate.
    static func start(run: TestRun, port: UInt16, nick: String, channel: String = "#test",
                      pinnedCertificate: String? = nil) throws -> IrssiClient {
        let irssi = try Peer.irssi.require()
        let home = run.path("irssi-\(nick)")
        let logPath = run.path("irssi-\(nick)-channel.log")
        try run.write("irssi-\(nick)/config", """
            settings = {
              core = {
                nick = "\(nick)"; user_name = "\(nick)"; real_name = "irssi interop";
                settings_autosave = "no"; log_timestamp = "%Y-%m-%dT%H:%M:%S ";
              };
              "irc/core" = { cmd_queue_speed = "0"; cmds_max_at_once = "1000"; lag_check_time = "0"; };
              "irc/flood" = { flood_timecheck = "0"; };
              "fe-text" = { paste_detect_time = "0"; };
            };

            """)
        // show_server_time belongs to no settings section irssi reads at start-up (it then asks on
        // screen whether to remove it, swallowing typed lines), so it is set here.
        // The command line has no TLS options: a TLS connection is made from the startup file instead.
        let connect = pinnedCertificate.map { "/connect -tls -tls_pinned_cert \($0) 127.0.0.1 \(port)\n" } ?? ""
        try run.write("irssi-\(nick)/startup",
                      "/set show_server_time on\n/log open -targets \(channel) \(logPath)\n" + connect)
        let tmux = try run.tmux(environment: Peers.environment(home: home))
        let server = pinnedCertificate == nil ? ["-c", "127.0.0.1", "-p", String(port)] : []
        try tmux.start("main", columns: 200, rows: 50, program: [irssi, "--home=\(home)"] + server + ["-n", nick])
        return IrssiClient(tmux: tmux, logPath: logPath)
    }

    /// The channel log so far.
    var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Types a line into irssi (a command such as `/msg #test hi`).
    func type(_ line: String) throws {
        try tmux.send("main", line)
    }

    /// Waits until the channel log has a line containing `text`; returns that line.
    @discardableResult
    func waitForLog(_ text: String, timeout: Double = Wait.timeout) throws -> String {
        try Wait.value("irssi's channel log to show \"\(text)\"", timeout: timeout,
                       seen: { log + "\n----- screen:\n" + (try tmux.capture("main", joined: true)) }) {
            log.split(separator: "\n").first { $0.contains(text) }.map(String.init)
        }
    }

    /// Waits until irssi has exited.
    func waitForExit() throws {
        try tmux.waitForExit("main")
    }
}
