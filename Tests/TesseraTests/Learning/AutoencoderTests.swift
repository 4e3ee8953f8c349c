import Foundation
import Testing
import TesseraTestSupport
@testable import Tessera

extension Learning {
@Suite(.serialized) struct AutoencoderTests {
    private func tiny(hidden: Activation = .tanh, code: Activation = .tanh, output: Activation = .sigmoid,
                      seed: UInt64 = 1) throws -> Autoencoder {
        try Autoencoder(configuration: .init(inputDimension: 6, hiddenSizes: [4], codeDimension: 2,
                                             hiddenActivation: hidden, codeActivation: code, outputActivation: output),
                        seed: seed)
    }

    /// Compares every weight and bias gradient with a central finite difference of the loss.
    private func checkGradients(_ net: Autoencoder, rows: [Float], count: Int, step: Float) {
        let (loss, gradient) = net.lossAndGradient(rows, count: count)
        #expect(abs(loss - net.loss(rows, count: count)) <= 1e-7 * loss)
        var worst = 0.0
        var probe = net
        for i in 0..<net.parameters.count {
            let original = net.parameters[i]
            probe.parameters[i] = original + step
            let up = probe.loss(rows, count: count)
            probe.parameters[i] = original - step
            let down = probe.loss(rows, count: count)
            probe.parameters[i] = original
            let numeric = (up - down) / Double(2 * step)
            let analytic = Double(gradient[i])
            let error = abs(numeric - analytic)
            worst = max(worst, error / (1e-4 + abs(numeric)))
            #expect(error <= 1e-4 + 1e-2 * abs(numeric), "parameter \(i): analytic \(analytic), numeric \(numeric)")
        }
        // The check is not vacuous: the gradient is far from zero.
        #expect(gradient.map { abs(Double($0)) }.max()! > 1e-2)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let rows = LearningFixtures.uniform(count: 5, dimension: 6, seed: 4)
        checkGradients(try tiny(), rows: rows, count: 5, step: 1e-2)
        checkGradients(try tiny(hidden: .sigmoid, code: .identity, output: .identity, seed: 2), rows: rows, count: 5, step: 1e-2)
        checkGradients(try tiny(hidden: .relu, code: .identity, output: .identity, seed: 3), rows: rows, count: 5, step: 1e-3)
    }

    @Test func aWrongGradientIsCaught() throws {
        // The finite-difference comparison rejects a gradient that is off by a factor.
        let net = try tiny()
        let rows = LearningFixtures.uniform(count: 5, dimension: 6, seed: 4)
        let (_, gradient) = net.lossAndGradient(rows, count: 5)
        var probe = net
        let i = gradient.indices.max(by: { abs(gradient[$0]) < abs(gradient[$1]) })!
        probe.parameters[i] += 1e-2
        let up = probe.loss(rows, count: 5)
        probe.parameters[i] -= 2e-2
        let numeric = (up - probe.loss(rows, count: 5)) / 2e-2
        #expect(abs(numeric - 1.1 * Double(gradient[i])) > 1e-4 + 1e-2 * abs(numeric))
    }

    private func mixtureConfiguration() -> Autoencoder.Configuration {
        var configuration = Autoencoder.Configuration(inputDimension: 32, hiddenSizes: [16], codeDimension: 3,
                                                      learningRate: 1e-2, batchSize: 32, epochs: 20, heldOutFraction: 0)
        configuration.patience = nil
        return configuration
    }

    @Test func trainingLowersTheReconstructionError() throws {
        let rows = LearningFixtures.prototypeMixtures(count: 400, dimension: 32, seed: 6)
        var net = try Autoencoder(configuration: mixtureConfiguration(), seed: 1)
        let before = net.loss(rows, count: 400)
        let fit = try net.fit(rows, count: 400, seed: 2)
        let after = net.loss(rows, count: 400)
        #expect(net.isFitted && fit.epochs == 20 && fit.keptEpoch == 20 && !fit.stoppedEarly && fit.heldOutLoss == nil)
        #expect(after < 0.2 * before, "before \(before), after \(after)")
        #expect(abs(fit.trainingLoss - after) < 0.5 * fit.trainingLoss, "reported \(fit.trainingLoss), measured \(after)")
        // Codes separate the prototypes: three groups, so the code varies.
        let codes = net.encode(rows, count: 400)
        #expect(LearningFixtures.columnVariance(codes, rows: 400, width: 3, column: 0)
                + LearningFixtures.columnVariance(codes, rows: 400, width: 3, column: 1) > 1e-3)
    }

