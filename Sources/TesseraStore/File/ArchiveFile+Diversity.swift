import Tessera

extension ArchiveFile {
    /// The Vendi score of the reported archive's elites (``reported``), from their
    /// descriptors normalised to the file's descriptor box; see ``ArchiveDiversity``.
    ///
    /// Only descriptors are read; genomes are not decoded.
    ///
    /// - Parameter seed: Seeds the bandwidth sample and the random features; the default
    ///   makes `tessera info` and reports reproducible.
    /// - Returns: The score, its kernel, method and number of elites.
    /// - Throws: ``StoreError`` for an unreadable file; ``DiversityError`` cannot occur for
    ///   a valid file, whose descriptors are checked finite.
    /// - Complexity: See ``ArchiveDiversity/init(descriptors:space:order:seed:exactLimit:featureCount:)``.
    public func diversity(seed: UInt64 = ArchiveDiversity.defaultSeed) throws -> ArchiveDiversity {
        let rows = try elites(inInsertionOrder: false) { _, _ in () }
        return try ArchiveDiversity(descriptors: rows.flatMap(\.descriptor), space: header.descriptorSpace, seed: seed)
    }
}
