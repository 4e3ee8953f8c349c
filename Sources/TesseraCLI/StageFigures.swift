import Foundation
import Tessera

/// What `info` shows of a run's own stages: the ground-truth grid's coverage and the
/// learned descriptor's trainings, read from the saved scheduler state.
struct StageFigures {
    /// The coverage of the ground-truth grid, when the run keeps one.
    var groundTruthCoverage: Double?
    /// Trainings, failed trainings, seconds spent fitting, the last loss and the
    /// observations kept, when the run learns its descriptors.
    var learning: [String: Any]?

    /// The figures of `state` (nil: none saved yet).
    init(_ state: SchedulerState?) {
        for stage in state?.stages ?? [] {
            switch stage.identifier {
            case CoverageGrid.stateIdentifier:
                if let best = try? stage.doubles("best"), !best.isEmpty {
                    groundTruthCoverage = Double(best.filter { $0 != -.infinity }.count) / Double(best.count)
                }
            case DescriptorLearning.stateIdentifier:
                guard let (trainings, events) = try? DescriptorLearning.savedEvents(in: stage) else { continue }
                let fits = events.compactMap(\.fit)
                learning = ["trainings": trainings,
                            "failed_trainings": events.filter { $0.error != nil }.count,
                            "fit_seconds": fits.reduce(0.0) { $0 + $1.seconds },
                            "last_loss": events.last?.fit.map { $0.trainingLoss as Any } ?? NSNull(),
                            "observations_kept": (try? stage.doubles("observation_evaluations").count) ?? 0]
            default: continue
            }
        }
    }
}
