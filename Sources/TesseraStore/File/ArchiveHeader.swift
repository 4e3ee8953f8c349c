import Foundation
import Tessera

/// What a file says about its archive's shape: enough to rebuild an empty archive of the
/// same kind and check that a restore fits.
public struct ArchiveHeader: Codable, Hashable, Sendable {
    /// How genomes are stored.
    ///
    /// Within format 1 this list may grow (`Docs/FileFormat.md`); a kind a build does not
    /// know makes it refuse the file as written by a newer Tessera.
    public enum GenomeKind: String, Codable, Sendable, CaseIterable {
        /// Real vectors, one `REAL` column per gene (`genome_0`, `genome_1`, ...): vectors
        /// of at most ``FileFormat/maximumGeneColumns`` genes.
        case vector
        /// Any `Codable` genome, as JSON text in one `genome` column.
        case json
        /// Real vectors of more than ``FileFormat/maximumGeneColumns`` genes, as one `genome`
        /// BLOB of little-endian IEEE doubles.
        case vectorBlob = "vector_blob"
        /// ``FloatTensor`` genomes, as one `genome` BLOB of little-endian IEEE single-precision
        /// floats in row-major order; ``ArchiveHeader/genomeShape`` holds the shape.
        case tensor

        /// Whether the genome is stored as one BLOB of numbers.
        public var isBlob: Bool { self == .vectorBlob || self == .tensor }
    }

    /// The kind of archive.
    public enum ArchiveKind: String, Codable, Sendable {
        /// A `GridArchive`; ``gridShape`` holds its bins.
        case grid
        /// A `CVTArchive`; the file's `centroids` table holds its centroids.
        case cvt
        /// An `UnstructuredArchive`: ``capacity`` and ``eviction`` say how it grows, the
        /// `cell` column holds slots, and ``cells`` is the capacity (0 for none).
        case unstructured
    }

    /// The format version the file was written in.
    public var formatVersion: Int
    /// The Tessera version that created the file.
    public var tesseraVersion: String
    /// How genomes are stored.
    public var genomeKind: GenomeKind
    /// Numbers per genome: genes for vector genomes, the product of the shape for tensors
    /// (0 for JSON genomes).
    public var genomeDimension: Int
    /// The shape of tensor genomes (`nil` for other kinds).
    public var genomeShape: [Int]?
    /// The kind of archive.
    public var archiveKind: ArchiveKind
    /// The number of cells.
    public var cells: Int
    /// Bins per dimension (grids only).
    public var gridShape: [Int]?
    /// The descriptor box.
    public var descriptorSpace: Box
    /// The archive's QD score offset.
    public var qdScoreOffset: Double
    /// The acceptance rule's learning rate.
    public var learningRate: Double
    /// The acceptance rule's minimum threshold (`nil` for −∞).
    public var thresholdMin: Double?
    /// `true` when the file also holds an elitist result archive of the same cells (table
    /// `result_elites`); absent (`nil`) otherwise, so files without one are written as
    /// before.
    public var resultArchive: Bool?

    /// Whether the file holds a result archive.
    public var hasResultArchive: Bool { resultArchive == true }
    /// The most elites of an unstructured archive (`nil` for none, and for other kinds).
    public var capacity: Int?
    /// How a full unstructured archive makes room (unstructured archives only).
    public var eviction: Eviction?

    /// The number of descriptor components.
    public var descriptorDimension: Int { descriptorSpace.dimension }

    /// Describes `archive`.
    public init<A: Archive>(describing archive: A, tesseraVersion: String) {
        formatVersion = FileFormat.version
        self.tesseraVersion = tesseraVersion
        if let vectors = archive.store.genomes as? VectorColumn {
            genomeKind = vectors.dimension <= FileFormat.maximumGeneColumns ? .vector : .vectorBlob
            genomeDimension = vectors.dimension
        } else if let tensors = archive.store.genomes as? TensorColumn {
            genomeKind = .tensor
            genomeDimension = tensors.size
            genomeShape = tensors.shape
        } else {
            genomeKind = .json
            genomeDimension = 0
        }
        cells = archive.cellCount
        if let grid = archive as? GridArchive<A.Genome> {
            archiveKind = .grid
            gridShape = grid.shape
        } else if let unstructured = archive as? UnstructuredArchive<A.Genome> {
            archiveKind = .unstructured
            gridShape = nil
            capacity = unstructured.capacity
            eviction = unstructured.eviction
            cells = unstructured.capacity ?? 0
        } else {
            archiveKind = .cvt
            gridShape = nil
        }
        descriptorSpace = archive.descriptorSpace
        qdScoreOffset = archive.qdScoreOffset
        learningRate = archive.store.acceptance.learningRate
        thresholdMin = archive.store.acceptance.thresholdMin.isFinite ? archive.store.acceptance.thresholdMin : nil
    }

