extension Archive {
    /// The Vendi score of the archive's elites, computed on their descriptors normalised
    /// to ``descriptorSpace``; see ``ArchiveDiversity``.
    ///
    /// - Parameters:
    ///   - order: The order `q`; ``VendiOrder/shannon`` by default.
    ///   - seed: Seeds the bandwidth sample and the random features; the default makes the
    ///     figure reproducible.
    /// - Returns: The score with its kernel, method and number of elites.
    /// - Throws: ``DiversityError/invalidOrder(_:)`` for a negative or NaN order.
    /// - Complexity: See ``ArchiveDiversity/init(descriptors:space:order:seed:exactLimit:featureCount:)``.
    public func diversity(order: VendiOrder = .shannon,
                          seed: UInt64 = ArchiveDiversity.defaultSeed) throws(DiversityError) -> ArchiveDiversity {
        let d = store.descriptorDimension
        var descriptors = [Double]()
        descriptors.reserveCapacity(store.count * d)
        for cell in store.occupiedCells {
            let start = Int(cell) * d
            descriptors.append(contentsOf: store.descriptors[start..<(start + d)])
        }
        return try ArchiveDiversity(descriptors: descriptors, space: descriptorSpace, order: order, seed: seed)
    }
}
