#if canImport(Glibc)
import Glibc
#endif
import COpenSSL

/// The server's TLS identity: a PEM certificate (a chain is allowed) and its private key, on disk.
///
/// Without options the first start makes a self-signed ECDSA P-256 certificate and keeps it, so the
/// fingerprint people pin never changes by itself. The key must not be readable by anyone but its owner.
public struct ServerCertificate: Sendable, Equatable {
    /// The certificate file (PEM; the server's own certificate first, then any chain).
    public let certificatePath: String
    /// The private key file (PEM).
    public let keyPath: String
    /// SHA-256 of the server's certificate (DER), as 64 upper-case hex digits.
    public let fingerprint: String

    /// The fingerprint as colon-separated pairs (`AB:CD:…`), the form browsers and irssi print.
    public var fingerprintWithColons: String {
        stride(from: 0, to: fingerprint.count, by: 2).map { offset -> String in
            let start = fingerprint.index(fingerprint.startIndex, offsetBy: offset)
            return String(fingerprint[start..<fingerprint.index(start, offsetBy: 2)])
        }.joined(separator: ":")
    }

    /// The files the server keeps its own certificate in when none is given: beside the history
    /// file, or in the working directory when there is none.
    public static func defaultPaths(historyPath: String?) -> (certificate: String, key: String) {
        var directory = "."
        if let historyPath, let slash = historyPath.lastIndex(of: "/") {
            directory = slash == historyPath.startIndex ? "/" : String(historyPath[..<slash])
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return (prefix + "letschat-cert.pem", prefix + "letschat-key.pem")
    }

    /// Loads the certificate and key at the given paths, making a self-signed pair for
    /// `commonName` first if neither file exists.
    public static func loadOrCreate(certificatePath: String, keyPath: String,
                                    commonName: String) throws(CertificateError) -> ServerCertificate {
        if access(certificatePath, F_OK) != 0 && access(keyPath, F_OK) != 0 {
            try create(certificatePath: certificatePath, keyPath: keyPath, commonName: commonName)
        }
        return try load(certificatePath: certificatePath, keyPath: keyPath)
    }

    /// Loads a certificate and key that exist, checking that the key is private and belongs to the certificate.
    public static func load(certificatePath: String, keyPath: String) throws(CertificateError) -> ServerCertificate {
        var status = stat()
        guard stat(keyPath, &status) == 0 else { throw .unreadable(keyPath, code: errno) }
        guard status.st_mode & 0o077 == 0 else {
            throw .keyNotPrivate(keyPath, mode: status.st_mode & 0o777)
        }
        guard let certificate = readCertificate(certificatePath) else { throw .invalidCertificate(certificatePath) }
        defer { X509_free(certificate) }
        guard let key = readKey(keyPath) else { throw .invalidKey(keyPath) }
        defer { EVP_PKEY_free(key) }
        guard X509_check_private_key(certificate, key) == 1 else {
            ERR_clear_error()
            throw .keyDoesNotMatch(certificate: certificatePath, key: keyPath)
        }
        return ServerCertificate(certificatePath: certificatePath, keyPath: keyPath,
                                 fingerprint: fingerprint(of: certificate))
    }

    /// SHA-256 of a certificate's DER encoding in upper-case hex.
    static func fingerprint(of certificate: OpaquePointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        X509_digest(certificate, EVP_sha256(), &digest, &length)
        let hex = Array("0123456789ABCDEF")
        return String(digest.prefix(Int(length)).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] })
    }

    /// Makes a self-signed ECDSA P-256 certificate valid for ten years and writes it with its key,
    /// the key file created with mode 0600 and never over an existing file.
    static func create(certificatePath: String, keyPath: String, commonName: String) throws(CertificateError) {
        guard let key = letschat_generate_p256_key() else { throw .generationFailed("key") }
        defer { EVP_PKEY_free(key) }
        guard let certificate = X509_new() else { throw .generationFailed("certificate") }
        defer { X509_free(certificate) }
        X509_set_version(certificate, 2)
        var serial = [UInt8](repeating: 0, count: 16)
        RAND_bytes(&serial, Int32(serial.count))
        serial[0] &= 0x7F
        let serialNumber = BN_bin2bn(serial, Int32(serial.count), nil)
        BN_to_ASN1_INTEGER(serialNumber, X509_get_serialNumber(certificate))
        BN_free(serialNumber)
        X509_gmtime_adj(X509_getm_notBefore(certificate), -3600)
        X509_gmtime_adj(X509_getm_notAfter(certificate), 10 * 365 * 24 * 3600)
        X509_set_pubkey(certificate, key)
        let name = X509_get_subject_name(certificate)
        let cn = Array(commonName.utf8.prefix(64))
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, Int32(cn.count), -1, 0)
        X509_set_issuer_name(certificate, name)
        guard X509_sign(certificate, key, EVP_sha256()) > 0 else { throw .generationFailed("signature") }

        let keyPEM = pem { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
        let certificatePEM = pem { PEM_write_bio_X509($0, certificate) }
        try write(keyPEM, to: keyPath, mode: 0o600)
        do {
            try write(certificatePEM, to: certificatePath, mode: 0o644)
        } catch {
            unlink(keyPath)
            throw error
        }
    }

    private static func pem(_ writer: (OpaquePointer?) -> Int32) -> [UInt8] {
        let bio = BIO_new(BIO_s_mem())
        defer { BIO_free(bio) }
        _ = writer(bio)
        var bytes = [UInt8](repeating: 0, count: Int(letschat_bio_pending(bio)))
        let count = BIO_read(bio, &bytes, Int32(bytes.count))
        return Array(bytes.prefix(Int(max(count, 0))))
    }

    private static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(CertificateError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .unwritable(path, code: errno) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path, code: errno)
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw .unwritable(path, code: errno) }
    }

    private static func readCertificate(_ path: String) -> OpaquePointer? {
        guard let bio = BIO_new_file(path, "r") else { ERR_clear_error(); return nil }
        defer { BIO_free(bio) }
        let certificate = PEM_read_bio_X509(bio, nil, nil, nil)
        ERR_clear_error()
        return certificate
    }

    private static func readKey(_ path: String) -> OpaquePointer? {
        guard let bio = BIO_new_file(path, "r") else { ERR_clear_error(); return nil }
        defer { BIO_free(bio) }
        let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        ERR_clear_error()
        return key
    }
}
