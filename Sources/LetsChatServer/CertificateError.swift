#if canImport(Glibc)
import Glibc
#endif

/// Why the server's TLS certificate or key cannot be used, worded so the person starting it can act.
public enum CertificateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file could not be opened or examined.
    case unreadable(String, code: Int32)
    /// A file could not be created or written.
    case unwritable(String, code: Int32)
    /// The key file can be read by its group or by others.
    case keyNotPrivate(String, mode: mode_t)
    /// The file holds no PEM certificate.
    case invalidCertificate(String)
    /// The file holds no PEM private key (or one protected by a passphrase).
    case invalidKey(String)
    /// The key is not the certificate's.
    case keyDoesNotMatch(certificate: String, key: String)
    /// OpenSSL could not make a new key or certificate.
    case generationFailed(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let code): "cannot read \(path): \(String(cString: strerror(code)))"
        case .unwritable(let path, let code): "cannot write \(path): \(String(cString: strerror(code)))"
        case .keyNotPrivate(let path, let mode):
            "the TLS key \(path) is readable by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)"
        case .invalidCertificate(let path): "\(path) holds no PEM certificate"
        case .invalidKey(let path): "\(path) holds no PEM private key without a passphrase"
        case .keyDoesNotMatch(let certificate, let key): "the key \(key) does not belong to the certificate \(certificate)"
        case .generationFailed(let what): "could not make a TLS \(what) with OpenSSL"
        }
    }
}
