import Foundation
import Tessera

/// One run's archive file: an SQLite database holding the configuration, the archive as a
/// table, the state needed to continue exactly, and a history of metrics.
///
/// Create one with ``create(at:header:configuration:centroids:overwrite:)`` (atomic: a
/// temporary file renamed into place), write checkpoints with
/// ``writeCheckpoint(_:history:wallSeconds:)`` (one transaction each, write-ahead log
/// folded back into the file after each), and read it with ``open(_:mode:)``.
public final class ArchiveFile {
    /// How an existing file is opened.
    public enum Mode: Sendable {
        /// For `info`, `export`, `report`: nothing is written, a missing file is an error.
        case readOnly
        /// For resuming: checkpoints are written.
        case readWrite
    }

    /// The file's path.
    public let path: String
    /// The archive's shape and format facts.
    public private(set) var header: ArchiveHeader
    let database: SQLiteDatabase
    /// Evaluations already saved in the elites table (cells that changed since are rewritten).
    private var savedThrough: Int
    let writable: Bool
    /// Whether the write-ahead log is on (switched on by the first checkpoint of a session,
    /// so a session that fails before writing leaves the file's bytes as they were).
    private var logging = false
    /// The writer's lock, held while the file is open for writing.
    private let lock: ArchiveLock?
    /// Settings to write with the next checkpoint.
    private var pendingSettings: RunSettings?
    /// What this session wrote of the run state's parts.
    private var stateParts = StatePartsTable()
    /// What the last checkpoint of this session wrote of the run state, or `nil` before one.
    public private(set) var lastCheckpoint: CheckpointStatistics?

    private init(path: String, database: SQLiteDatabase, header: ArchiveHeader, savedThrough: Int, writable: Bool,
                 lock: ArchiveLock?) {
        self.path = path
        self.database = database
        self.header = header
        self.savedThrough = savedThrough
        self.writable = writable
        self.lock = lock
    }

    // MARK: Creating

