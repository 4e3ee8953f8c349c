/// Constants of Tessera's archive file format (see `Docs/FileFormat.md`).
public enum FileFormat {
    /// The format this build writes, and the newest it reads.
    public static let version = 1
    /// SQLite's `application_id` of Tessera archive files: "TESS".
    public static let applicationID: Int32 = 0x5445_5353
    /// The file extension.
    public static let pathExtension = "sqlite"
}
