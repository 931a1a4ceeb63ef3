import Foundation
import LetsChatServer
import TestSupport

/// A throw-away certificate authority made with the `openssl` program in a test's folder, for a
/// server certificate that a CA vouches for. Clients see it through `SSL_CERT_FILE`, which OpenSSL
/// reads in place of the system's store, so nothing outside the folder changes.
struct CertificateAuthority {
    /// The CA's certificate (PEM): the file to give as `SSL_CERT_FILE`.
    let certificatePath: String
    private let keyPath: String
    private let folder: String

    /// Makes a P-256 CA in `folder`.
    init(folder: String) throws {
        self.folder = folder
        certificatePath = folder + "/ca-cert.pem"
        keyPath = folder + "/ca-key.pem"
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", keyPath, "-out", certificatePath, "-days", "2", "-subj", "/CN=LetsChat Test CA"])
    }

    /// A server certificate for `hostName` signed by this CA, with its key, as `name` in the folder.
    func issue(hostName: String, name: String) throws -> ServerCertificate {
        let key = "\(folder)/\(name)-key.pem", request = "\(folder)/\(name).csr"
        let certificate = "\(folder)/\(name)-cert.pem", extensions = "\(folder)/\(name).ext"
        try "subjectAltName=DNS:\(hostName)\nbasicConstraints=CA:FALSE\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try Self.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                          "-out", request, "-subj", "/CN=\(hostName)"])
        try Self.openssl(["x509", "-req", "-in", request, "-CA", certificatePath, "-CAkey", keyPath, "-CAcreateserial",
                          "-out", certificate, "-days", "2", "-extfile", extensions])
        chmod(key, 0o600)
        return try ServerCertificate.load(certificatePath: certificate, keyPath: key)
    }

    private static func openssl(_ arguments: [String]) throws {
        let path = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw TestFailure("openssl is required to make test certificates (apt-get install openssl)") }
        let run = try ChildProcess.run(path, arguments, environment: ProcessInfo.processInfo.environment)
        guard run.status == 0 else { throw TestFailure("openssl \(arguments.joined(separator: " ")) failed: \(run.errors)") }
    }
}