    /// Creates a new archive file atomically: the schema, header, configuration and an
    /// empty archive are written to a temporary file in the same folder, which is then
    /// renamed to `url`.
    ///
    /// - Parameters:
    ///   - url: Where the file goes.
    ///   - header: The archive's shape (``ArchiveHeader/init(describing:tesseraVersion:)``).
    ///   - configuration: The run configuration as ordered key/value pairs (readable from
    ///     Python), plus `configurationJSON`, the exact encoded configuration.
    ///   - centroids: CVT centroids, row-major.
    ///   - settings: The run's budget, time-out and report settings, when it has them.
    ///   - emitters: Each emitter's configuration (``Scheduler/emitterConfigurations()``),
    ///     kept once and checked on restore; empty for none.
    ///   - reportOverlay: Lines and points the report draws over the archive (a maze's walls).
    ///   - overwrite: Replace an existing file.
    ///   - lock: The lock on the file being replaced, when the caller took it earlier.
    /// - Throws: ``StoreError``; ``StoreError/busy(path:)`` when another process writes
    ///   the file being replaced.
    public static func create(at url: URL, header: ArchiveHeader, configuration: [(String, String)],
                              configurationJSON: Data, centroids: [Double]?, construction: CVTConstruction? = nil,
                              settings: RunSettings? = nil, emitters: [EmitterConfiguration] = [],
                              reportOverlay: ReportOverlay? = nil, overwrite: Bool,
                              lock: ArchiveLock? = nil) throws -> ArchiveFile {
        let path = url.path
        let manager = FileManager.default
        if manager.fileExists(atPath: path) && !overwrite { throw StoreError.exists(path: path) }
        if header.genomeKind.isBlob, header.genomeDimension > FileFormat.maximumGenomeBlobCount(elementSize: header.elementSize) {
            throw StoreError.mismatch(path: path, detail: "genomes of \(header.genomeDimension) numbers do not fit one SQLite value "
                                      + "(at most \(FileFormat.maximumGenomeBlobCount(elementSize: header.elementSize)))")
        }
        let maximumColumns = FileFormat.maximumColumnGenomeDimension(descriptorDimension: header.descriptorDimension)
        if header.genomeKind == .vector, header.genomeDimension > maximumColumns {
            throw StoreError.mismatch(path: path, detail: "genomes of \(header.genomeDimension) genes do not fit one column each "
                                      + "(at most \(maximumColumns)); store them as kind vector_blob")
        }
        try header.validate(path: path)
        // Hold the replaced file's lock until the new file, locked too, has taken its place.
        let replacedLock = try lock ?? ArchiveLock.acquire(path)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError.notWritable(path: path, detail: "the folder \(folder.path) does not exist")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        removeWithSidecars(temporary.path)
        do {
            let database = try SQLiteDatabase(path: temporary.path, mode: .create)
            try database.execute("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL")
            try database.transaction {
                try Schema.create(in: database, header: header)
                try Schema.writeHeader(header, configurationJSON: configurationJSON, in: database)
                let insert = try database.prepare("INSERT INTO run_config (position, key, value) VALUES (?, ?, ?)")
                for (position, (key, value)) in configuration.enumerated() {
                    insert.reset()
                    try insert.bind(1, Int64(position))
                    try insert.bind(2, key)
                    try insert.bind(3, value)
                    try insert.step()
                }
                if let centroids { try Schema.writeCentroids(centroids, dimension: header.descriptorDimension, in: database) }
                if let reportOverlay {
                    let insert = try database.prepare("INSERT INTO tessera_file (key, value) VALUES ('report_overlay', ?)")
                    try insert.bind(1, String(decoding: try JSONEncoder().encode(reportOverlay), as: UTF8.self))
                    try insert.step()
                }
                if let construction {
                    let record = try database.prepare("INSERT INTO tessera_file (key, value) VALUES ('cvt_construction', ?)")
                    try record.bind(1, String(decoding: try JSONEncoder().encode(construction), as: UTF8.self))
                    try record.step()
                }
                if let settings { try Schema.writeSettings(settings, in: database) }
                if !emitters.isEmpty { try Schema.writeEmitterConfigurations(emitters, in: database) }
                try database.execute(StatePartsTable.create)
            }
        } catch {
            removeWithSidecars(temporary.path)
            throw StoreError.from(error, path: path)
        }
        // The old file's write-ahead log must not be replayed onto the new file.
        for sidecar in ["-wal", "-shm", "-journal"] { try? manager.removeItem(atPath: path + sidecar) }
        guard let newLock = try ArchiveLock.acquire(temporary.path) else {
            removeWithSidecars(temporary.path)
            throw StoreError.notWritable(path: path, detail: "the new file vanished before it was renamed")
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            removeWithSidecars(temporary.path)
            throw StoreError.notWritable(path: path, detail: reason)
        }
        withExtendedLifetime(replacedLock) {}
        return try open(url, mode: .readWrite, lock: newLock)
    }

