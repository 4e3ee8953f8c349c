import ArgumentParser
import Foundation
import Tessera
import TesseraTasks

/// Times the descriptor learners on seeded, image-like observation rows: one autoencoder
/// epoch (Adam, minibatches) and a PCA fit. `Scripts/learners_numpy.py` times the same
/// work in numpy (and PyTorch when installed) with the same shapes.
struct LearnerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learners",
        abstract: "Time an autoencoder epoch and a PCA fit on synthetic image rows; print one JSON line per measurement.",
        discussion: """
            Rows are grayscale images of ⌈√dims⌉ columns holding 1 to 3 Gaussian blobs at random \
            positions, values in [0, 1]. The autoencoder has the hidden sizes of --layers, mirrored, \
            ReLU hidden layers, a linear code and a sigmoid output. --threads sets OpenBLAS's thread \
            count for every product and decomposition (default 1, the setting for runs whose \
            evaluations already keep every core busy); give the same count to numpy through \
            OPENBLAS_NUM_THREADS when comparing.
            """)

    @Option(parsing: .unconditional, help: "Observation rows.") var rows: Int = 10_000
    @Option(parsing: .unconditional, help: "Floats per row (an image of ⌈√dims⌉ columns).") var dims: Int = 1_024
    @Option(parsing: .unconditional, help: "Code dimension (PCA components, autoencoder code width).") var code: Int = 10
    @Option(parsing: .unconditional, help: "Encoder hidden sizes, comma-separated, input side first (mirrored in the decoder).")
    var layers: String = "256,64"
    @Option(parsing: .unconditional, help: "Minibatch rows.") var batch: Int = 128
    @Option(parsing: .unconditional, help: "Epochs per timed fit; the time is reported per epoch.") var epochs: Int = 1
    @Option(parsing: .unconditional, help: "Seed of the rows and of the initial weights.") var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Repetitions (the median is reported; at most 1000).") var repeats: Int = 3
    @Option(parsing: .unconditional, help: "OpenBLAS threads (1 to 256).") var threads: Int = 1
    @Option(parsing: .unconditional, help: "ae, pca or all.") var what: String = "all"
    @Option(parsing: .unconditional, help: "PCA solver: automatic, covariance-eigen, svd or all.") var solver: String = "automatic"

    /// The hidden sizes of --layers (empty for "").
    var hiddenSizes: [Int]? {
        let parts = layers.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts == [""] { return [] }
        let sizes = parts.map { Int($0) }
        return sizes.contains(nil) ? nil : sizes.map { $0! }
    }

    var solvers: [PCALearner.Solver] {
        switch solver {
        case "all": return PCALearner.Solver.allCases
        case "covariance-eigen": return [.covarianceEigen]
        case "svd": return [.svd]
        default: return [.automatic]
        }
    }

    func validate() throws {
        for (flag, value) in [("--rows", rows), ("--dims", dims), ("--code", code), ("--batch", batch),
                              ("--epochs", epochs), ("--repeats", repeats), ("--threads", threads)] where value <= 0 {
            throw ValidationError("\(flag) must be positive")
        }
        if repeats > 1000 { throw ValidationError("--repeats must be at most 1000") }
        if epochs > 1000 { throw ValidationError("--epochs must be at most 1000") }
        if threads > 256 { throw ValidationError("--threads must be at most 256") }
        if rows >= Int(Int32.max) { throw ValidationError("--rows must be below 2^31") }
        if dims > 1 << 20 { throw ValidationError("--dims must be at most 1,048,576") }
        if code > dims { throw ValidationError("--code must be at most --dims (\(dims))") }
        if rows < 2 { throw ValidationError("--rows must be at least 2 (PCA needs two rows)") }
        guard let hidden = hiddenSizes else {
            throw ValidationError("--layers must be comma-separated positive integers, like 256,64 (got '\(layers)')")
        }
        if hidden.count > 16 { throw ValidationError("--layers has \(hidden.count) sizes; at most 16") }
        if let bad = hidden.first(where: { $0 <= 0 || $0 > 1 << 20 }) {
            throw ValidationError("--layers sizes must be in 1...1,048,576 (got \(bad))")
        }
        if !["ae", "pca", "all"].contains(what) { throw ValidationError("--what must be ae, pca or all, not '\(what)'") }
        if !["automatic", "covariance-eigen", "svd", "all"].contains(solver) {
            throw ValidationError("--solver must be automatic, covariance-eigen, svd or all, not '\(solver)'")
        }
        // The rows as Floats; PCA's centred Double copy and d × d work; the autoencoder's
        // parameters (weights, gradient, Adam moments, best copy) and one minibatch.
        let limits = MachineLimits.current
        let budget = Double(limits.memoryBytes)
        let rowBytes = Double(rows) * Double(dims) * 4
        let pcaBytes = Double(rows) * Double(dims) * 8 + 3 * Double(dims) * Double(dims) * 8
        let widths = [dims] + hidden + [code] + hidden.reversed() + [dims]
        let parameters = zip(widths, widths.dropFirst()).map { Double($0 + 1) * Double($1) }.reduce(0, +)
        let aeBytes = 4 * (5 * parameters + Double(min(batch, rows)) * Double(widths.reduce(0, +) + 2 * widths.max()!))
        if rowBytes > budget {
            throw ValidationError("--rows \(rows) is too large: \(limits.describe(rowBytes)) of observations with --dims \(dims); "
                                  + "at most \(Format.count(Int(budget / (Double(dims) * 4)))) fit \(limits.describeBudget)")
        }
        if what != "ae", rowBytes + pcaBytes > budget {
            throw ValidationError("--rows \(rows) with --dims \(dims) is too large for PCA: \(limits.describe(rowBytes + pcaBytes)) "
                                  + limits.describeBudget)
        }
        if what != "pca", rowBytes + aeBytes > budget {
            throw ValidationError("--layers \(layers) with --dims \(dims) and --batch \(batch) is too large: the autoencoder needs "
                                  + "\(limits.describe(aeBytes)) \(limits.describeBudget)")
        }
    }

    func run() throws {
        BLASThreads.set(threads)
        let observations = Self.blobImages(rows: rows, dims: dims, seed: seed)
        let hidden = hiddenSizes!
        func line(_ what: String, _ times: [Double], _ extra: String) -> String {
            let median = times.sorted()[times.count / 2]
            return #"{"what":"\#(what)","impl":"swift","rows":\#(rows),"dims":\#(dims),"code":\#(code),\#(extra)"seconds":\#(median),"repeats":\#(repeats),"threads":\#(BLASThreads.current)}"#
        }
        if what != "pca" {
            var configuration = Autoencoder.Configuration(
                inputDimension: dims, hiddenSizes: hidden, codeDimension: code, hiddenActivation: .relu,
                codeActivation: .identity, outputActivation: .sigmoid, batchSize: batch, epochs: epochs,
                heldOutFraction: 0, patience: nil)
            configuration.learningRate = 1e-3
            var times: [Double] = []
            var loss = 0.0
            for _ in 0..<repeats {
                var net = try Autoencoder(configuration: configuration, seed: seed)
                let fit = try net.fit(observations, count: rows, seed: seed)
                times.append(fit.seconds / Double(epochs))
                loss = fit.trainingLoss
            }
            let layout = ([dims] + hidden + [code]).map(String.init).joined(separator: ",")
            print(line("ae_epoch", times, #""layers":"\#(layout)","batch":\#(batch),"epochs":\#(epochs),"loss":\#(loss),"#))
        }
        if what != "ae" {
            for choice in solvers {
                var times: [Double] = []
                var ratio = 0.0
                for _ in 0..<repeats {
                    var pca = try PCALearner(inputDimension: dims, components: .count(code), solver: choice)
                    let fit = try pca.fit(observations, count: rows, seed: seed)
                    times.append(fit.seconds)
                    ratio = fit.explainedVarianceRatio ?? 0
                }
                print(line("pca_fit", times, #""solver":"\#(choice.rawValue)","explained":\#(ratio),"#))
            }
        }
    }

    /// `rows` grayscale images of `⌈√dims⌉` columns (the last row of pixels may be cut),
    /// each the clipped sum of 1 to 3 Gaussian blobs with random centres, widths σ in
    /// [1.5, 4) pixels and heights in [0.5, 1).
    static func blobImages(rows: Int, dims: Int, seed: UInt64) -> [Float] {
        let width = Int(Double(dims).squareRoot().rounded(.up))
        let height = (dims + width - 1) / width
        var rng = Xoshiro256(seed: seed)
        var images = [Float](repeating: 0, count: rows * dims)
        images.withUnsafeMutableBufferPointer { out in
            for r in 0..<rows {
                let blobs = 1 + rng.nextIndex(below: 3)
                for _ in 0..<blobs {
                    let cx = rng.nextUnitDouble() * Double(width)
                    let cy = rng.nextUnitDouble() * Double(height)
                    let sigma = 1.5 + 2.5 * rng.nextUnitDouble()
                    let amplitude = Float(0.5 + 0.5 * rng.nextUnitDouble())
                    let scale = -1 / (2 * sigma * sigma)
                    for p in 0..<dims {
                        let dx = Double(p % width) + 0.5 - cx
                        let dy = Double(p / width) + 0.5 - cy
                        out[r * dims + p] += amplitude * Float(exp((dx * dx + dy * dy) * scale))
                    }
                }
                for p in 0..<dims { out[r * dims + p] = min(1, out[r * dims + p]) }
            }
        }
        return images
    }
}
