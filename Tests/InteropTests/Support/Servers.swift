import Foundation
import LetsChatCore
import LetsChatServer

/// The servers the interop tests talk to, each on 127.0.0.1 and stopped at the run's end.
enum Servers {
    /// Events already in the room's history when the in-process server starts (times in UTC).
    static let history: [RoomEvent] = [
        RoomEvent(time: Timestamp(iso8601: "2026-01-02T03:04:05.000Z")!, kind: .join, nick: "alice"),
        RoomEvent(time: Timestamp(iso8601: "2026-01-02T03:04:05.000Z")!, kind: .message, nick: "alice",
                  text: "hello from history"),
        RoomEvent(time: Timestamp(iso8601: "2026-01-02T03:05:06.000Z")!, kind: .action, nick: "alice",
                  text: "waves from history"),
        RoomEvent(time: Timestamp(iso8601: "2026-01-02T03:06:07.000Z")!, kind: .leave, nick: "alice"),
    ]

    /// letschat-server in this process: room `#test`, port picked by the system, `history` on disk;
    /// with `tls`, also TLS on the same port with a certificate made beside the history (its
    /// fingerprint is `certificate`'s).
    static func letschat(run: TestRun, tls: Bool = false) throws -> Server {
        let historyPath = try run.write("history.txt", history.map { HistoryLine.format($0) + "\n" }.joined())
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.channel = "#test"
        configuration.serverName = "letschat.test"
        configuration.historyPath = historyPath
        configuration.motd = ["LetsChat interop test"]
        if tls { configuration.tls = .automatic }
        let server = try Server(configuration: configuration, log: { _ in })
        server.start()
        run.onStop { server.stop(grace: 0.2) }
        return server
    }

    /// A self-signed P-256 certificate for the peers' TLS ports, made in the run's folder; its key is
    /// readable by all, since ngIRCd reads it after dropping to `nobody` (the folder is the test's own).
    static func certificate(run: TestRun) throws -> ServerCertificate {
        let certificate = try ServerCertificate.loadOrCreate(certificatePath: run.path("tls-cert.pem"),
                                                             keyPath: run.path("tls-key.pem"), commonName: "localhost")
        chmod(certificate.keyPath, 0o644)
        return certificate
    }

    /// ngIRCd 26 in the foreground (`-n`): no DNS or ident lookups, no penalty delays, and a PING the
    /// client must answer before registration completes (`RequireAuthPing`). With `tls`, it also
    /// speaks TLS on that port with that certificate (Debian's ngIRCd is built with SSL). Returns its plain port.
    static func ngircd(run: TestRun, tls: (port: UInt16, certificate: ServerCertificate)? = nil) throws -> UInt16 {
        let ngircd = try Peer.ngircd.require()
        let port = try TestRun.freePort()
        let motd = try run.write("ngircd.motd", "ngIRCd interop MOTD line\n")
        let writable = run.path("ngircd-run")
        try FileManager.default.createDirectory(atPath: writable, withIntermediateDirectories: true)
        chmod(writable, 0o777)
        let config = try run.write("ngircd.conf", """
            [Global]
            \tName = ngircd.test
            \tInfo = LetsChat interop test
            \tListen = 127.0.0.1
            \tPorts = \(port)
            \tMotdFile = \(motd)
            \tPidFile = \(writable)/ngircd.pid
            [Limits]
            \tMaxConnectionsIP = 0
            \tMaxPenaltyTime = 0
            [Options]
            \tDNS = no
            \tIdent = no
            \tPAM = no
            \tRequireAuthPing = yes

            """ + (tls.map { "[SSL]\n\tCertFile = \($0.certificate.certificatePath)\n\tKeyFile = \($0.certificate.keyPath)\n"
                + "\tPorts = \($0.port)\n" } ?? ""))
        let process = try run.spawn(ngircd, ["-n", "-f", config], output: "ngircd.out")
        for listening in [port] + (tls.map { [$0.port] } ?? []) {
            try TestRun.waitForListener(port: listening, process: process, name: "ngircd") { run.read("ngircd.out") }
        }
        return port
    }

    /// InspIRCd 3 in the foreground: no DNS or ident lookups, no fake lag, CAP with `server-time` and
    /// `message-tags` (relaying client tags such as `+typing` and TAGMSG), and PINGs every `pingSeconds`.
    /// With `tls`, it also speaks TLS on that port with that certificate (`ssl_gnutls`). Returns its plain port.
    static func inspircd(run: TestRun, pingSeconds: Int,
                         tls: (port: UInt16, certificate: ServerCertificate)? = nil) throws -> UInt16 {
        let inspircd = try Peer.inspircd.require()
        let port = try TestRun.freePort()
        let motd = try run.write("inspircd.motd", "InspIRCd interop MOTD line\n")
        let modules = ["cap", "ircv3", "ircv3_capnotify", "ircv3_servertime", "ircv3_echomessage", "ircv3_ctctags",
                       "namesx"] + (tls == nil ? [] : ["ssl_gnutls"])
        let tlsConfig = tls.map { tls in
            "<bind address=\"127.0.0.1\" port=\"\(tls.port)\" type=\"clients\" ssl=\"letschat\">\n"
                + "<sslprofile name=\"letschat\" provider=\"gnutls\" certfile=\"\(tls.certificate.certificatePath)\" "
                + "keyfile=\"\(tls.certificate.keyPath)\" requestclientcert=\"no\">\n"
        } ?? ""
        let config = try run.write("inspircd.conf", """
            <server name="inspircd.test" description="LetsChat interop test" network="InteropNet">
            <admin name="test" nick="test" email="test@localhost">
            <bind address="127.0.0.1" port="\(port)" type="clients">
            <connect allow="*" timeout="30" pingfreq="\(pingSeconds)" threshold="1000" commandrate="100000" fakelag="no"
                     localmax="1000" globalmax="1000" useident="no" resolvehostnames="no"
                     hardsendq="1M" softsendq="1M" recvq="64K">
            <files motd="\(motd)">
            <pid file="\(run.path("inspircd.pid"))">
            <log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="\(run.path("inspircd.log"))">
            <options prefixquit="Quit: ">
            <performance clonesonconnect="no">
            \(modules.map { "<module name=\"\($0)\">" }.joined(separator: "\n"))
            \(tlsConfig)
            """)
        var arguments = ["--nofork", "--config", config]
        if getuid() == 0 { arguments.append("--runasroot") }
        // InspIRCd raises its own core-size limit, and with ssl_gnutls it crashes when stopped; a hard
        // limit of 0 keeps the core file out of the working directory (the repository). `exec` keeps the PID.
        let process = try run.spawn("/bin/sh", ["-c", "ulimit -H -c 0 && exec \"$0\" \"$@\"", inspircd] + arguments,
                                    output: "inspircd.out")
        for listening in [port] + (tls.map { [$0.port] } ?? []) {
            try TestRun.waitForListener(port: listening, process: process, name: "inspircd") { run.read("inspircd.out") }
        }
        return port
    }
}
