/// What the last checkpoint wrote of the run state (``ArchiveFile/lastCheckpoint``): how
/// many state parts it wrote whole, appended to or skipped, and the bytes of state.
public struct CheckpointStatistics: Hashable, Sendable {
    /// Parts written whole (new, changed, or the first checkpoint of a session).
    public var partsWritten = 0
    /// Row parts to which only new rows were appended.
    public var partsAppended = 0
    /// Parts left as they were: their bytes equal the ones last written.
    public var partsSkipped = 0
    /// Rows appended to row parts.
    public var rowsAppended = 0
    /// Bytes of state written: part payloads and the scheduler state row.
    public var stateBytes = 0

    /// No writes yet.
    public init() {}
}
