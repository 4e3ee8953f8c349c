import Foundation

/// Everything of a scheduler but its archive, as a value: counters, failure log and each
/// emitter's saved state. With the archive it restores a run exactly.
///
/// Version 2 holds one ``ComponentState`` per emitter. Version 1 (Tessera before run-state
/// components) held each emitter whole as JSON with its Swift type name; it still decodes,
/// into components named by that type name with one `emitter` JSON part, which
/// ``Scheduler/restore(_:archive:resultArchive:)`` accepts.
public struct SchedulerState: Codable, Hashable, Sendable {
    /// The version of this layout, for migrations.
    public static let version = 2

    /// The run seed.
    public var seed: UInt64
    /// Iterations completed.
    public var iteration: Int
    /// Evaluations performed.
    public var evaluations: Int
    /// Failed evaluations.
    public var failures: FailureLog
    /// Each emitter's saved state, in emitter order.
    public var components: [ComponentState]
    /// The scheduler's ``Scheduler/target`` (its level, and when it was first passed), or
    /// `nil` when it tracks none. Absent in states written before targets existed.
    public var target: ObjectiveTarget?
    /// The saved state of the scheduler's own components, the learned descriptor
    /// (``DescriptorLearning``) and the ground-truth grid (``CoverageGrid``), each under
    /// its identifier. Empty in states written before they existed.
    public var stages: [ComponentState] = []

    /// Creates a state.
    public init(seed: UInt64, iteration: Int, evaluations: Int, failures: FailureLog, components: [ComponentState],
                target: ObjectiveTarget? = nil) {
        self.target = target
        self.seed = seed
        self.iteration = iteration
        self.evaluations = evaluations
        self.failures = failures
        self.components = components
    }

    private enum CodingKeys: String, CodingKey { case seed, iteration, evaluations, failures, components, emitters, emitterTypes, target, stages }

    /// Decodes version 2, or version 1 (`emitters` and `emitterTypes`) converted to components.
    ///
    /// - Throws: `DecodingError` for a state of neither layout, or version-1 lists of
    ///   different lengths.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decode(UInt64.self, forKey: .seed)
        iteration = try c.decode(Int.self, forKey: .iteration)
        evaluations = try c.decode(Int.self, forKey: .evaluations)
        failures = try c.decode(FailureLog.self, forKey: .failures)
        target = try c.decodeIfPresent(ObjectiveTarget.self, forKey: .target)
        stages = try c.decodeIfPresent([ComponentState].self, forKey: .stages) ?? []
        if let components = try c.decodeIfPresent([ComponentState].self, forKey: .components) {
            self.components = components
        } else {
            let emitters = try c.decode([Data].self, forKey: .emitters)
            let types = try c.decode([String].self, forKey: .emitterTypes)
            guard emitters.count == types.count else {
                throw DecodingError.dataCorruptedError(forKey: .emitterTypes, in: c,
                                                       debugDescription: "\(emitters.count) emitter states for \(types.count) type names")
            }
            components = zip(types, emitters).map { type, data in
                ComponentState(identifier: type, version: 1, parts: ["emitter": .json(data)])
            }
        }
    }

    /// Encodes version 2.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seed, forKey: .seed)
        try c.encode(iteration, forKey: .iteration)
        try c.encode(evaluations, forKey: .evaluations)
        try c.encode(failures, forKey: .failures)
        try c.encode(components, forKey: .components)
        try c.encodeIfPresent(target, forKey: .target)
        if !stages.isEmpty { try c.encode(stages, forKey: .stages) }
    }
}

extension Scheduler {
    /// The scheduler's state apart from its archive.
    ///
    /// - Throws: Encoding errors from an emitter's `Codable` conformance.
    public func state() throws -> SchedulerState {
        var state = SchedulerState(seed: streams.seed, iteration: iteration, evaluations: evaluations, failures: failures,
                                   components: try emitters.map { try $0.saveState() }, target: target)
        if let learning { state.stages.append(try learning.saveState()) }
        if let groundTruth { state.stages.append(try groundTruth.saveState()) }
        return state
    }

    /// Each emitter's stable state identifier (``StateComponent/stateIdentifier``), in order.
    public var emitterIdentifiers: [String] {
        emitters.map { type(of: $0).stateIdentifier }
    }

    /// Each emitter's configuration as files keep it once, at creation: its identifier,
    /// Swift type name and whole JSON.
    ///
    /// - Throws: Encoding errors from an emitter's `Codable` conformance.
    public func emitterConfigurations() throws -> [EmitterConfiguration] {
        try emitters.map { emitter in
            EmitterConfiguration(identifier: type(of: emitter).stateIdentifier, typeName: String(describing: type(of: emitter)),
                                 json: try emitter.configurationJSON())
        }
    }