    @Test func fitsAreDeterministicForASeed() throws {
        let rows = LearningFixtures.prototypeMixtures(count: 300, dimension: 32, seed: 7)
        var configuration = mixtureConfiguration()
        configuration.epochs = 3
        configuration.heldOutFraction = 0.1
        var a = try Autoencoder(configuration: configuration, seed: 5)
        var b = try Autoencoder(configuration: configuration, seed: 5)
        var c = try Autoencoder(configuration: configuration, seed: 5)
        #expect(a.parameters == b.parameters)
        #expect(a.encode(rows, count: 300) == b.encode(rows, count: 300))
        let fitA = try a.fit(rows, count: 300, seed: 11)
        let fitB = try b.fit(rows, count: 300, seed: 11)
        try c.fit(rows, count: 300, seed: 12)
        #expect(a.parameters == b.parameters)
        #expect(fitA.trainingLoss == fitB.trainingLoss && fitA.heldOutLoss == fitB.heldOutLoss)
        #expect(a.parameters != c.parameters)
        #expect(try Autoencoder(configuration: configuration, seed: 6).parameters != b.parameters)
    }

    @Test func aFixedThreadCountGivesTheSameWeights() throws {
        // Bit-identical fits need one OpenBLAS thread count (it can change the rounding of
        // large products); with the count fixed, repeated fits agree whatever it is.
        let rows = LearningFixtures.prototypeMixtures(count: 256, dimension: 32, seed: 7)
        var configuration = mixtureConfiguration()
        configuration.hiddenSizes = [128]
        configuration.epochs = 2
        let saved = BLASThreads.current
        defer { BLASThreads.set(saved) }
        let start = try Autoencoder(configuration: configuration, seed: 5)
        for threads in [1, 2] {
            BLASThreads.set(threads)
            var first = start
            var second = start
            try first.fit(rows, count: 256, seed: 1)
            try second.fit(rows, count: 256, seed: 1)
            #expect(first.parameters == second.parameters, "\(threads) threads")
            #expect(first.parameters != start.parameters)
        }
    }

    @Test func earlyStoppingRestoresTheBestHeldOutWeights() throws {
        // A learning rate far too high makes the held-out loss bounce, so it stops improving.
        let rows = LearningFixtures.prototypeMixtures(count: 200, dimension: 32, seed: 8)
        var configuration = mixtureConfiguration()
        configuration.learningRate = 0.3
        configuration.epochs = 40
        configuration.heldOutFraction = 0.2
        configuration.patience = 2
        var net = try Autoencoder(configuration: configuration, seed: 3)
        let fit = try net.fit(rows, count: 200, seed: 4)
        #expect(fit.stoppedEarly && fit.epochs < 40 && fit.heldOutRows == 40)
        #expect(fit.keptEpoch! == fit.epochs - 2, "kept \(fit.keptEpoch!), ran \(fit.epochs)")
        let heldOut = net.heldOutRows(count: 200, seed: 4)
        #expect(heldOut.count == 40)
        let heldOutRows = heldOut.flatMap { rows[($0 * 32)..<($0 * 32 + 32)] }
        let measured = net.loss(heldOutRows, count: 40)
        #expect(abs(measured - fit.heldOutLoss!) <= 1e-6 * measured, "restored \(measured), reported \(fit.heldOutLoss!)")

        // Without patience every epoch runs, and the weights are still those of the best epoch.
        configuration.patience = nil
        configuration.epochs = fit.epochs + 3
        var all = try Autoencoder(configuration: configuration, seed: 3)
        let full = try all.fit(rows, count: 200, seed: 4)
        #expect(!full.stoppedEarly && full.epochs == fit.epochs + 3 && full.keptEpoch! <= fit.keptEpoch!)
        #expect(full.heldOutLoss! <= fit.heldOutLoss!)
        #expect(abs(all.loss(heldOutRows, count: 40) - full.heldOutLoss!) <= 1e-6 * full.heldOutLoss!)
    }

    @Test func smallFitsHoldNothingOut() throws {
        var configuration = mixtureConfiguration()
        configuration.heldOutFraction = 0.5
        configuration.epochs = 1
        var net = try Autoencoder(configuration: configuration, seed: 1)
        let fit = try net.fit(LearningFixtures.uniform(count: 49, dimension: 32, seed: 1), count: 49, seed: 0)
        #expect(fit.heldOutRows == 0 && fit.heldOutLoss == nil)
        let larger = try net.fit(LearningFixtures.uniform(count: 50, dimension: 32, seed: 1), count: 50, seed: 0)
        #expect(larger.heldOutRows == 25 && larger.heldOutLoss != nil)
    }

