import Foundation
import Tessera

/// The `scheduler` row of the `state` table, version 2: the counters and, per component,
/// its identifier, version and the kind and size of each part. The payloads are in the
/// `state_parts` table (see `Docs/FileFormat.md`).
struct StateManifest: Codable, Sendable {
    /// What the file holds of one part.
    struct Part: Codable, Hashable, Sendable {
        /// The part's kind.
        var kind: StatePart.Kind
        /// The row width of a rows part.
        var width: Int?
        /// Payload bytes, all chunks together.
        var bytes: Int
    }

    /// What the file holds of one component.
    struct Component: Codable, Hashable, Sendable {
        var identifier: String
        var version: Int
        var parts: [String: Part]
    }

    var seed: UInt64
    var iteration: Int
    var evaluations: Int
    var failures: FailureLog
    var components: [Component]
    /// The run's objective target and when it was first passed (absent: none tracked).
    var target: ObjectiveTarget?
    /// How many of the last ``components`` are the scheduler's own stages (learned
    /// descriptor, ground-truth grid) rather than emitters; absent: none.
    var stages: Int?

    init(_ state: SchedulerState) {
        seed = state.seed
        iteration = state.iteration
        evaluations = state.evaluations
        failures = state.failures
        target = state.target
        stages = state.stages.isEmpty ? nil : state.stages.count
        components = (state.components + state.stages).map { component in
            Component(identifier: component.identifier, version: component.version,
                      parts: component.parts.mapValues { Part(kind: $0.kind, width: $0.width, bytes: $0.byteCount) })
        }
    }

    /// The state with each component's parts as `parts` gives them.
    func state(parts: (Int, Component) throws -> [String: StatePart]) rethrows -> SchedulerState {
        let all = try components.enumerated().map { index, component in
            ComponentState(identifier: component.identifier, version: component.version, parts: try parts(index, component))
        }
        let stageCount = min(max(stages ?? 0, 0), all.count)
        var state = SchedulerState(seed: seed, iteration: iteration, evaluations: evaluations, failures: failures,
                                   components: Array(all.dropLast(stageCount)), target: target)
        state.stages = Array(all.suffix(stageCount))
        return state
    }
}