    static func removeWithSidecars(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    // MARK: Opening

    /// Opens an existing archive file, checking that it is a Tessera archive of a format
    /// this build reads and that SQLite finds it intact.
    ///
    /// Every value the file holds about its shape is validated here, so a file edited by
    /// hand is reported as damaged rather than used. A file opened for writing is locked
    /// (``ArchiveLock``) until this object is released.
    ///
    /// - Throws: ``StoreError`` (missing, not an archive, damaged, newer format, busy).
    public static func open(_ url: URL, mode: Mode) throws -> ArchiveFile {
        try open(url, mode: mode, lock: nil)
    }

    static func open(_ url: URL, mode: Mode, lock: ArchiveLock?) throws -> ArchiveFile {
        let path = url.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw StoreError.missing(path: path) }
        guard !isFolder.boolValue else { throw StoreError.notAnArchive(path: path, reason: "it is a folder") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if size == 0 { throw StoreError.notAnArchive(path: path, reason: "the file is empty") }
        let heldLock = mode == .readWrite ? try lock ?? ArchiveLock.acquire(path) : nil
        do {
            let database = try SQLiteDatabase(path: path, mode: mode == .readOnly ? .readOnly : .readWrite)
            guard let application = try database.scalarInt("PRAGMA application_id"),
                  application == Int64(FileFormat.applicationID) else {
                throw StoreError.notAnArchive(path: path, reason: "an SQLite database of another application")
            }
            let version = Int(try database.scalarInt("PRAGMA user_version") ?? 0)
            guard version <= FileFormat.version else {
                throw StoreError.newerFormat(path: path, found: version, supported: FileFormat.version)
            }
            let check = try database.scalarText("PRAGMA quick_check") ?? "no answer"
            guard check == "ok" else { throw StoreError.corrupt(path: path, detail: check) }
            let header = try Schema.readHeader(from: database, path: path)
            try header.validate(path: path)
            try Schema.checkTables(of: header, in: database, path: path)
            let state = try Schema.readState(from: database, path: path, parts: false)
            if let state, state.iteration < 0 || state.evaluations < 0 || state.failures.count < 0 || state.failures.count > state.evaluations {
                throw StoreError.corrupt(path: path, detail: "the saved counters are impossible (iteration \(state.iteration), "
                                         + "\(state.evaluations) evaluations, \(state.failures.count) failed)")
            }
            return ArchiveFile(path: path, database: database, header: header, savedThrough: state?.evaluations ?? 0,
                               writable: mode == .readWrite, lock: heldLock)
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Folds the write-ahead log into the file and returns it to rollback-journal mode,
    /// so the file at rest is one self-contained `.sqlite` file. Called after a run's
    /// final checkpoint; a file left in WAL mode (a killed run) is still valid.
    public func finish() throws {
        guard writable, logging else { return }
        do {
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE")
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    // MARK: Reading

    /// The exact run configuration the file was created with (JSON).
    public func configurationJSON() throws -> Data {
        do {
            guard let text = try database.scalarText("SELECT value FROM tessera_file WHERE key = 'run_configuration'") else {
                throw StoreError.corrupt(path: path, detail: "no run configuration")
            }
            return Data(text.utf8)
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// The run configuration as ordered key/value pairs.
    public func configurationFields() throws -> [(key: String, value: String)] {
        try reading {
            let statement = try database.prepare("SELECT key, value FROM run_config ORDER BY position")
            var fields: [(key: String, value: String)] = []
            while try statement.step() { fields.append((statement.text(0) ?? "", statement.text(1) ?? "")) }
            return fields
        }
    }

    /// The saved run settings, or `nil` for a file written before they were saved (or by
    /// a program's own scheduler).
    public func settings() throws -> RunSettings? {
        try reading { try Schema.readSettings(from: database, path: path) }
    }

    /// Saves `settings` with the next checkpoint (in its transaction), so a run that fails
    /// before its first checkpoint leaves the file as it was.
    public func saveSettingsWithNextCheckpoint(_ settings: RunSettings) {
        pendingSettings = settings
    }

    /// The lines and points the report draws over the archive, or `nil` when the file has
    /// none.
    ///
    /// - Throws: ``StoreError/corrupt(path:detail:)`` for an unreadable or impossible overlay.
    public func reportOverlay() throws -> ReportOverlay? {
        try reading {
            guard let text = try database.scalarText("SELECT value FROM tessera_file WHERE key = 'report_overlay'") else { return nil }
            guard let overlay = try? JSONDecoder().decode(ReportOverlay.self, from: Data(text.utf8)), overlay.isValid else {
                throw StoreError.corrupt(path: path, detail: "its report overlay is unreadable or holds impossible values")
            }
            return overlay
        }
    }

    /// The saved scheduler state, or `nil` before the first checkpoint.
    public func schedulerState() throws -> SchedulerState? {
        try reading { try Schema.readState(from: database, path: path) }
    }

    /// Each emitter's configuration as the file was created with it, or `nil` for a file
    /// written before configurations were kept apart (or created without them).
    public func emitterConfigurations() throws -> [EmitterConfiguration]? {
        try reading { try Schema.readEmitterConfigurations(from: database, path: path) }
    }

    /// How the CVT centroids were made, when Tessera made them.
    public func cvtConstruction() throws -> CVTConstruction? {
        try reading {
            guard let text = try database.scalarText("SELECT value FROM tessera_file WHERE key = 'cvt_construction'") else { return nil }
            return try JSONDecoder().decode(CVTConstruction.self, from: Data(text.utf8))
        }
    }

    /// The CVT centroids, row-major, or `nil` for other archives.
    public func centroids() throws -> [Double]? {
        let centroids = try reading { try Schema.readCentroids(from: database, dimension: header.descriptorDimension) }
        if let centroids {
            guard centroids.count == header.cells * header.descriptorDimension else {
                throw StoreError.corrupt(path: path, detail: "\(centroids.count / header.descriptorDimension) centroids for \(header.cells) cells")
            }
            guard centroids.allSatisfy(\.isFinite) else { throw StoreError.corrupt(path: path, detail: "a centroid is not finite") }
        }
        return centroids
    }

    /// The metrics history, in iteration order.
    public func history() throws -> [HistoryPoint] {
        try reading { try Schema.readHistory(from: database, path: path) }
    }

    /// The archive a run's figures come from: the result archive when the file has one,
    /// else the main archive.
    public var reported: StoredArchive { header.hasResultArchive ? .result : .main }

    /// The number of elites of `archive` (by default ``reported``).
    public func eliteCount(of archive: StoredArchive? = nil) throws -> Int {
        try reading { Int(try database.scalarInt("SELECT count(*) FROM \((archive ?? reported).table)") ?? 0) }
    }

    /// The elites of a vector-genome archive (kind `vector` or `vector_blob`), in cell
    /// order (or insertion order), of `archive` (by default ``reported``).
    ///
    /// Every gene is checked: a number where columns hold genes, a BLOB of exactly
    /// `genomeDimension` doubles otherwise, and finite.
    /// - Throws: ``StoreError/mismatch(path:detail:)`` for a file of other genomes;
    ///   ``StoreError/corrupt(path:detail:)`` naming the elite and the value at fault.
    /// - Complexity: O(elites × genes).
    public func vectorElites(inInsertionOrder: Bool = false, of archive: StoredArchive? = nil) throws -> [SavedElite<[Double]>] {
        let d = header.genomeDimension
        switch header.genomeKind {
        case .vector: break
        case .vectorBlob:
            return try elites(inInsertionOrder: inInsertionOrder, of: archive) { statement, column in
                guard statement.isBlob(column), let data = statement.data(column) else { throw RowProblem("its genome is not a BLOB") }
                do { return try GenomeBlob.doubles(data, count: d) } catch let problem as GenomeBlob.Problem { throw RowProblem(problem.text) }
            }
        case .json, .tensor:
            throw StoreError.mismatch(path: path, detail: "genomes are stored as \(header.genomeKind.rawValue), not real vectors")
        }
        return try elites(inInsertionOrder: inInsertionOrder, of: archive) { statement, column in
            var genome = [Double](repeating: 0, count: d)
            for j in 0..<d {
                let index = column + Int32(j)
                guard statement.isNumber(index) else { throw RowProblem("genome_\(j) is not a number") }
                genome[j] = statement.double(index)
                guard genome[j].isFinite else { throw RowProblem("genome_\(j) is not finite") }
            }
            return genome
        }
    }

    /// The elites of a tensor-genome archive (kind `tensor`), in cell order (or insertion
    /// order), each a ``FloatTensor`` of the file's ``ArchiveHeader/genomeShape``, of
    /// `archive` (by default ``reported``).
    ///
    /// Every genome is checked: a BLOB of exactly `genomeDimension` floats, all finite.
    /// - Throws: ``StoreError/mismatch(path:detail:)`` for a file of other genomes;
    ///   ``StoreError/corrupt(path:detail:)`` naming the elite and the value at fault.
    /// - Complexity: O(elites × values per tensor).
    public func tensorElites(inInsertionOrder: Bool = false, of archive: StoredArchive? = nil) throws -> [SavedElite<FloatTensor>] {
        guard header.genomeKind == .tensor, let shape = header.genomeShape else {
            throw StoreError.mismatch(path: path, detail: "genomes are stored as \(header.genomeKind.rawValue), not tensors")
        }
        let n = header.genomeDimension
        return try elites(inInsertionOrder: inInsertionOrder, of: archive) { statement, column in
            guard statement.isBlob(column), let data = statement.data(column) else { throw RowProblem("its genome is not a BLOB") }
            do {
                return try FloatTensor(shape: shape, values: GenomeBlob.floats(data, count: n))
            } catch let problem as GenomeBlob.Problem {
                throw RowProblem(problem.text)
            }
        }
    }

    /// What is wrong with one stored elite.
    struct RowProblem: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    /// The elites, in cell order (or insertion order), with genomes decoded by `genome`
    /// from the row's columns starting at the given index. Every value is checked: cells
    /// in range, numbers where numbers belong, finite objectives and descriptors, readable
    /// metadata.
    func elites<G>(inInsertionOrder: Bool, of archive: StoredArchive? = nil,
                   genome: (SQLiteStatement, Int32) throws -> G) throws -> [SavedElite<G>] {
        let table = (archive ?? reported).table
        return try reading {
            let k = header.descriptorDimension
            let statement = try database.prepare("SELECT * FROM \(table) ORDER BY \(inInsertionOrder ? "position" : "cell")")
            let metadataColumn = statement.columnCount - 1
            var out: [SavedElite<G>] = []
            while try statement.step() {
                let cell = statement.int(0)
                do {
                    for (index, name) in [(0, "cell"), (1, "position"), (2, "objective"), (3, "threshold"), (4, "evaluation")]
                    where !statement.isNumber(Int32(index)) {
                        throw RowProblem("\(name) is not a number")
                    }
                    let cells = header.archiveKind == .unstructured ? Int(Int32.max) : header.cells
                    guard (0..<Int64(cells)).contains(cell) else { throw RowProblem("the cell is outside 0..<\(cells)") }
                    guard statement.int(1) >= 0, statement.int(4) >= 0 else { throw RowProblem("a negative position or evaluation") }
                    guard statement.double(2).isFinite, !statement.double(3).isNaN else { throw RowProblem("the objective or threshold is not finite") }
                    var descriptor = [Double](repeating: 0, count: k)
                    for j in 0..<k {
                        let index = 5 + Int32(j)
                        guard statement.isNumber(index), statement.double(index).isFinite else {
                            throw RowProblem("descriptor_\(j) is not a finite number")
                        }
                        descriptor[j] = statement.double(index)
                    }
                    let metadata: Metadata?
                    do {
                        metadata = try statement.text(metadataColumn).map { try JSONDecoder().decode(Metadata.self, from: Data($0.utf8)) }
                    } catch {
                        throw RowProblem("its metadata is not valid JSON")
                    }
                    let decoded: G
                    do {
                        decoded = try genome(statement, 5 + Int32(k))
                    } catch let problem as RowProblem {
                        throw problem
                    } catch {
                        throw RowProblem("its genome cannot be decoded")
                    }
                    out.append(SavedElite(cell: Int(cell), position: Int(statement.int(1)), objective: statement.double(2),
                                          threshold: statement.double(3), evaluation: Int(statement.int(4)),
                                          descriptor: descriptor, genome: decoded, metadata: metadata))
                } catch let problem as RowProblem {
                    throw StoreError.corrupt(path: path, detail: "the elite of cell \(cell): \(problem.text)")
                }
            }
            return out
        }
    }

    func reading<R>(_ body: () throws -> R) throws -> R {
        do { return try body() } catch { throw StoreError.from(error, path: path) }
    }

    // MARK: Writing

    /// Writes one checkpoint in one transaction: the elites that changed since the last
    /// checkpoint, the new history points and the scheduler's state; then folds the
    /// write-ahead log into the file.
    ///
    /// The state's counters and list of parts go in the `state` table; the parts' payloads
    /// in `state_parts`, where only changed parts are rewritten and rows parts only gain
    /// their new rows (``lastCheckpoint`` says what was written).
    ///
    /// On failure (full disk, I/O error) the transaction is rolled back and the file
    /// still holds the previous checkpoint.
    /// - Throws: ``StoreError``.
    public func writeCheckpoint<A: Archive>(_ scheduler: Scheduler<A>, history: [HistoryPoint], wallSeconds: Double) throws {
        try writeCheckpoint(archive: scheduler.archive, resultArchive: scheduler.resultArchive, state: try scheduler.state(),
                            history: history, wallSeconds: wallSeconds)
    }

    /// Writes a checkpoint of a run that is not a ``Scheduler``'s (an EvoSearch run): its
    /// archive and its state, whose counters (`iteration`, `evaluations`) and components are
    /// saved as a scheduler's are, in one transaction. See
    /// ``writeCheckpoint(_:history:wallSeconds:)``.
    ///
    /// - Throws: ``StoreError``.
    public func writeCheckpoint<A: Archive>(archive: A, resultArchive: A? = nil, state: SchedulerState, history: [HistoryPoint],
                                            wallSeconds: Double) throws {
        precondition(writable, "the file was opened read-only")
        guard storesGenomes(of: archive.store.genomes) else {
            throw StoreError.mismatch(path: path, detail: "the archive's genomes are not the file's "
                                      + "(\(header.genomeKind.rawValue), \(header.genomeDimension) numbers)")
        }
        let updated = header(describing: archive)
        var shapeOnly = updated
        shapeOnly.descriptorSpace = header.descriptorSpace
        guard shapeOnly == header else {
            throw StoreError.mismatch(path: path, detail: "the archive does not have the file's kind, cells, genomes or rule")
        }
        guard (resultArchive != nil) == header.hasResultArchive else {
            throw StoreError.mismatch(path: path, detail: header.hasResultArchive ? "the file holds a result archive, the scheduler none"
                                                                                  : "the scheduler has a result archive, the file none")
        }
        if let results = resultArchive, results.descriptorSpace != archive.descriptorSpace {
            throw StoreError.mismatch(path: path, detail: "the result archive's descriptor box differs from the archive's")
        }
        // A re-indexed archive (AURORA, TAXONS) has a new descriptor box, new descriptors
        // everywhere and, for CVT, new centroids: the header is rewritten and every elite too.
        let reindexed = updated != header
        let centroids = reindexed ? (archive as? CVTArchive<A.Genome>)?.centroids : nil
        let since = reindexed ? Int.min : savedThrough
        let archiveState = try (archive as? UnstructuredArchive<A.Genome>).map { try JSONEncoder().encode($0.admission) }
        do {
            if !logging {
                try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
                logging = true
            }
            let manifest = try JSONEncoder().encode(StateManifest(state))
            let written = try database.transaction {
                if reindexed { try Schema.rewriteHeader(updated, centroids: centroids, in: database) }
                try Schema.writeElites(of: archive.store, changedSince: since, header: updated, in: database)
                if let results = resultArchive {
                    try Schema.writeElites(of: results.store, changedSince: since, header: updated, into: .result, in: database)
                }
                if let archiveState { try Schema.writeArchiveState(archiveState, in: database) }
                try Schema.appendHistory(history, in: database)
                var flattened = state
                flattened.components += state.stages
                var (parts, statistics) = try stateParts.write(flattened, in: database)
                try Schema.writeState(manifest: manifest, in: database)
                statistics.stateBytes += manifest.count
                if let pendingSettings { try Schema.writeSettings(pendingSettings, in: database) }
                let record = try database.prepare(
                    "INSERT INTO checkpoints (iteration, evaluations, wall_seconds) VALUES (?, ?, ?)")
                try record.bind(1, Int64(state.iteration))
                try record.bind(2, Int64(state.evaluations))
                try record.bind(3, wallSeconds)
                try record.step()
                return (parts, statistics)
            }
            // Kept only once committed: after a rollback the next checkpoint rewrites every part.
            stateParts = written.0
            lastCheckpoint = written.1
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            savedThrough = state.evaluations
            pendingSettings = nil
            header = updated
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// The header this file holds for `archive`: the archive's kind, cells, descriptor
    /// box and rule, with the file's format version, result-archive flag and genome
    /// storage (how genes are stored is the file's choice: a legacy file may keep over
    /// 1,000 gene columns; ``storesGenomes(of:)`` compares the genomes themselves).
    func header<A: Archive>(describing archive: A) -> ArchiveHeader {
        var described = ArchiveHeader(describing: archive, tesseraVersion: header.tesseraVersion)
        described.formatVersion = header.formatVersion
        described.resultArchive = header.resultArchive
        described.genomeKind = header.genomeKind
        return described
    }

    /// Whether `genomes` has the kind and layout of the file's genomes.
    func storesGenomes<Column: GenomeColumn>(of genomes: Column) -> Bool {
        switch header.genomeKind {
        case .vector, .vectorBlob: return (genomes as? VectorColumn)?.dimension == header.genomeDimension
        case .tensor: return (genomes as? TensorColumn)?.shape == header.genomeShape
        case .json: return !(genomes is VectorColumn) && !(genomes is TensorColumn)
        }
    }

    /// Limits the file to `pages` database pages (SQLite's `max_page_count`): a way to
    /// simulate a full disk in tests.
    public func limitPages(_ pages: Int) throws {
        try reading { try database.execute("PRAGMA max_page_count = \(pages)") }
    }
}
