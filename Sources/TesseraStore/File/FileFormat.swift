/// Constants of Tessera's archive file format (see `Docs/FileFormat.md`).
public enum FileFormat {
    /// The format this build writes, and the newest it reads.
    public static let version = 1
    /// SQLite's `application_id` of Tessera archive files: "TESS".
    public static let applicationID: Int32 = 0x5445_5353
    /// The file extension.
    public static let pathExtension = "sqlite"
}

extension FileFormat {
    /// The most columns an SQLite table may have (SQLite's default `SQLITE_MAX_COLUMN`).
    public static let maximumColumns = 2000

    /// The largest real-vector genome a file can hold with `descriptorDimension`-D
    /// descriptors: format 1 stores one column per gene next to the cell, position,
    /// objective, threshold, evaluation, descriptor and metadata columns.
    public static func maximumGenomeDimension(descriptorDimension: Int) -> Int {
        maximumColumns - 6 - descriptorDimension
    }
}
