import Foundation
import TestSupport

/// weechat-headless in the background, set up as `/work/shared/NOTES-peers.md` describes: logs
/// flushed at once, no anti-flood delay, driven through its FIFO, server named `t`.
struct WeechatClient {
    /// The running weechat-headless.
    let process: ChildProcess
    /// Its `--dir`.
    let home: String
    private let run: TestRun

    /// Starts weechat as `nick`, connecting to 127.0.0.1 `port` and joining `channel`; with `typing`, it
    /// also sends and reads `+typing` notices (its typing plugin and the four options that are off by
    /// default in 3.8; see `watchTyping`).
    ///
    /// With `pinnedCertificate` (a SHA-256 fingerprint, 64 hex digits) it connects with TLS and accepts
    /// only that certificate: `ssl` and `ssl_fingerprint` in 3.8, `tls` and `tls_fingerprint` from 4.0
    /// (both are given; each version ignores the other's).
    static func start(run: TestRun, port: UInt16, nick: String, channel: String = "#test",
                      typing: Bool = false, pinnedCertificate: String? = nil) throws -> WeechatClient {
        let weechat = try Peer.weechat.require()
        let home = run.path("weechat-\(nick)")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let commands = [
            "/set logger.file.flush_delay 0",
        ] + (pinnedCertificate.map { fingerprint in [
            "/server add t 127.0.0.1/\(port) -tls -ssl",
            "/set irc.server.t.ssl_fingerprint \(fingerprint)",
            "/set irc.server.t.tls_fingerprint \(fingerprint)",
        ] } ?? ["/server add t 127.0.0.1/\(port) -notls -nossl"]) + [
            "/set irc.server.t.nicks \(nick)",
            "/set irc.server.t.username \(nick)",
            "/set irc.server.t.anti_flood_prio_high 0",
            "/set irc.server.t.anti_flood_prio_low 0",
            "/set irc.server.t.autojoin \(channel)",
        ] + (typing ? WeechatClient.typingOptions : []) + [
            "/connect t",
        ]
        let plugins = typing ? "irc,logger,fifo,typing,trigger" : "irc,logger,fifo"
        let process = try run.spawn(weechat, ["--dir", home, "-P", plugins, "-r", commands.joined(separator: "; ")],
                                    environment: Peers.environment(home: home), output: "weechat-\(nick).out")
        return WeechatClient(process: process, home: home, run: run)
    }

    /// Reading others' typing (`irc.look.typing_status_nicks`, `typing.look.enabled_nicks`) and sending
    /// our own (`irc.look.typing_status_self`, `typing.look.enabled_self`).
    private static let typingOptions = [
        "/set irc.look.typing_status_nicks on",
        "/set typing.look.enabled_nicks on",
        "/set irc.look.typing_status_self on",
        "/set typing.look.enabled_self on",
    ]

    /// Logs the typing signals in the core buffer's log, as `TSIG typing_set_nick 0x…;typing;NICK`
    /// (`;paused;`, `;off;`): headless WeeChat's typing bar item cannot be read. Sent through the FIFO,
    /// whose lines are not evaluated (`-r` text would expand `${tg_signal}` at start-up).
    func watchTyping() throws {
        try command("*/trigger add tsig signal \"typing_*\" \"\" \"\" "
                    + "\"/print -core TSIG ${tg_signal} ${tg_signal_data}\"")
    }

    /// The log of `buffer` (`irc.t.#test`, `irc.server.t`): `YYYY-MM-DD HH:MM:SS<TAB>prefix<TAB>text` lines.
    func log(_ buffer: String = "irc.t.#test") -> String {
        run.read(home + "/logs/" + buffer.lowercased() + ".weechatlog")
    }

    /// Sends a FIFO command line, such as `irc.t.#test *hello` or `*/quit bye`.
    func command(_ line: String) throws {
        let fifo = try Wait.value("weechat's FIFO", seen: { log("core.weechat") }) {
            (try? FileManager.default.contentsOfDirectory(atPath: home))?.first { $0.hasPrefix("weechat_fifo") }
        }
        let fd = open(home + "/" + fifo, O_WRONLY | O_NONBLOCK)
        guard fd >= 0 else { throw TestFailure("cannot open weechat's FIFO \(fifo)") }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw TestFailure("cannot write to weechat's FIFO") }
    }

    /// Says `text` in `channel`.
    func say(_ text: String, in channel: String = "#test") throws {
        try command("irc.t.\(channel) *\(text)")
    }

    /// Waits until the log of `buffer` has a line containing `text`; returns that line.
    @discardableResult
    func waitForLog(_ text: String, buffer: String = "irc.t.#test", timeout: Double = Wait.timeout) throws -> String {
        try Wait.value("weechat's \(buffer) log to show \"\(text)\"", timeout: timeout,
                       seen: { log(buffer) + "\n----- server buffer:\n" + log("irc.server.t") }) {
            log(buffer).split(separator: "\n").first { $0.contains(text) }.map(String.init)
        }
    }

    /// Waits until weechat has exited.
    func waitForExit(timeout: Double = Wait.timeout) throws {
        try Wait.until("weechat to exit", timeout: timeout, seen: { log("irc.server.t") }) { !process.isRunning }
    }
}