    /// The header of a new file for `scheduler`: its archive's, and whether it keeps a
    /// result archive beside it.
    public init<A: Archive>(describing scheduler: Scheduler<A>, tesseraVersion: String) {
        self.init(describing: scheduler.archive, tesseraVersion: tesseraVersion)
        if scheduler.resultArchive != nil { resultArchive = true }
    }

    /// The bytes of one stored number of a BLOB genome: 8 for ``GenomeKind/vectorBlob``,
    /// 4 for ``GenomeKind/tensor`` (0 for the other kinds).
    public var elementSize: Int {
        switch genomeKind {
        case .vectorBlob: return MemoryLayout<Double>.size
        case .tensor: return MemoryLayout<Float>.size
        case .vector, .json: return 0
        }
    }

    /// The acceptance rule.
    public func acceptance() throws -> Acceptance {
        try Acceptance(learningRate: learningRate, thresholdMin: thresholdMin ?? -.infinity)
    }
}

extension ArchiveHeader {
    /// Checks every value against what the format allows, so a file edited by hand (a grid
    /// shape with a 0, a descriptor box turned inside out, a genome dimension of −3) is
    /// reported as damaged instead of being used.
    ///
    /// - Throws: ``StoreError/corrupt(path:detail:)`` naming the value.
    public func validate(path: String) throws {
        func damaged(_ detail: String) -> StoreError { .corrupt(path: path, detail: "the header's " + detail) }
        guard (1...FileFormat.version).contains(formatVersion) else {
            throw damaged("format version \(formatVersion) is not one of 1...\(FileFormat.version)")
        }
        switch genomeKind {
        case .vector, .vectorBlob:
            guard genomeDimension >= 1 else { throw damaged("genome dimension \(genomeDimension) is not positive") }
            guard genomeShape == nil else { throw damaged("genome shape is given for vector genomes") }
        case .json:
            guard genomeDimension == 0 else { throw damaged("genome dimension \(genomeDimension) is given for JSON genomes") }
            guard genomeShape == nil else { throw damaged("genome shape is given for JSON genomes") }
        case .tensor:
            guard let shape = genomeShape else { throw damaged("tensor genome shape is missing") }
            if let problem = TensorColumn.layoutProblem(shape) { throw damaged("tensor genome shape is invalid (\(problem))") }
            let size = shape.reduce(1, *)
            guard genomeDimension == size else {
                throw damaged("genome dimension \(genomeDimension) is not the \(size) values of shape \(TensorColumn.describe(shape))")
            }
        }
        if genomeKind.isBlob, genomeDimension > FileFormat.maximumGenomeBlobCount(elementSize: elementSize) {
            throw damaged("genome dimension \(genomeDimension) is too large for one genome BLOB")
        }
        if archiveKind == .unstructured {
            guard eviction != nil else { throw damaged("unstructured archive has no eviction rule") }
            if let capacity, !(1..<Int(Int32.max)).contains(capacity) { throw damaged("capacity \(capacity) is outside 1..<2^31") }
            guard cells == capacity ?? 0 else { throw damaged("cell count \(cells) is not the capacity \(capacity ?? 0)") }
        } else {
            guard capacity == nil, eviction == nil else { throw damaged("a \(archiveKind.rawValue) archive has a capacity or eviction") }
            guard cells >= 1, cells < Int(Int32.max) else { throw damaged("cell count \(cells) is outside 1..<2^31") }
        }
        let lower = descriptorSpace.lower, upper = descriptorSpace.upper
        guard !lower.isEmpty, lower.count == upper.count else {
            throw damaged("descriptor box has \(lower.count) lower and \(upper.count) upper bounds")
        }
        for (j, (low, high)) in zip(lower, upper).enumerated() where !(low.isFinite && high.isFinite && low < high) {
            throw damaged("descriptor box is empty or infinite in dimension \(j) (\(low) to \(high))")
        }
        switch archiveKind {
        case .grid:
            guard let shape = gridShape else { throw damaged("grid shape is missing") }
            guard shape.count == lower.count else {
                throw damaged("grid shape has \(shape.count) dimensions for \(lower.count)-D descriptors")
            }
            guard shape.allSatisfy({ $0 >= 1 }) else { throw damaged("grid shape \(shape) has a dimension without bins") }
            var product = 1
            for bins in shape {
                let (next, overflow) = product.multipliedReportingOverflow(by: bins)
                guard !overflow else { throw damaged("grid shape \(shape) has too many cells") }
                product = next
            }
            guard product == cells else { throw damaged("grid shape \(shape) has \(product) cells, not \(cells)") }
        case .cvt, .unstructured:
            guard gridShape == nil else { throw damaged("\(archiveKind.rawValue) archive has a grid shape") }
        }
        guard qdScoreOffset.isFinite else { throw damaged("QD score offset is not finite") }
        guard (try? acceptance()) != nil else {
            let minimum = thresholdMin.map { "\($0)" } ?? "-inf"
            throw damaged("acceptance rule (learning rate \(learningRate), threshold minimum \(minimum)) is invalid")
        }
    }
}
