import Foundation

/// Everything of a scheduler but its archive, as a value: counters, failure log and each
/// emitter's encoded state. With the archive it restores a run exactly.
public struct SchedulerState: Codable, Hashable, Sendable {
    /// The version of this layout, for migrations.
    public static let version = 1

    /// The run seed.
    public var seed: UInt64
    /// Iterations completed.
    public var iteration: Int
    /// Evaluations performed.
    public var evaluations: Int
    /// Failed evaluations.
    public var failures: FailureLog
    /// Each emitter's state, JSON-encoded, in emitter order.
    public var emitters: [Data]
    /// Each emitter's type name, to catch a mismatched restore with a clear message.
    public var emitterTypes: [String]
}

/// Why a saved state cannot be restored into a scheduler.
public struct RestoreError: Error, CustomStringConvertible, Sendable {
    /// What does not match.
    public let message: String
    public var description: String { message }
}

extension Scheduler {
    /// The scheduler's state apart from its archive.
    ///
    /// - Throws: Encoding errors from an emitter's `Codable` conformance.
    public func state() throws -> SchedulerState {
        SchedulerState(seed: streams.seed, iteration: iteration, evaluations: evaluations, failures: failures,
                       emitters: try emitters.map { try EmitterCoding.encode($0) },
                       emitterTypes: emitters.map { String(describing: type(of: $0)) })
    }

    /// Replaces the archive, the counters and every emitter's state with saved ones.
    ///
    /// The scheduler must have been built the same way as the one that was saved (same
    /// emitter types, in the same order, with the same batch sizes and genome layouts, and
    /// the same seed). Each emitter's state is checked as it is decoded, as its initialiser
    /// checks its values.
    /// - Parameters:
    ///   - resultArchive: The saved result archive, when the scheduler has one (and only then).
    /// - Throws: ``RestoreError`` when the saved state does not fit; `DecodingError` for
    ///   an emitter state that cannot be read or holds a value its initialiser refuses.
    public mutating func restore(_ state: SchedulerState, archive: A, resultArchive: A? = nil) throws {
        guard state.iteration >= 0, state.evaluations >= 0 else {
            throw RestoreError(message: "the saved run has \(state.iteration) iterations and \(state.evaluations) evaluations")
        }
        guard state.seed == streams.seed else {
            throw RestoreError(message: "the saved run has seed \(state.seed), this scheduler \(streams.seed)")
        }
        guard state.emitters.count == emitters.count else {
            throw RestoreError(message: "the saved run has \(state.emitters.count) emitters, this scheduler \(emitters.count)")
        }
        let types = emitters.map { String(describing: type(of: $0)) }
        guard state.emitterTypes == types else {
            throw RestoreError(message: "the saved emitters are \(state.emitterTypes), this scheduler's \(types)")
        }
        // The saved archive may have been re-indexed (another descriptor space, other
        // cells) or have grown; it must hold the same genomes and be of the same type.
        guard archive.store.genomes.layout == self.archive.store.genomes.layout else {
            throw RestoreError(message: "the saved archive stores genomes of another layout than this scheduler's")
        }
        switch (self.resultArchive, resultArchive) {
        case (nil, nil): break
        case (nil, _?): throw RestoreError(message: "the saved run has a result archive, this scheduler none")
        case (_?, nil): throw RestoreError(message: "this scheduler has a result archive, the saved run none")
        case (_?, let saved?):
            guard saved.cellCount == archive.cellCount, saved.descriptorSpace == archive.descriptorSpace,
                  saved.store.acceptance == .elitist else {
                throw RestoreError(message: "the saved result archive does not have this scheduler's cells, descriptor space or rule")
            }
        }
        let layout = archive.store.genomes.layout
        var restored: [any Emitter<A.Genome>] = []
        for (index, (emitter, data)) in zip(emitters, state.emitters).enumerated() {
            let saved = try EmitterCoding.decode(data, like: emitter)
            guard saved.batchSize == emitter.batchSize else {
                throw RestoreError(message: "the saved emitter \(index) has batch size \(saved.batchSize), this scheduler's \(emitter.batchSize)")
            }
            if let savedLayout = saved.genomeLayout, savedLayout != layout {
                throw RestoreError(message: "the saved emitter \(index) makes genomes of layout \(savedLayout), "
                                   + "the archive stores layout \(layout)")
            }
            restored.append(saved)
        }
        emitters = restored
        self.archive = archive
        self.resultArchive = resultArchive
        iteration = state.iteration
        evaluations = state.evaluations
        failures = state.failures
    }
}

/// JSON coding of emitter states; non-finite numbers are written as strings.
enum EmitterCoding {
    static func encode<E: Emitter>(_ emitter: E) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(emitter)
    }

    static func decode<E: Emitter>(_ data: Data, like template: E) throws -> E {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(E.self, from: data)
    }
}