    @Test func encodeWithErrorsSharesOneForwardPass() throws {
        var configuration = mixtureConfiguration()
        configuration.epochs = 2
        var net = try Autoencoder(configuration: configuration, seed: 1)
        let rows = LearningFixtures.prototypeMixtures(count: 2500, dimension: 32, seed: 9)
        try net.fit(rows, count: 2500, seed: 0)
        let both = net.encodeWithErrors(rows, count: 2500)
        #expect(both.codes == net.encode(rows, count: 2500))
        #expect(both.errors == net.reconstructionErrors(rows, count: 2500))
        #expect(both.codes.count == 2500 * 3 && both.errors.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(net.encode([], count: 0).isEmpty)
    }

    @Test func codableRoundTripIsExact() throws {
        var net = try Autoencoder(configuration: mixtureConfiguration(), seed: 1)
        let rows = LearningFixtures.prototypeMixtures(count: 100, dimension: 32, seed: 9)
        var short = net
        try short.fit(rows, count: 100, seed: 0)
        net = short
        let decoded = try DecodingChecks.expectRoundTrip(net)
        #expect(decoded.parameters == net.parameters && decoded.isFitted && decoded.configuration == net.configuration)
        #expect(decoded.encodeWithErrors(rows, count: 100) == net.encodeWithErrors(rows, count: 100))
        // The weights are base64 little-endian Float32: about 4/3 text bytes per byte.
        let json = try DecodingChecks.encode(net)
        #expect(json.utf8.count < 4 * net.parameters.count * 4 / 3 + 1000)
    }

