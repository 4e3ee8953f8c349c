import Foundation

extension DescriptorLearning: StateComponent {
    public static var stateIdentifier: String { "tessera.descriptor-learning" }

    /// The counters, events and recent evaluations as JSON.
    private struct Progress: Codable {
        var trainings: Int
        var lastTraining: Int?
        var recent: [Int]
        var events: [LearningEvent]
    }

    /// Saves the learner (its `Codable` form), the counters and events, and the kept
    /// observations as binary parts (`observation_evaluations`, `observations`).
    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        try state.set("progress", json: Progress(trainings: trainings, lastTraining: lastTraining, recent: recent, events: events))
        try state.set("learner", json: learner)
        state.set("observation_evaluations", .doubles(observations.evaluations.map(Double.init)))
        state.set("observations", .floats(observations.rows))
        return state
    }

    /// Restores a saved learning into this one, built with the same learner type and
    /// dimensions, checking every value.
    ///
    /// - Throws: ``RestoreError`` for parts that do not fit; `DecodingError` for a learner
    ///   that cannot be read.
    public mutating func restoreState(from state: ComponentState) throws {
        let progress = try state.decode(Progress.self, key: "progress")
        guard case .json(let data) = try state.part("learner") else {
            throw RestoreError(message: "the saved learner is not a JSON part")
        }
        let saved = try Self.decode(data, like: learner)
        guard saved.inputDimension == learner.inputDimension, saved.codeDimension == learner.codeDimension else {
            throw RestoreError(message: "the saved learner maps \(saved.inputDimension) to \(saved.codeDimension) components, "
                               + "this run's \(learner.inputDimension) to \(learner.codeDimension)")
        }
        let numbers = try state.doubles("observation_evaluations")
        guard numbers.allSatisfy({ $0 >= 0 && $0 < 9.0e15 && $0.rounded() == $0 }) else {
            throw RestoreError(message: "a saved observation's evaluation is not a whole number")
        }
        let store = try ObservationStore(dimension: learner.inputDimension, evaluations: numbers.map { Int($0) },
                                         rows: try state.floats("observations"))
        guard progress.trainings >= 0, progress.recent.allSatisfy({ store.contains($0) }) else {
            throw RestoreError(message: "the saved learning's counters or recent observations do not fit its observations")
        }
        restore(learner: saved, observations: store, recent: progress.recent, trainings: progress.trainings,
                lastTraining: progress.lastTraining, events: progress.events)
    }

    /// The trainings and events of a saved learning, read without decoding its learner or
    /// its observations (for `info`).
    ///
    /// - Throws: ``RestoreError`` or `DecodingError` for a missing or unreadable part.
    public static func savedEvents(in state: ComponentState) throws -> (trainings: Int, events: [LearningEvent]) {
        let progress = try state.decode(Progress.self, key: "progress")
        return (progress.trainings, progress.events)
    }

    private static func decode<L: DescriptorLearner>(_ data: Data, like template: L) throws -> L {
        try StateCoding.decoder.decode(L.self, from: data)
    }
}
