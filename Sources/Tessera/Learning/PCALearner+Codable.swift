import Foundation

extension PCALearner {
    private enum CodingKeys: String, CodingKey {
        case inputDimension, components, whitening, solver, isFitted, activeComponents, mean, basis, variances
    }

    /// Decodes a learner written by ``encode(to:)``, with the checks of the initialiser
    /// and of a fit: array sizes match the dimensions, every number is finite, variances
    /// are non-negative and the active count fits the code.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose debug description names the problem,
    ///   and any error of the decoder.
    /// - Complexity: O(`inputDimension` × `codeDimension`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let inputDimension = try c.decode(Int.self, forKey: .inputDimension)
        let components = try c.decode(Components.self, forKey: .components)
        let whitening = try c.decode(Bool.self, forKey: .whitening)
        let solver = try c.decode(Solver.self, forKey: .solver)
        var learner = try DecodingError.validating(decoder) { () throws(LearnerError) in
            try PCALearner(inputDimension: inputDimension, components: components, whitening: whitening, solver: solver)
        }
        let k = learner.codeDimension
        func numbers(_ key: CodingKeys, _ expected: Int) throws -> [Double] {
            let bytes = try c.decode(Data.self, forKey: key)
            guard let values = LittleEndian.values(Double.self, from: bytes), values.count == expected else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription:
                    "PCA \(key.stringValue) holds \(bytes.count) bytes, expected \(expected) little-endian Float64 (\(expected * 8) bytes)")
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription:
                    "PCA \(key.stringValue)[\(bad)] is not finite")
            }
            return values
        }
        learner.mean = try numbers(.mean, inputDimension)
        learner.basis = try numbers(.basis, k * inputDimension)
        learner.variances = try numbers(.variances, k)
        if let bad = learner.variances.firstIndex(where: { $0 < 0 }) {
            throw DecodingError.dataCorruptedError(forKey: .variances, in: c, debugDescription:
                "PCA variances[\(bad)] is negative (\(learner.variances[bad]))")
        }
        let active = try c.decode(Int.self, forKey: .activeComponents)
        guard active >= 0, active <= k else {
            throw DecodingError.dataCorruptedError(forKey: .activeComponents, in: c, debugDescription:
                "PCA activeComponents must be in 0...\(k) (got \(active))")
        }
        learner.activeComponents = active
        learner.isFitted = try c.decode(Bool.self, forKey: .isFitted)
        self = learner
    }

    /// Encodes the configuration and the learned state; the arrays as little-endian
    /// Float64 bytes (base64 in JSON), so a decoded learner encodes bit for bit as the original.
    ///
    /// - Throws: Any error of the encoder.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(inputDimension, forKey: .inputDimension)
        try c.encode(components, forKey: .components)
        try c.encode(whitening, forKey: .whitening)
        try c.encode(solver, forKey: .solver)
        try c.encode(isFitted, forKey: .isFitted)
        try c.encode(activeComponents, forKey: .activeComponents)
        try c.encode(mean.withUnsafeBufferPointer { LittleEndian.bytes(of: $0) }, forKey: .mean)
        try c.encode(basis.withUnsafeBufferPointer { LittleEndian.bytes(of: $0) }, forKey: .basis)
        try c.encode(variances.withUnsafeBufferPointer { LittleEndian.bytes(of: $0) }, forKey: .variances)
    }
}
