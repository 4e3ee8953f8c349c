import Foundation
import Tessera

/// What a file says about its archive's shape: enough to rebuild an empty archive of the
/// same kind and check that a restore fits.
public struct ArchiveHeader: Codable, Hashable, Sendable {
    /// How genomes are stored.
    public enum GenomeKind: String, Codable, Sendable {
        /// Real vectors, one `REAL` column per gene (`genome_0`, `genome_1`, ...).
        case vector
        /// Any `Codable` genome, as JSON text in one `genome` column.
        case json
    }

    /// The kind of archive.
    public enum ArchiveKind: String, Codable, Sendable {
        /// A `GridArchive`; ``gridShape`` holds its bins.
        case grid
        /// A `CVTArchive`; the file's `centroids` table holds its centroids.
        case cvt
    }

    /// The format version the file was written in.
    public var formatVersion: Int
    /// The Tessera version that created the file.
    public var tesseraVersion: String
    /// How genomes are stored.
    public var genomeKind: GenomeKind
    /// Genes per genome for vector genomes (0 otherwise).
    public var genomeDimension: Int
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

    /// The number of descriptor components.
    public var descriptorDimension: Int { descriptorSpace.dimension }

    /// Describes `archive`.
    public init<A: Archive>(describing archive: A, tesseraVersion: String) {
        formatVersion = FileFormat.version
        self.tesseraVersion = tesseraVersion
        if let vectors = archive.store.genomes as? VectorColumn {
            genomeKind = .vector
            genomeDimension = vectors.dimension
        } else {
            genomeKind = .json
            genomeDimension = 0
        }
        if let grid = archive as? GridArchive<A.Genome> {
            archiveKind = .grid
            gridShape = grid.shape
        } else {
            archiveKind = .cvt
            gridShape = nil
        }
        cells = archive.cellCount
        descriptorSpace = archive.descriptorSpace
        qdScoreOffset = archive.qdScoreOffset
        learningRate = archive.store.acceptance.learningRate
        thresholdMin = archive.store.acceptance.thresholdMin.isFinite ? archive.store.acceptance.thresholdMin : nil
    }

    /// The acceptance rule.
    public func acceptance() throws -> Acceptance {
        try Acceptance(learningRate: learningRate, thresholdMin: thresholdMin ?? -.infinity)
    }
}
