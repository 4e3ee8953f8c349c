import Foundation
import Tessera

extension ArchiveFile {
    /// Restores the last checkpoint into a scheduler built the same way as the saved one
    /// (same archive shape, same emitter types in the same order, same seed): the archive
    /// with its elites in their original insertion order and thresholds, each emitter's
    /// state, the counters, and the result archive when there is one. Continuing then gives
    /// exactly what the uninterrupted run would have.
    ///
    /// - Returns: `false` when the file has no checkpoint yet (the scheduler is unchanged).
    /// - Throws: ``StoreError`` for a file that does not fit the scheduler.
    @discardableResult
    public func restore<A: Archive>(into scheduler: inout Scheduler<A>) throws -> Bool {
        guard let state = try schedulerState() else { return false }
        guard scheduler.archive.store.acceptance == (try? header.acceptance()) else {
            throw StoreError.mismatch(path: path, detail: "the saved archive's acceptance rule differs from this scheduler's")
        }
        guard header.hasResultArchive == (scheduler.resultArchive != nil) else {
            throw StoreError.mismatch(path: path, detail: header.hasResultArchive ? "the file holds a result archive, this scheduler none"
                                                                                  : "this scheduler has a result archive, the file none")
        }
        do {
            if let configured = try emitterConfigurations() {
                let identifiers = configured.map(\.identifier)
                guard identifiers == scheduler.emitterIdentifiers else {
                    throw RestoreError(message: "the file was created with emitters \(identifiers), this scheduler has "
                                       + "\(scheduler.emitterIdentifiers)")
                }
            }
            let archive = try restored(scheduler.archive, from: .main)
            let results = try scheduler.resultArchive.map { try restored($0, from: .result) }
            try scheduler.restore(state, archive: archive, resultArchive: results)
        } catch let error as StoreError {
            throw error
        } catch let error as DecodingError {
            throw StoreError.corrupt(path: path, detail: "a saved emitter state is unusable: \(Self.reason(error))")
        } catch {
            throw StoreError.mismatch(path: path, detail: String(describing: error))
        }
        return true
    }

    /// The saved main archive, restored into `template` (an empty archive built as the saved
    /// one was): its elites in their original insertion order, with their thresholds. For
    /// runs that are not a ``Scheduler``'s; ``restore(into:)`` does this for a scheduler.
    ///
    /// - Throws: ``StoreError`` for a file whose archive does not fit `template`.
    public func restoredArchive<A: Archive>(_ template: A) throws -> A {
        do {
            return try restored(template, from: .main)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.mismatch(path: path, detail: String(describing: error))
        }
    }

    /// `template` emptied, then filled with the elites of `table` in their insertion order,
    /// with their thresholds.
    private func restored<A: Archive>(_ template: A, from table: StoredArchive) throws -> A {
        var archive = try fitted(template)
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
            saved = try vectorElites(inInsertionOrder: true, of: table).map { elite in
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
            saved = try tensorElites(inInsertionOrder: true, of: table).map { elite in
                SavedElite(cell: elite.cell, position: elite.position, objective: elite.objective, threshold: elite.threshold,
                           evaluation: elite.evaluation, descriptor: elite.descriptor,
                           genome: elite.genome as! A.Genome, metadata: elite.metadata)
            }
        case .json:
            saved = try elites(inInsertionOrder: true, of: table) { statement, column in
                try decoder.decode(A.Genome.self, from: Data((statement.text(column) ?? "").utf8))
            }
        }
        for (position, elite) in saved.enumerated() {
            guard elite.position == position else {
                throw StoreError.corrupt(path: path, detail: "\(table.table) positions are not 0..<\(saved.count)")
            }
            try archive.restoreElite(cell: elite.cell, objective: elite.objective, threshold: elite.threshold,
                                     evaluation: elite.evaluation, descriptor: elite.descriptor,
                                     genome: elite.genome, metadata: elite.metadata)
        }
        if table == .main, var unstructured = archive as? UnstructuredArchive<A.Genome>,
           let data = try reading({ try Schema.readArchiveState(from: database) }) {
            do {
                try unstructured.setAdmission(try JSONDecoder().decode(Admission.self, from: data))
            } catch {
                throw StoreError.corrupt(path: path, detail: "the unstructured archive's saved admission rule is unusable")
            }
            archive = unstructured as! A
        }
        return archive
    }

    /// `template` when it has the file's kind, cells and descriptor box; otherwise, when
    /// only the descriptor box (and CVT centroids) differ — the saved run re-indexed its
    /// archive — an archive like it with the file's box and centroids.
    private func fitted<A: Archive>(_ template: A) throws -> A {
        // Other genomes: the caller names what differs.
        guard storesGenomes(of: template.store.genomes) else { return template }
        let described = header(describing: template)
        let savedCentroids = header.archiveKind == .cvt ? try centroids() : nil
        let templateCentroids = (template as? CVTArchive<A.Genome>)?.centroids
        if described == header && savedCentroids == templateCentroids { return template }
        var shapeOnly = described
        shapeOnly.descriptorSpace = header.descriptorSpace
        shapeOnly.learningRate = header.learningRate
        shapeOnly.thresholdMin = header.thresholdMin
        guard shapeOnly == header else {
            throw StoreError.mismatch(path: path, detail: "the saved archive's kind, cells or genomes differ from this scheduler's")
        }
        let layout = template.store.genomes.layout
        let rebuilt: A
        do {
            if let grid = template as? GridArchive<A.Genome> {
                rebuilt = try GridArchive<A.Genome>(shape: grid.shape, descriptorSpace: header.descriptorSpace, genomeLayout: layout,
                                                    qdScoreOffset: grid.qdScoreOffset, acceptance: grid.store.acceptance,
                                                    epsilon: grid.epsilon) as! A
            } else if let cvt = template as? CVTArchive<A.Genome>, let savedCentroids {
                rebuilt = try CVTArchive<A.Genome>(centroids: savedCentroids, descriptorSpace: header.descriptorSpace,
                                                   genomeLayout: layout, qdScoreOffset: cvt.qdScoreOffset,
                                                   acceptance: cvt.store.acceptance, construction: cvt.construction) as! A
            } else if let unstructured = template as? UnstructuredArchive<A.Genome> {
                rebuilt = try UnstructuredArchive<A.Genome>(descriptorSpace: header.descriptorSpace, genomeLayout: layout,
                                                            capacity: unstructured.capacity, eviction: unstructured.eviction,
                                                            admission: unstructured.admission,
                                                            qdScoreOffset: unstructured.qdScoreOffset) as! A
            } else {
                throw StoreError.mismatch(path: path, detail: "the saved archive's descriptor box differs from this scheduler's")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corrupt(path: path, detail: "its re-indexed archive cannot be rebuilt (\(error))")
        }
        return rebuilt
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