    /// `json` with its `parameters` field replaced by the base64 of `bytes`.
    private func replacingParameters(_ json: String, with bytes: Data) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["parameters"] = bytes.base64EncodedString()
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func decodingRefusesBadState() throws {
        let net = try tiny()
        let json = try DecodingChecks.encode(net)
        var bytes = net.parameters.withUnsafeBufferPointer { LittleEndian.bytes(of: $0) }
        #expect(bytes.count == 80 * 4)
        // The untouched payload decodes, so the refusals below are about the changes.
        #expect(try DecodingChecks.decode(Autoencoder.self, from: try replacingParameters(json, with: bytes)).parameters == net.parameters)
        DecodingChecks.expectRefused(Autoencoder.self, try replacingParameters(json, with: bytes.prefix(bytes.count - 4)),
                                     mentioning: "parameters hold 79 Floats, the layers [6, 4, 2, 4, 6] need 80")
        DecodingChecks.expectRefused(Autoencoder.self, try replacingParameters(json, with: bytes.prefix(bytes.count - 1)),
                                     mentioning: "not a whole number of Float32")
        bytes.replaceSubrange(8..<12, with: withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { Data($0) })
        DecodingChecks.expectRefused(Autoencoder.self, try replacingParameters(json, with: bytes),
                                     mentioning: "parameters[2] is not finite")
        let zeroBatch = json.replacingOccurrences(of: #""batchSize":128"#, with: #""batchSize":0"#)
        #expect(zeroBatch != json)
        DecodingChecks.expectRefused(Autoencoder.self, zeroBatch, mentioning: "batchSize must be in")
    }

    @Test func badConfigurationThrowsOneLine() {
        func base() -> Autoencoder.Configuration { .init(inputDimension: 8, hiddenSizes: [4], codeDimension: 2) }
        var cases: [(Autoencoder.Configuration, String)] = []
        var c = base(); c.inputDimension = 0; cases.append((c, "inputDimension"))
        c = base(); c.codeDimension = 0; cases.append((c, "codeDimension"))
        c = base(); c.hiddenSizes = [4, 0]; c.hiddenActivations = [.relu, .relu]; cases.append((c, "hiddenSizes[1]"))
        c = base(); c.hiddenActivations = []; cases.append((c, "one hidden activation per hidden layer"))
        c = base(); c.learningRate = 0; cases.append((c, "learningRate"))
        c = base(); c.learningRate = -1; cases.append((c, "learningRate"))
        c = base(); c.learningRate = .nan; cases.append((c, "learningRate"))
        c = base(); c.learningRate = .infinity; cases.append((c, "learningRate"))
        c = base(); c.beta1 = 1; cases.append((c, "beta1"))
        c = base(); c.beta2 = -0.1; cases.append((c, "beta2"))
        c = base(); c.epsilon = 0; cases.append((c, "epsilon"))
        c = base(); c.batchSize = 0; cases.append((c, "batchSize"))
        c = base(); c.epochs = 0; cases.append((c, "epochs"))
        c = base(); c.heldOutFraction = 0.6; cases.append((c, "heldOutFraction"))
        c = base(); c.heldOutFraction = -0.1; cases.append((c, "heldOutFraction"))
        c = base(); c.heldOutFraction = .nan; cases.append((c, "heldOutFraction"))
        c = base(); c.patience = 0; cases.append((c, "patience"))
        c = base(); c.minimumRowsForHoldOut = 1; cases.append((c, "minimumRowsForHoldOut"))
        c = base(); c.inputDimension = 1 << 40; cases.append((c, "inputDimension"))
        c = base(); c.inputDimension = 1 << 30; c.hiddenSizes = [1 << 30]; cases.append((c, "MiB"))
        c = base(); c.hiddenSizes = [Int(Int32.max), Int(Int32.max), Int(Int32.max), Int(Int32.max)]
        c.hiddenActivations = Array(repeating: .relu, count: 4); cases.append((c, "overflow"))
        c = base(); c.hiddenSizes = [1 << 20]; c.batchSize = 1 << 24; cases.append((c, "MiB"))
        for (configuration, word) in cases {
            do {
                _ = try Autoencoder(configuration: configuration, seed: 0)
                Issue.record("accepted \(configuration)")
            } catch {
                guard case .invalidConfiguration(let message) = error else { Issue.record("\(error)"); continue }
                #expect(message.contains(word) && !error.description.contains("\n"), "\(message)")
            }
        }
        #expect(throws: Never.self) { try Autoencoder(configuration: base(), seed: 0) }
    }

    @Test func badInputThrowsAndLeavesTheNetworkUnchanged() throws {
        var net = try tiny()
        let before = net.parameters
        #expect(throws: LearnerError.observationSize(elements: 7, count: 1, inputDimension: 6)) {
            try net.fit([Float](repeating: 0, count: 7), count: 1, seed: 0)
        }
        #expect(throws: LearnerError.observationSize(elements: 6, count: -1, inputDimension: 6)) {
            try net.fit([Float](repeating: 0, count: 6), count: -1, seed: 0)
        }
        var rows = [Float](repeating: 0.5, count: 12)
        rows[10] = -.infinity
        #expect(throws: LearnerError.nonFiniteValue(row: 1, column: 4)) { try net.fit(rows, count: 2, seed: 0) }
        #expect(throws: LearnerError.tooFewRows(count: 0, minimum: 1)) { try net.fit([], count: 0, seed: 0) }
        #expect(net.parameters == before && !net.isFitted)
    }

    @Test func divergenceThrowsInsteadOfKeepingNaNWeights() throws {
        var configuration = Autoencoder.Configuration(inputDimension: 6, hiddenSizes: [4], codeDimension: 2,
                                                      hiddenActivation: .identity, outputActivation: .identity,
                                                      learningRate: 1e30, batchSize: 2, epochs: 3, heldOutFraction: 0)
        configuration.epsilon = 1e-30
        var net = try Autoencoder(configuration: configuration, seed: 0)
        let before = net.parameters
        let rows = LearningFixtures.uniform(count: 10, dimension: 6, seed: 1).map { $0 * 1e30 }
        do {
            try net.fit(rows, count: 10, seed: 0)
            Issue.record("a learning rate of 1e30 trained to \(net.parameters.prefix(4))")
        } catch LearnerError.diverged(let epoch) {
            #expect(epoch >= 1 && epoch <= 3)
        }
        #expect(net.parameters == before)
    }

    @Test func errorMessagesAreOneLine() {
        let errors: [LearnerError] = [
            .observationSize(elements: 5, count: 2, inputDimension: 3), .observationSize(elements: 5, count: Int.max, inputDimension: 3),
            .nonFiniteValue(row: 1, column: 2), .tooFewRows(count: 1, minimum: 2), .invalidConfiguration("x"),
            .lapackFailure(.noConvergence(routine: "dsyevd", info: 3)), .diverged(epoch: 2),
        ]
        for error in errors { #expect(!error.description.isEmpty && !error.description.contains("\n")) }
        #expect(LearnerError.observationSize(elements: 5, count: 2, inputDimension: 3).description
                == "observations hold 5 Floats, expected 6 (2 × 3)")
        #expect(LearnerError.nonFiniteValue(row: 1, column: 2).description.contains("row 1, column 2"))
    }
}
}
