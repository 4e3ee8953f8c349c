/// Facts about this build of Tessera.
public enum TesseraInfo {
    /// The semantic version, recorded in archive files.
    public static let version = "0.2.0"
}
