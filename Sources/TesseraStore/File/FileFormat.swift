/// Constants of Tessera's archive file format (see `Docs/FileFormat.md`).
public enum FileFormat {
    /// The format this build writes, and the newest it reads.
    public static let version = 2
    /// SQLite's `application_id` of Tessera archive files: "TESS".
    public static let applicationID: Int32 = 0x5445_5353
    /// The file extension.
    public static let pathExtension = "sqlite"
}

extension FileFormat {
    /// The most columns an SQLite table may have (SQLite's default `SQLITE_MAX_COLUMN`).
    public static let maximumColumns = 2000

    /// The largest real-vector genome stored with one `REAL` column per gene (kind
    /// `vector`); larger ones are stored as one BLOB (kind `vector_blob`). Vectors of
    /// earlier files stored as columns stay so (at most
    /// ``maximumColumnGenomeDimension(descriptorDimension:)`` genes).
    public static let maximumGeneColumns = 1_000

    /// The largest real-vector genome a `vector` file can hold with
    /// `descriptorDimension`-D descriptors: one column per gene next to the cell, position,
    /// objective, threshold, evaluation, descriptor and metadata columns.
    public static func maximumColumnGenomeDimension(descriptorDimension: Int) -> Int {
        maximumColumns - 6 - descriptorDimension
    }

    /// The most numbers of `elementSize` bytes one genome BLOB may hold: SQLite's
    /// default limit on a value's length is 10^9 bytes.
    public static func maximumGenomeBlobCount(elementSize: Int) -> Int {
        elementSize > 0 ? 1_000_000_000 / elementSize : 0
    }
}
