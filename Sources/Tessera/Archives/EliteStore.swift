/// The column store behind every archive: one slot per cell, with the cell's elite
/// (genome, objective, descriptor, metadata, entry evaluation) and threshold in flat
/// arrays, plus a dense list of occupied cells for O(1) uniform sampling.
///
/// Cell archives differ only in how a descriptor maps to a cell; they share this store and
/// its batch-insertion rule (``add(cells:genomes:batch:firstEvaluation:)``). Unstructured
/// archives use the cells as slots, one per elite, and grow the store as they fill.
///
/// ## Insertion order
///
/// ``occupiedCells`` lists the occupied cells in the order their elites entered; an
/// elite's *position* is its index there, and uniform sampling draws a position. A new
/// elite goes at the end; an elite replacing another in an occupied cell keeps that cell's
/// position. ``remove(cells:)`` closes the gaps and keeps the others' relative order, so
/// after a removal an elite's position is the number of older surviving elites, and a
/// store restored from its elites in this order samples exactly as the original.
public struct EliteStore<Column: GenomeColumn>: Codable, Sendable {
    /// The number of cells (slots); only unstructured archives grow it.
    public internal(set) var cellCount: Int
    /// The number of components of each descriptor.
    public let descriptorDimension: Int
    /// The acceptance rule.
    public let acceptance: Acceptance
    /// Whether each cell holds an elite.
    public internal(set) var occupied: [Bool]
    /// Elite objectives (meaningful where occupied).
    public internal(set) var objectives: [Double]
    /// Elite descriptors, `cellCount × descriptorDimension`, row-major.
    public internal(set) var descriptors: [Double]
    /// Elite genomes, one row per cell.
    public internal(set) var genomes: Column
    /// Elite metadata, or `nil` while no elite has any.
    public internal(set) var metadata: [Metadata?]?
    /// The evaluation at which each elite entered.
    public internal(set) var entries: [Int]
    /// Acceptance threshold per cell (meaningful where occupied).
    public internal(set) var thresholds: [Double]
    /// Occupied cells, densely packed (order = insertion history).
    public internal(set) var occupiedCells: [Int32]
    /// The winning row per cell during one insertion, −1 elsewhere (scratch; not encoded).
    private var winnerRow: [Int32]

