import Foundation
import Tessera

extension ArchiveFile {
    /// Restores the last checkpoint into a scheduler built the same way as the saved one
    /// (same archive shape, same emitter types in the same order, same seed): the archive
    /// with its elites in their original insertion order and thresholds, each emitter's
    /// state, and the counters. Continuing then gives exactly what the uninterrupted run
    /// would have.
    ///
    /// - Returns: `false` when the file has no checkpoint yet (the scheduler is unchanged).
    /// - Throws: ``StoreError`` for a file that does not fit the scheduler.
    @discardableResult
    public func restore<A: Archive>(into scheduler: inout Scheduler<A>) throws -> Bool {
        guard let state = try schedulerState() else { return false }
        var archive = scheduler.archive
        guard archive.cellCount == header.cells, archive.descriptorSpace == header.descriptorSpace,
              archive.store.acceptance == (try? header.acceptance()) else {
            throw StoreError.mismatch(path: path, detail: "the saved archive's cells, descriptor box or acceptance differ from this scheduler's")
        }
        archive.clear()
        let decoder = JSONDecoder()
        let saved: [SavedElite<A.Genome>]
        switch header.genomeKind {
        case .vector, .vectorBlob:
            guard [Double].self == A.Genome.self, let vectors = archive.store.genomes as? VectorColumn else {
                throw StoreError.mismatch(path: path, detail: "the file holds real-vector genomes")
            }
            guard vectors.dimension == header.genomeDimension else {
                throw StoreError.mismatch(path: path, detail: "the file holds genomes of \(header.genomeDimension) genes, "
                                          + "this scheduler's archive \(vectors.dimension)")
            }
            saved = try vectorElites(inInsertionOrder: true).map { elite in
                SavedElite(cell: elite.cell, position: elite.position, objective: elite.objective, threshold: elite.threshold,
                           evaluation: elite.evaluation, descriptor: elite.descriptor,
                           genome: elite.genome as! A.Genome, metadata: elite.metadata)
            }
        case .tensor:
            guard FloatTensor.self == A.Genome.self, let tensors = archive.store.genomes as? TensorColumn else {
                throw StoreError.mismatch(path: path, detail: "the file holds tensor genomes")
            }
            guard tensors.shape == header.genomeShape else {
                throw StoreError.mismatch(path: path, detail: "the file holds tensors of shape "
                                          + "\(TensorColumn.describe(header.genomeShape ?? [])), this scheduler's archive "
                                          + "\(TensorColumn.describe(tensors.shape))")
            }
            saved = try tensorElites(inInsertionOrder: true).map { elite in
                SavedElite(cell: elite.cell, position: elite.position, objective: elite.objective, threshold: elite.threshold,
                           evaluation: elite.evaluation, descriptor: elite.descriptor,
                           genome: elite.genome as! A.Genome, metadata: elite.metadata)
            }
        case .json:
            saved = try elites(inInsertionOrder: true) { statement, column in
                try decoder.decode(A.Genome.self, from: Data((statement.text(column) ?? "").utf8))
            }
        }
        do {
            for (position, elite) in saved.enumerated() {
                guard elite.position == position else {
                    throw StoreError.corrupt(path: path, detail: "elite positions are not 0..<\(saved.count)")
                }
                try archive.store.restoreElite(cell: elite.cell, objective: elite.objective, threshold: elite.threshold,
                                               evaluation: elite.evaluation, descriptor: elite.descriptor,
                                               genome: elite.genome, metadata: elite.metadata)
            }
            try scheduler.restore(state, archive: archive)
        } catch let error as StoreError {
            throw error
        } catch let error as DecodingError {
            throw StoreError.corrupt(path: path, detail: "a saved emitter state is unusable: \(Self.reason(error))")
        } catch {
            throw StoreError.mismatch(path: path, detail: String(describing: error))
        }
        return true
    }

    /// A decoding error in a few words: its debug description (a refused value's message),
    /// and where it happened.
    private static func reason(_ error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return String(describing: error)
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return context.debugDescription + (path.isEmpty ? "" : " (at \(path.hasPrefix(".") ? String(path.dropFirst()) : path))")
    }
}
