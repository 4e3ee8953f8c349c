import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// The figures of a finished EvoSearch run: the `--json` object and the text summary. The
/// keys are documented in `Docs/CommandLine.md`.
struct DiffusionRunSummary: Encodable {
    var task: String
    var algorithm: String
    var seed: UInt64
    var reward: String
    var dims: Int?
    var generatorURL: String?
    var nfe: Int
    var plannedNFE: Int
    var sessionNFE: Int
    var batches: Int
    var rollouts: Int
    var failedRollouts: Int
    var bestReward: Double?
    /// The built-in model's mode of the best output.
    var bestMode: Int?
    /// The best output's descriptors, by name (a server's).
    var bestDescriptors: [String: Double]?
    var vendiFinal: Double?
    var vendiKernel: String
    var finalPopulation: Int
    /// Cells of the run's archive holding an output (every algorithm files every output).
    var cellsReached: Int
    var cells: Int
    /// `evosearch-qd`'s archive figures.
    var numElites: Int?
    var qdScore: Double?
    var coverage: Double?
    var setupSeconds: Double
    var loopSeconds: Double
    var wallSeconds: Double
    var nfePerSecond: Double
    var completed = true
    var tesseraVersion = TesseraInfo.version
    var archivePath: String?
    var reportPath: String?

    enum CodingKeys: String, CodingKey {
        case task, algorithm, seed, reward, dims, nfe, batches, rollouts, cells, completed, coverage
        case generatorURL = "generator_url", plannedNFE = "planned_nfe", sessionNFE = "session_nfe", failedRollouts = "failed_rollouts"
        case bestReward = "best_reward", bestMode = "best_mode", bestDescriptors = "best_descriptors", vendiFinal = "vendi_final"
        case vendiKernel = "vendi_kernel", finalPopulation = "final_population", cellsReached = "cells_reached"
        case numElites = "num_elites", qdScore = "qd_score", setupSeconds = "setup_seconds", loopSeconds = "loop_seconds"
        case wallSeconds = "wall_seconds", nfePerSecond = "nfe_per_second", tesseraVersion = "tessera_version"
        case archivePath = "archive_path", reportPath = "report_path"
    }

    init<G, R>(_ run: DiffusionRun<G, R>, setupSeconds: Double, loopSeconds: Double) throws where R.Scalar == G.Scalar, G.Scalar: DiffusionOutput {
        let configuration = run.configuration, state = run.state
        task = configuration.task
        algorithm = configuration.algorithm.rawValue
        seed = configuration.seed
        reward = configuration.reward ?? ""
        dims = configuration.dimension
        generatorURL = configuration.shownURL
        nfe = state.nfe
        plannedNFE = run.search.plannedNFE
        sessionNFE = state.nfe - run.sessionStart
        batches = run.batches
        rollouts = state.rollouts
        failedRollouts = state.failures
        bestReward = state.bestReward.isFinite ? state.bestReward : nil
        let names = run.search.reward.descriptorNames
        if configuration.task == DiffusionRunConfiguration.mixtureTask {
            bestMode = state.bestDescriptor.first.map { Int($0) }
        } else if !names.isEmpty, state.bestDescriptor.count == names.count {
            bestDescriptors = Dictionary(uniqueKeysWithValues: zip(names, state.bestDescriptor))
        }
        (vendiFinal, vendiKernel) = try Self.vendi(run)
        finalPopulation = state.lastRewards.count
        let stats = run.archive.stats
        cellsReached = stats.numElites
        cells = run.archive.store.cellCount
        if configuration.algorithm == .qualityDiversity {
            numElites = stats.numElites
            qdScore = stats.qdScore
            coverage = stats.coverage
        }
        self.setupSeconds = setupSeconds
        self.loopSeconds = loopSeconds
        wallSeconds = Date().timeIntervalSince(TesseraCommand.startTime)
        nfePerSecond = loopSeconds > 0 ? Double(sessionNFE) / loopSeconds : 0
    }

    /// The Vendi score of the final population and its kernel: on the built-in model an RBF
    /// kernel of bandwidth s√d (outputs alike within a mode, distinct across modes); on a
    /// server's outputs an RBF kernel at the median distance, over each output's picture
    /// when the server declares one (the latent's noise part says nothing of the output).
    static func vendi<G, R>(_ run: DiffusionRun<G, R>) throws -> (Double?, String) where R.Scalar == G.Scalar, G.Scalar: DiffusionOutput {
        let state = run.state
        let width = run.search.generator.latentCount
        let rows = state.lastRewards.count
        var slice = 0..<width
        if let picture = try run.file.configurationFields().first(where: { $0.key == "picture" })?.value,
           let (offset, count) = Self.pictureRange(picture), offset + count <= width {
            slice = offset..<(offset + count)
        }
        var points = [Double]()
        points.reserveCapacity(rows * slice.count)
        for row in 0..<rows { points += state.lastOutputs[(row * width + slice.lowerBound)..<(row * width + slice.upperBound)].map { Double($0) } }
        let bandwidth: Double, name: String
        if let dimension = run.configuration.dimension {
            bandwidth = 0.25 * Double(dimension).squareRoot()
            name = "rbf, bandwidth s*sqrt(d) = \(bandwidth)"
        } else {
            var stream = Xoshiro256(seed: run.configuration.seed)
            bandwidth = (try? RBFKernel.medianDistance(points: points, dimension: slice.count, using: &stream)) ?? 0
            name = "rbf, median-distance bandwidth \(bandwidth)" + (slice.count < width ? " over the outputs' pictures" : " over the outputs")
        }
        guard rows > 0 else { return (nil, name) }
        guard bandwidth > 0, let kernel = try? RBFKernel(bandwidth: bandwidth) else { return (1, name) }
        return (try VendiScore(kernel: kernel.matrix(points: points, dimension: slice.count)).value(), name)
    }

    /// The numbers of a `picture` field "OFFSET:WIDTHxHEIGHT": its offset and count.
    static func pictureRange(_ field: String) -> (Int, Int)? {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let offset = Int(parts[0]) else { return nil }
        let sides = parts[1].split(separator: "x").compactMap { Int($0) }
        guard sides.count == 2, offset >= 0, sides.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else { return nil }
        return (offset, sides[0] * sides[1])
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "-" }
        var lines = [
            "\(task) with \(algorithm), seed \(seed): \(Format.count(nfe)) NFE in \(Format.count(rollouts)) rollouts (\(batches) batches)",
            "  reward      \(reward): best \(number(bestReward))" + (bestMode.map { ", in mode \($0)" } ?? "")
                + (bestDescriptors.map { ", " + $0.sorted { $0.key < $1.key }.map { "\($0.key) \(number($0.value))" }.joined(separator: ", ") } ?? ""),
            "  final       \(finalPopulation) outputs, Vendi \(number(vendiFinal)) (\(vendiKernel))",
            "  archive     \(cellsReached) of \(cells) cells reached" + (qdScore.map { ", QD score \(number($0))" } ?? ""),
            ArchiveFigures.timeLine(setup: setupSeconds, loop: loopSeconds, wall: wallSeconds) + ", \(Format.number(nfePerSecond)) NFE/s",
        ]
        if failedRollouts > 0 { lines.append("  failed      \(failedRollouts) rollouts (one line each above)") }
        if let generatorURL { lines.append("  generator   \(generatorURL)") }
        if let archivePath { lines.append("  file        \(archivePath)") }
        if let reportPath { lines.append("  report      \(reportPath)") }
        return lines.joined(separator: "\n")
    }
}
