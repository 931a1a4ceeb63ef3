import Foundation
@testable import LetsChatServer
import Testing

struct ServerCertificateTests {
    @Test func theFirstStartMakesACertificateThatLaterStartsReuse() throws {
        try withTemporaryDirectory { directory in
            let (cert, key) = (directory.file("cert.pem"), directory.file("key.pem"))
            let first = try ServerCertificate.loadOrCreate(certificatePath: cert, keyPath: key, commonName: "alpha")
            let second = try ServerCertificate.loadOrCreate(certificatePath: cert, keyPath: key, commonName: "alpha")
            #expect(first.fingerprint.count == 64)
            #expect(first.fingerprint.allSatisfy { $0.isHexDigit && !$0.isLowercase })
            #expect(second.fingerprint == first.fingerprint)
        }
    }

    @Test func theKeyFileIsMadeReadableByItsOwnerOnly() throws {
        try withTemporaryDirectory { directory in
            let key = directory.file("key.pem")
            _ = try ServerCertificate.loadOrCreate(certificatePath: directory.file("cert.pem"), keyPath: key, commonName: "a")
            let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func theFingerprintIsTheOneOpenSSLReports() throws {
        try withTemporaryDirectory { directory in
            let cert = directory.file("cert.pem")
            let made = try ServerCertificate.loadOrCreate(certificatePath: cert, keyPath: directory.file("key.pem"),
                                                          commonName: "alpha")
            let output = try openssl(["x509", "-in", cert, "-noout", "-fingerprint", "-sha256"])
            #expect(output.contains("=" + made.fingerprintWithColons))
            #expect(try openssl(["x509", "-in", cert, "-noout", "-text"]).contains("prime256v1"))
        }
    }

    @Test func aKeyReadableByOthersIsRefusedWithTheCommandThatMendsIt() throws {
        try withTemporaryDirectory { directory in
            let (cert, key) = (directory.file("cert.pem"), directory.file("key.pem"))
            _ = try ServerCertificate.loadOrCreate(certificatePath: cert, keyPath: key, commonName: "a")
            chmod(key, 0o644)
            #expect(throws: CertificateError.keyNotPrivate(key, mode: 0o644)) {
                try ServerCertificate.load(certificatePath: cert, keyPath: key)
            }
            #expect(CertificateError.keyNotPrivate(key, mode: 0o644).description.contains("chmod 600 \(key)"))
        }
    }

    @Test func aKeyOfAnotherCertificateIsRefused() throws {
        try withTemporaryDirectory { directory in
            let cert = directory.file("cert.pem")
            _ = try ServerCertificate.loadOrCreate(certificatePath: cert, keyPath: directory.file("key.pem"), commonName: "a")
            let other = directory.file("other-key.pem")
            _ = try ServerCertificate.loadOrCreate(certificatePath: directory.file("other.pem"), keyPath: other, commonName: "b")
            #expect(throws: CertificateError.keyDoesNotMatch(certificate: cert, key: other)) {
                try ServerCertificate.load(certificatePath: cert, keyPath: other)
            }
        }
    }

    @Test func aCertificateMadeByOpenSSLWithAChainIsAccepted() throws {
        try withTemporaryDirectory { directory in
            let (ca, caKey) = (directory.file("ca.pem"), directory.file("ca-key.pem"))
            let (leaf, leafKey, request) = (directory.file("leaf.pem"), directory.file("leaf-key.pem"), directory.file("leaf.csr"))
            _ = try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Test CA", "-days", "2",
                             "-keyout", caKey, "-out", ca])
            _ = try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=chat.lan",
                             "-keyout", leafKey, "-out", request])
            _ = try openssl(["x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-days", "2",
                             "-out", leaf])
            let chain = directory.file("chain.pem")
            try (String(contentsOfFile: leaf, encoding: .utf8) + String(contentsOfFile: ca, encoding: .utf8))
                .write(toFile: chain, atomically: true, encoding: .utf8)
            chmod(leafKey, 0o600)
            let loaded = try ServerCertificate.load(certificatePath: chain, keyPath: leafKey)
            let output = try openssl(["x509", "-in", leaf, "-noout", "-fingerprint", "-sha256"])
            #expect(output.contains("=" + loaded.fingerprintWithColons))
        }
    }

    @Test func nonPEMFilesAreRefusedByName() throws {
        try withTemporaryDirectory { directory in
            let (cert, key) = (directory.file("cert.pem"), directory.file("key.pem"))
            try "not a certificate".write(toFile: cert, atomically: true, encoding: .utf8)
            try "not a key".write(toFile: key, atomically: true, encoding: .utf8)
            chmod(key, 0o600)
            #expect(throws: CertificateError.invalidCertificate(cert)) {
                try ServerCertificate.load(certificatePath: cert, keyPath: key)
            }
        }
    }

    @Test(arguments: [
        ("chat_history.txt", "./letschat-cert.pem"),
        ("/var/lib/letschat/history.txt", "/var/lib/letschat/letschat-cert.pem"),
        ("/history.txt", "/letschat-cert.pem"),
    ])
    func theDefaultCertificateLivesBesideTheHistory(history: String, expected: String) {
        #expect(ServerCertificate.defaultPaths(historyPath: history).certificate == expected)
    }

    private func openssl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestClientError(description: "openssl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return output
    }
}
