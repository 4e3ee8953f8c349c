import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct MutationTests {
    /// Runs `make` and expects a one-line ``ParameterError`` naming `parameter`.
    func expectRefused(_ parameter: String, _ what: String, _ make: () throws -> Any) {
        #expect(Comment(rawValue: what)) {
            _ = try make()
        } throws: { error in
            guard let error = error as? ParameterError else { return false }
            return error.parameter == parameter && !error.description.contains("\n")
        }
    }

    @Test func operatorsRefuseBadParameters() {
        for sigma in [Double.nan, -0.1, .infinity] {
            expectRefused("sigma", "sigma \(sigma)") { try GaussianMutation(sigma: sigma) }
            expectRefused("isoSigma", "isoSigma \(sigma)") { try IsoLineVariation(isoSigma: sigma, lineSigma: 0.2) }
            expectRefused("lineSigma", "lineSigma \(sigma)") { try IsoLineVariation(isoSigma: 0.1, lineSigma: sigma) }
            expectRefused("eta", "polynomial eta \(sigma)") { try PolynomialMutation(box: Box(dimension: 2, range: 0...1), eta: sigma) }
            expectRefused("eta", "SBX eta \(sigma)") { try SimulatedBinaryCrossover(eta: sigma) }
        }
        for rate in [Double.nan, -0.1, 1.5] {
            expectRefused("rate", "rate \(rate)") { try PolynomialMutation(box: Box(dimension: 2, range: 0...1), rate: rate) }
            expectRefused("geneRate", "geneRate \(rate)") { try SimulatedBinaryCrossover(geneRate: rate) }
        }
        #expect(throws: Never.self) {
            _ = try GaussianMutation(sigma: 0)
            _ = try IsoLineVariation(isoSigma: 0, lineSigma: 0)
            _ = try PolynomialMutation(box: Box(dimension: 2, range: 0...1), eta: 0, rate: 1)
            _ = try SimulatedBinaryCrossover(eta: 0, geneRate: 0)
        }
        #expect(throws: ParameterError(type: "GaussianMutation", parameter: "sigma",
                                       problem: "must be finite and non-negative (got nan)")) {
            try GaussianMutation(sigma: .nan)
        }
    }

    @Test(arguments: TestSeeds.few)
    func gaussianNoiseHasTheRequestedSpread(seed: UInt64) throws {
        var rng = Xoshiro256(seed: seed)
        let mutation = try GaussianMutation(sigma: 0.3)
        let parent = [Double](repeating: 1.5, count: 50)
        var steps: [Double] = []
        for _ in 0..<2_000 { steps += zip(mutation.mutate(parent, using: &rng), parent).map { $0 - $1 } }
        let m = SampleMoments(steps)
        #expect(abs(m.mean) < 0.005, "seed \(seed)")
        #expect(abs(m.variance.squareRoot() - 0.3) < 0.004, "std \(m.variance.squareRoot()), seed \(seed)")
    }

    @Test func clippingAndReflectionStayInTheBox() throws {
        var rng = Xoshiro256(seed: 4)
        let box = Box(dimension: 3, range: -1...1)
        for handling in GenomeBounds.Handling.allCases {
            let mutation = try GaussianMutation(sigma: 5, bounds: GenomeBounds(box, handling: handling))
            for _ in 0..<500 {
                #expect(box.contains(mutation.mutate([0.9, -0.9, 0], using: &rng)), "\(handling)")
            }
        }
        #expect(abs(GenomeBounds.reflect(1.3, -1, 1) - 0.7) < 1e-12)
        #expect(GenomeBounds.reflect(-1.5, -1, 1) == -0.5)
        #expect(abs(GenomeBounds.reflect(5.5, -1, 1) - 0.5) < 1e-12, "5.5 → -3.5 → 1.5 → 0.5")
        #expect(GenomeBounds.reflect(0.25, -1, 1) == 0.25)
    }

    @Test func polynomialMutationIsBoundedUnbiasedAndSparse() throws {
        var rng = Xoshiro256(seed: 5)
        let box = Box(dimension: 20, range: 0...1)
        let mutation = try PolynomialMutation(box: box)
        let parent = [Double](repeating: 0.5, count: 20)
        var changed = 0
        var steps: [Double] = []
        for _ in 0..<5_000 {
            let child = mutation.mutate(parent, using: &rng)
            #expect(box.contains(child))
            for (c, p) in zip(child, parent) where c != p {
                changed += 1
                steps.append(c - p)
            }
        }
        // One gene in twenty mutates on average (rate 1/D).
        #expect(abs(Double(changed) / 5_000 - 1) < 0.05)
        let m = SampleMoments(steps)
        #expect(abs(m.mean) < 0.005)
        #expect(m.variance.squareRoot() < 0.08, "eta 20 gives small steps")
        // At a bound, children never leave the box.
        let edge = [Double](repeating: 1, count: 20)
        let everyGene = try PolynomialMutation(box: box, rate: 1)
        for _ in 0..<500 { #expect(box.contains(everyGene.mutate(edge, using: &rng))) }
    }

    @Test func sbxChildrenSpreadAroundTheParents() throws {
        var rng = Xoshiro256(seed: 6)
        let box = Box(dimension: 1, range: -10...10)
        for crossover in [try SimulatedBinaryCrossover(geneRate: 1), try SimulatedBinaryCrossover(geneRate: 1, box: box)] {
            var children: [Double] = []
            for _ in 0..<20_000 { children.append(crossover.cross([1], [3], using: &rng)[0]) }
            let m = SampleMoments(children)
            #expect(abs(m.mean - 2) < 0.02, "SBX preserves the parents' mean")
            #expect(children.allSatisfy { box.contains([$0]) })
            let near = Double(children.filter { abs($0 - 1) < 0.5 || abs($0 - 3) < 0.5 }.count) / 20_000
            #expect(near > 0.8, "eta 15 keeps children near a parent")
        }
        #expect(try SimulatedBinaryCrossover().cross([2, 2], [2, 2], using: &rng) == [2, 2], "equal parents give themselves")
    }

    @Test func isoLineMovesAlongTheLineBetweenElites() throws {
        var rng = Xoshiro256(seed: 7)
        let lineOnly = try IsoLineVariation(isoSigma: 0, lineSigma: 0.2)
        let a = [0.0, 0.0, 0.0], b = [1.0, 2.0, 3.0]
        var ts: [Double] = []
        for _ in 0..<10_000 {
            var child = [0.0, 0.0, 0.0]
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    child.withUnsafeMutableBufferPointer { lineOnly.vary(pa, pb, into: $0, using: &rng) }
                }
            }
            #expect(abs(child[1] - 2 * child[0]) < 1e-12 && abs(child[2] - 3 * child[0]) < 1e-12, "on the line")
            ts.append(child[0])
        }
        #expect(abs(SampleMoments(ts).variance.squareRoot() - 0.2) < 0.006, "one N(0, 0.2^2) per child")
    }
}

import Foundation
