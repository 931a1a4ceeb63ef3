import ArgumentParser
import Foundation
import LetsChatCore
import LetsChatServer
import TUI

/// `letschat`: the full-screen LetsChat client.
@main
struct LetsChatCommand: ParsableCommand {
    /// The command's name, the summary `--help` prints and what `--version` prints.
    static let configuration = CommandConfiguration(
        commandName: "letschat",
        abstract: "Join a LetsChat room in a full-screen terminal client (or host one with --serve).",
        version: LetsChatVersion.string)

    @Argument(help: "The server to join; without it, letschat looks for rooms on this network (DNS-SD) and joins or lets you pick one.")
    var host: String?

    @Option(help: "The server's TCP port (1-65535).")
    var port = 55556

    @Option(help: "Your nickname; without it, letschat asks, suggesting your login name.")
    var nick: String?

    @Option(help: "The room to join.")
    var channel = "#letschat"

    @Flag(help: "Host a room in this process (all interfaces, history in the current folder) and join it.")
    var serve = false

    @Option(help: "Where to keep the local log of what you see (default: under $XDG_DATA_HOME/letschat).")
    var log: String?

    @Flag(help: "Keep no local log.")
    var noLog = false

    @Flag(help: "Scroll with the mouse wheel (selecting text then needs Shift in most terminals).")
    var mouse = false

    @Flag(help: "List the rooms announced on the LAN (name, channel, ADDRESS:PORT, tab-separated) and exit; status 1 when none.")
    var list = false

    @Flag(help: "Never tell the room when you are typing (others' typing is still shown); /typing on undoes it.")
    var noTyping = false

    /// Rejects a bad port, nickname or room name, `--log` with `--no-log`, and a HOST given with `--serve`.
    mutating func validate() throws {
        if let problem = ServerConfiguration.portProblem(port) { throw ValidationError(problem) }
        if let nick, !Nickname.isValid(nick) {
            throw ValidationError("'\(nick)' cannot be a nickname: use letters, digits and []\\`_^{|}-, starting with a letter.")
        }
        guard ServerConfiguration.isValidChannel(channel) else { throw ValidationError("the room name must start with '#'.") }
        if log != nil && noLog { throw ValidationError("--log and --no-log cannot be used together.") }
        if list && serve { throw ValidationError("--list only looks for rooms; leave out --serve.") }
        if serve, let host {
            throw ValidationError("--serve hosts the room on this machine and joins it there; leave out HOST (\(host)).")
        }
    }

    /// Runs the client with these options and exits with its status.
    func run() throws {
        if list {
            let status = RoomListing.run()
            if status != 0 { throw ExitCode(status) }
            return
        }
        var options = ClientOptions()
        options.host = host
        options.port = UInt16(port)
        options.nick = nick
        options.channel = channel
        options.serve = serve
        options.logPath = log
        options.noLog = noLog
        options.mouse = mouse
        options.noTyping = noTyping
        let status = ClientApp.run(options)
        if status != 0 { throw ExitCode(status) }
    }
}
