import Foundation
import Tessera

extension ArchiveFile {
    /// Creates a file for a scheduler of your own (any genome, grid or CVT archive).
    /// ``CheckpointedRun`` wraps this with the run loop, checkpoints and stops.
    ///
    /// ```swift
    /// var scheduler = try Scheduler(archive: archive, emitters: emitters, seed: 42)
    /// let file = try ArchiveFile.create(for: scheduler, at: url, configuration: [("domain", "mine")])
    /// await scheduler.run(domain: domain, totalEvaluations: 50_000, evaluator: evaluator)
    /// try file.writeCheckpoint(scheduler)
    /// try file.finish()
    ///
    /// // Later, or in another process: rebuild the same scheduler, then restore.
    /// var again = try Scheduler(archive: emptyArchive, emitters: sameEmitters, seed: 42)
    /// try ArchiveFile.open(url, mode: .readWrite).restore(into: &again)
    /// ```
    /// - Parameters:
    ///   - configuration: Free key/value pairs kept in the `run_config` table.
    ///   - configurationJSON: Anything your code needs to rebuild the run (kept verbatim).
    ///   - settings: The run's budget and other settings, if it has them.
    ///   - lock: The lock on the file being replaced, when the caller took it earlier.
    /// - Throws: ``StoreError``; ``StoreError/mismatch(path:detail:)`` for an archive kind
    ///   the format cannot hold (a custom archive type).
    public static func create<A: Archive>(for scheduler: Scheduler<A>, at url: URL, configuration: [(String, String)] = [],
                                          configurationJSON: Data = Data("{}".utf8), settings: RunSettings? = nil,
                                          overwrite: Bool = false, lock: ArchiveLock? = nil) throws -> ArchiveFile {
        guard scheduler.archive is GridArchive<A.Genome> || scheduler.archive is CVTArchive<A.Genome>
                || scheduler.archive is UnstructuredArchive<A.Genome> else {
            throw StoreError.mismatch(path: url.path, detail: "only grid, CVT and unstructured archives can be saved in format "
                                      + "\(FileFormat.version) (this one is \(type(of: scheduler.archive)))")
        }
        let cvt = scheduler.archive as? CVTArchive<A.Genome>
        return try create(at: url, header: ArchiveHeader(describing: scheduler, tesseraVersion: TesseraInfo.version),
                          configuration: configuration, configurationJSON: configurationJSON, centroids: cvt?.centroids,
                          construction: cvt?.construction, settings: settings,
                          emitters: try scheduler.emitterConfigurations(), overwrite: overwrite, lock: lock)
    }

    /// Writes a checkpoint without history points (see ``writeCheckpoint(_:history:wallSeconds:)``).
    public func writeCheckpoint<A: Archive>(_ scheduler: Scheduler<A>) throws {
        try writeCheckpoint(scheduler, history: [], wallSeconds: 0)
    }
}