    /// Replaces the archive, the counters and every emitter's state with saved ones.
    ///
    /// The scheduler must have been built the same way as the one that was saved (same
    /// emitters, in the same order, with the same batch sizes and genome layouts, and the
    /// same seed). Each component is matched by its ``StateComponent/stateIdentifier``
    /// and restored with ``StateComponent/restoreState(from:)``; a component saved by
    /// Tessera before version 2 of the state (named by the emitter's Swift type name,
    /// holding the whole emitter) is decoded whole, checked as its initialiser checks
    /// its values.
    /// - Parameters:
    ///   - resultArchive: The saved result archive, when the scheduler has one (and only then).
    /// - Throws: ``RestoreError`` when the saved state does not fit; `DecodingError` for
    ///   an emitter state that cannot be read or holds a value its initialiser refuses.
    public mutating func restore(_ state: SchedulerState, archive: A, resultArchive: A? = nil) throws {
        guard state.iteration >= 0, state.evaluations >= 0 else {
            throw RestoreError(message: "the saved run has \(state.iteration) iterations and \(state.evaluations) evaluations")
        }
        switch (state.target, target) {
        case (nil, _): break
        case (_?, nil): throw RestoreError(message: "the saved run tracks an objective target, this scheduler none")
        case (let saved?, let mine?):
            guard saved.level == mine.level else {
                throw RestoreError(message: "the saved run's objective target is \(saved.level), this scheduler's \(mine.level)")
            }
            if let reached = saved.reachedAfter, !(1...max(1, state.evaluations)).contains(reached) || state.evaluations == 0 {
                throw RestoreError(message: "the saved target was reached after \(reached) of \(state.evaluations) evaluations")
            }
        }
        guard state.seed == streams.seed else {
            throw RestoreError(message: "the saved run has seed \(state.seed), this scheduler \(streams.seed)")
        }
        guard state.components.count == emitters.count else {
            throw RestoreError(message: "the saved run has \(state.components.count) emitters, this scheduler \(emitters.count)")
        }
        let identifiers = emitterIdentifiers
        let types = emitters.map { String(describing: type(of: $0)) }
        let saved = state.components.map(\.identifier)
        for index in emitters.indices where saved[index] != identifiers[index] && saved[index] != types[index] {
            throw RestoreError(message: "the saved emitters are \(saved), this scheduler's \(identifiers)")
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
        for (index, (emitter, component)) in zip(emitters, state.components).enumerated() {
            var saved = emitter
            if component.identifier == identifiers[index] {
                let supported = type(of: emitter).stateVersion
                guard component.version <= supported else {
                    throw RestoreError(message: "the saved emitter \(index) (\(component.identifier)) has state version "
                                       + "\(component.version), this build reads up to \(supported); use a newer Tessera")
                }
                try saved.restoreState(from: component)
            } else {
                // Saved before components had stable names: the whole emitter, as JSON.
                saved = try emitter.restoringWhole(from: component)
            }
            guard saved.batchSize == emitter.batchSize else {
                throw RestoreError(message: "the saved emitter \(index) has batch size \(saved.batchSize), this scheduler's \(emitter.batchSize)")
            }
            if let savedLayout = saved.genomeLayout, savedLayout != layout {
                throw RestoreError(message: "the saved emitter \(index) makes genomes of layout \(savedLayout), "
                                   + "the archive stores layout \(layout)")
            }
            restored.append(saved)
        }
        let (learning, groundTruth) = try restoredStages(state, archive: archive)
        emitters = restored
        self.learning = learning
        self.groundTruth = groundTruth
        self.archive = archive
        self.resultArchive = resultArchive
        iteration = state.iteration
        evaluations = state.evaluations
        failures = state.failures
        target?.reachedAfter = state.target?.reachedAfter
    }
}

extension Scheduler {
    /// The learned descriptor and ground-truth grid restored from `state`'s stages. A
    /// state saved before ground-truth grids existed leaves the grid to be re-seeded from
    /// the archive's elites, when the archive stores the domain's own descriptors (no
    /// learned descriptor).
    ///
    /// - Throws: ``RestoreError`` for a stage this scheduler does not have, or one it has
    ///   that the saved run lacks (except the ground truth of an older state).
    func restoredStages(_ state: SchedulerState, archive: A) throws -> (DescriptorLearning?, CoverageGrid?) {
        var learning = self.learning, groundTruth = self.groundTruth
        var seen = Set<String>()
        for stage in state.stages {
            guard seen.insert(stage.identifier).inserted else {
                throw RestoreError(message: "the saved run has two \(stage.identifier) states")
            }
            switch stage.identifier {
            case DescriptorLearning.stateIdentifier where learning != nil:
                try learning!.restoreState(from: stage)
            case CoverageGrid.stateIdentifier where groundTruth != nil:
                try groundTruth!.restoreState(from: stage)
            default:
                throw RestoreError(message: "the saved run has a \(stage.identifier) state this scheduler does not have")
            }
        }
        if learning != nil, !seen.contains(DescriptorLearning.stateIdentifier), state.iteration > 0 {
            throw RestoreError(message: "this scheduler learns its descriptors, the saved run does not")
        }
        if var grid = groundTruth, !seen.contains(CoverageGrid.stateIdentifier), learning == nil,
           archive.descriptorSpace.dimension == grid.shape.count {
            let store = archive.store, k = store.descriptorDimension
            for cell in store.occupiedCells.map(Int.init) {
                grid.record(objective: store.objectives[cell], descriptor: store.descriptors[cell * k ..< (cell + 1) * k])
            }
            groundTruth = grid
        }
        return (learning, groundTruth)
    }
}

/// JSON coding of emitter states; non-finite numbers are written as strings.
enum EmitterCoding {
    static func encode<E: Emitter>(_ emitter: E) throws -> Data {
        try StateCoding.encoder.encode(emitter)
    }

    static func decode<E: Emitter>(_ data: Data, like template: E) throws -> E {
        try StateCoding.decoder.decode(E.self, from: data)
    }
}