    private enum CodingKeys: String, CodingKey {
        case cellCount, descriptorDimension, acceptance, occupied, objectives, descriptors
        case genomes, metadata, entries, thresholds, occupiedCells
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let cellCount = try c.decode(Int.self, forKey: .cellCount)
        let descriptorDimension = try c.decode(Int.self, forKey: .descriptorDimension)
        let (descriptorCount, overflow) = cellCount.multipliedReportingOverflow(by: descriptorDimension)
        guard cellCount > 0, descriptorDimension > 0, !overflow else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                debugDescription: "an elite store needs at least one cell and one descriptor component "
                    + "(got \(cellCount) cells of \(descriptorDimension) components)"))
        }
        let metadata = try c.decodeIfPresent([Metadata?].self, forKey: .metadata)
        let occupied = try c.decode([Bool].self, forKey: .occupied)
        let occupiedCells = try c.decode([Int32].self, forKey: .occupiedCells)
        self.cellCount = cellCount
        self.descriptorDimension = descriptorDimension
        acceptance = try c.decode(Acceptance.self, forKey: .acceptance)
        self.occupied = occupied
        objectives = try c.decode([Double].self, forKey: .objectives)
        descriptors = try c.decode([Double].self, forKey: .descriptors)
        genomes = try c.decode(Column.self, forKey: .genomes)
        self.metadata = metadata
        entries = try c.decode([Int].self, forKey: .entries)
        thresholds = try c.decode([Double].self, forKey: .thresholds)
        self.occupiedCells = occupiedCells
        guard occupied.count == cellCount, objectives.count == cellCount, thresholds.count == cellCount,
              entries.count == cellCount, descriptors.count == descriptorCount,
              genomes.count == cellCount, metadata.map({ $0.count == cellCount }) ?? true,
              occupiedCells.count == occupied.lazy.filter({ $0 }).count, Set(occupiedCells).count == occupiedCells.count,
              occupiedCells.allSatisfy({ $0 >= 0 && Int($0) < cellCount && occupied[Int($0)] })
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                debugDescription: "elite store columns disagree in length or occupancy"))
        }
        winnerRow = [Int32](repeating: -1, count: cellCount)
    }

    /// Creates an empty store.
    public init(cellCount: Int, descriptorDimension: Int, genomeLayout: Column.Layout, acceptance: Acceptance = .elitist) {
        precondition(cellCount > 0 && descriptorDimension > 0)
        self.cellCount = cellCount
        self.descriptorDimension = descriptorDimension
        self.acceptance = acceptance
        occupied = [Bool](repeating: false, count: cellCount)
        objectives = [Double](repeating: 0, count: cellCount)
        descriptors = [Double](repeating: 0, count: cellCount * descriptorDimension)
        genomes = Column(layout: genomeLayout, count: cellCount)
        metadata = nil
        entries = [Int](repeating: 0, count: cellCount)
        thresholds = [Double](repeating: 0, count: cellCount)
        occupiedCells = []
        occupiedCells.reserveCapacity(cellCount)
        winnerRow = [Int32](repeating: -1, count: cellCount)
    }

    /// The number of elites.
    public var count: Int { occupiedCells.count }

    /// The threshold a row must beat to enter `cell`.
    @inlinable
    public func threshold(of cell: Int) -> Double {
        occupied[cell] ? thresholds[cell] : acceptance.thresholdMin
    }

    /// Inserts a batch of evaluated rows whose cells are known.
    ///
    /// Status and improvement value are judged against the store before the batch. Within
    /// the batch only the best accepted row per cell is stored; ties go to the earlier row.
    /// Failed rows (``EvaluationBatch/failures``) get ``AddStatus/failed`` and are skipped.
    /// - Parameters:
    ///   - cells: The cell of each row (ignored for failed rows).
    ///   - genomes: The rows' genomes.
    ///   - batch: The rows' evaluations.
    ///   - firstEvaluation: The run's evaluation count before this batch; row r entered at
    ///     `firstEvaluation + r`.
    /// - Returns: Per-row statuses, values and cells.
    /// - Complexity: O(rows × (descriptor + genome size)) plus O(touched cells).
    public mutating func add(cells: [Int], genomes batchGenomes: BatchColumn<Column>, batch: EvaluationBatch, firstEvaluation: Int) -> AddReport {
        insert(cells: cells, genomes: batchGenomes, batch: batch, firstEvaluation: firstEvaluation, entries: nil).report
    }

    /// The batch rule of ``add(cells:genomes:batch:firstEvaluation:)``; with `entries`, row
    /// r enters at `entries[r]` (re-indexing keeps entry evaluations) and the stored rows
    /// are listed, in the order they were placed.
    mutating func insert(cells: [Int], genomes batchGenomes: BatchColumn<Column>, batch: EvaluationBatch, firstEvaluation: Int,
                         entries rowEntries: [Int]?) -> (report: AddReport, storedRows: [Int]) {
        let rows = batch.count
        precondition(cells.count == rows && batchGenomes.count == rows, "cells, genomes and evaluations differ in length")
        var report = AddReport(count: rows)
        let thresholdMin = acceptance.thresholdMin
        let emptyBase = thresholdMin == -.infinity ? 0 : thresholdMin
        // Pass 1: statuses against the pre-batch store, and the winning row per cell.
        var touched: [Int] = []
        var acceptedCount: [Int: Int] = [:]
        var acceptedSum: [Int: Double] = [:]
        let soft = !acceptance.isElitist
        let anyFailed = !batch.failures.isEmpty
        for row in 0..<rows where !anyFailed || batch.failures[row] == nil {
            let cell = cells[row]
            let objective = batch.objectives[row]
            let isOccupied = occupied[cell]
            let threshold = isOccupied ? thresholds[cell] : thresholdMin
            report.cells[row] = cell
            report.values[row] = objective - (isOccupied ? threshold : emptyBase)
            guard objective > threshold else {
                report.statuses[row] = .notAdded
                continue
            }
            report.statuses[row] = isOccupied ? .improved : .new
            let best = Int(winnerRow[cell])
            if best < 0 {
                winnerRow[cell] = Int32(row)
                touched.append(cell)
            } else if objective > batch.objectives[best] {
                winnerRow[cell] = Int32(row)
            }
            if soft {
                acceptedCount[cell, default: 0] += 1
                acceptedSum[cell, default: 0] += objective
            }
        }
        // Pass 2: store the winners, in the order their cells were first touched.
        var storedRows: [Int] = []
        for cell in touched {
            let row = Int(winnerRow[cell])
            winnerRow[cell] = -1
            let objective = batch.objectives[row]
            if soft {
                let n = Double(acceptedCount[cell]!)
                let mean = acceptedSum[cell]! / n
                let decay = pow1m(acceptance.learningRate, n)
                thresholds[cell] = decay * threshold(of: cell) + (1 - decay) * mean
            } else {
                thresholds[cell] = objective
            }
            if let rowEntries {
                place(cell: cell, row: row, genomes: batchGenomes, batch: batch, entry: rowEntries[row])
                storedRows.append(row)
            } else {
                place(cell: cell, row: row, genomes: batchGenomes, batch: batch, entry: firstEvaluation + row)
            }
        }
        return (report, storedRows)
    }

    /// Stores row `row` of a batch as the elite of `cell`.
    mutating func place(cell: Int, row: Int, genomes batchGenomes: BatchColumn<Column>, batch: EvaluationBatch, entry: Int) {
        let k = descriptorDimension
        if !occupied[cell] {
            occupied[cell] = true
            occupiedCells.append(Int32(cell))
        }
        objectives[cell] = batch.objectives[row]
        for j in 0..<k { descriptors[cell * k + j] = batch.descriptors[row * k + j] }
        let (part, local) = batchGenomes.locate(row)
        genomes.copyRow(cell, from: batchGenomes.parts[part], row: local)
        entries[cell] = entry
        if let rowMetadata = batch.metadata?[row] {
            if metadata == nil { metadata = [Metadata?](repeating: nil, count: cellCount) }
            metadata![cell] = rowMetadata
        } else if metadata != nil {
            metadata![cell] = nil
        }
    }

    /// Resizes the per-insertion scratch to `count` cells.
    mutating func resetScratch(count: Int) { winnerRow = [Int32](repeating: -1, count: count) }

    /// Sets the acceptance threshold of `cell`.
    mutating func setThreshold(_ value: Double, of cell: Int) { thresholds[cell] = value }

    /// (1 − α)^n, exact for α = 1 and α = 0.
    private func pow1m(_ alpha: Double, _ n: Double) -> Double {
        alpha == 1 ? 0 : (alpha == 0 ? 1 : Foundation.pow(1 - alpha, n))
    }

    /// The elite of `cell`, or `nil` when the cell is empty.
    public func elite(at cell: Int) -> Elite<Column.Element>? {
        guard occupied[cell] else { return nil }
        return storedElite(at: cell)
    }

    /// What `cell` holds, occupied or not.
    func storedElite(at cell: Int) -> Elite<Column.Element> {
        let k = descriptorDimension
        return Elite(cell: cell, genome: genomes[cell], objective: objectives[cell],
                     descriptor: Array(descriptors[cell * k ..< (cell + 1) * k]),
                     metadata: metadata?[cell], evaluation: entries[cell])
    }

    /// Summary figures, summed over the elites in insertion order (``occupiedCells``).
    ///
    /// - Complexity: O(number of elites).
    public func stats(qdScoreOffset: Double) -> ArchiveStats {
        var sum = 0.0
        var qd = 0.0
        var best = -Double.infinity
        objectives.withUnsafeBufferPointer { objectives in
            for cell in occupiedCells {
                let objective = objectives[Int(cell)]
                sum += objective
                qd += objective - qdScoreOffset
                if objective > best { best = objective }
            }
        }
        let n = occupiedCells.count
        return ArchiveStats(numElites: n, coverage: Double(n) / Double(cellCount), qdScore: qd,
                            normQDScore: qd / Double(cellCount),
                            objMax: n > 0 ? best : nil, objMean: n > 0 ? sum / Double(n) : nil)
    }

    /// Removes every elite and resets every threshold.
    public mutating func clear() {
        self = EliteStore(cellCount: cellCount, descriptorDimension: descriptorDimension,
                          genomeLayout: genomes.layout, acceptance: acceptance)
    }
}

import Foundation
