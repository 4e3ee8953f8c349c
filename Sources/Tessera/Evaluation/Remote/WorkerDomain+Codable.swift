/// A declared domain is stored the way a worker's `ready` declares it
/// (`{"genome": {"dimension", "lower", "upper"}, "descriptors": {...}, "objective": {...},
/// "observation": {...}}`), and checked as strictly when read back.
extension WorkerDomain: Codable {
    private enum Key: String, CodingKey { case genome, descriptors, objective, observation, dimension, lower, upper, names }

    public init(from decoder: any Decoder) throws {
        let wire = try Wire(from: decoder)
        do {
            self = try wire.checked()
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        var genome = c.nestedContainer(keyedBy: Key.self, forKey: .genome)
        try genome.encode(genomeDimension, forKey: .dimension)
        if let bounds = genomeBounds {
            try genome.encode(bounds.lower, forKey: .lower)
            try genome.encode(bounds.upper, forKey: .upper)
        }
        var descriptors = c.nestedContainer(keyedBy: Key.self, forKey: .descriptors)
        try descriptors.encode(descriptorNames, forKey: .names)
        try descriptors.encode(descriptorSpace.lower, forKey: .lower)
        try descriptors.encode(descriptorSpace.upper, forKey: .upper)
        if let range = objectiveRange {
            var objective = c.nestedContainer(keyedBy: Key.self, forKey: .objective)
            try objective.encode(range.lowerBound, forKey: .lower)
            try objective.encode(range.upperBound, forKey: .upper)
        }
        if observationDimension > 0 {
            var observation = c.nestedContainer(keyedBy: Key.self, forKey: .observation)
            try observation.encode(observationDimension, forKey: .dimension)
        }
    }
}
