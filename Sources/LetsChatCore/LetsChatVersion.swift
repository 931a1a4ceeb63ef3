/// The version of LetsChat that `--version` prints for all three programs and `.ci/deb` puts in
/// the Debian package's name.
///
/// 0.5: five sessions of work and no release before this one; below 1.0 because the options and
/// the server's ISUPPORT limits may still change (the man pages say so in their footer).
public enum LetsChatVersion {
    /// The version as `MAJOR.MINOR.PATCH`.
    public static let string = "0.5.0"
}
