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

    @Test func decodingChecksLikeTheInitialisers() throws {
        let box = Box(dimension: 2, range: 0...1)
        let gaussian = try DecodingChecks.expectRoundTrip(try GaussianMutation(sigma: 0.3, bounds: GenomeBounds(box, handling: .reflect)))
        #expect(gaussian == (try GaussianMutation(sigma: 0.3, bounds: GenomeBounds(box, handling: .reflect))))
        #expect(try DecodingChecks.expectRoundTrip(try GaussianMutation(sigma: 0)) == (try GaussianMutation(sigma: 0)))
        #expect(try DecodingChecks.expectRoundTrip(try PolynomialMutation(box: box, eta: 7, rate: 0.25))
                == (try PolynomialMutation(box: box, eta: 7, rate: 0.25)))
        #expect(try DecodingChecks.expectRoundTrip(try PolynomialMutation(box: box)).rate == nil)
        #expect(try DecodingChecks.expectRoundTrip(try SimulatedBinaryCrossover(eta: 3, geneRate: 1, box: box))
                == (try SimulatedBinaryCrossover(eta: 3, geneRate: 1, box: box)))
        #expect(try DecodingChecks.expectRoundTrip(try IsoLineVariation(isoSigma: 0.1, lineSigma: 0.2))
                == (try IsoLineVariation(isoSigma: 0.1, lineSigma: 0.2)))
        try DecodingChecks.expectRoundTrip(try CrossoverVariation(SimulatedBinaryCrossover(box: box), then: PolynomialMutation(box: box)))
        #expect(try DecodingChecks.encode(try GaussianMutation(sigma: 0.1)) == #"{"sampling":"lanes","sigma":0.1}"#, "the saved format")
        let saved = try DecodingChecks.decode(GaussianMutation.self, from: #"{"sigma":0.1}"#)
        #expect(saved.sampling == .serial, "a mutation saved before format 2 drew serially")
        #expect(try DecodingChecks.decode(IsoLineVariation.self, from: #"{"isoSigma":0.1,"lineSigma":0.2}"#).sampling == .serial)
        DecodingChecks.expectRefused(GaussianMutation.self, #"{"sigma":0.1,"sampling":"simd"}"#, mentioning: "simd")

        let unit = #"{"lower":[0,0],"upper":[1,1]}"#
        for sigma in ["\"nan\"", "-0.5", "\"inf\""] {
            DecodingChecks.expectRefused(GaussianMutation.self, #"{"sigma":\#(sigma)}"#, mentioning: "GaussianMutation: sigma must be")
            DecodingChecks.expectRefused(IsoLineVariation.self, #"{"isoSigma":\#(sigma),"lineSigma":0.2}"#,
                                         mentioning: "IsoLineVariation: isoSigma must be")
            DecodingChecks.expectRefused(IsoLineVariation.self, #"{"isoSigma":0.1,"lineSigma":\#(sigma)}"#,
                                         mentioning: "IsoLineVariation: lineSigma must be")
            DecodingChecks.expectRefused(PolynomialMutation.self, #"{"box":\#(unit),"eta":\#(sigma)}"#,
                                         mentioning: "PolynomialMutation: eta must be")
            DecodingChecks.expectRefused(SimulatedBinaryCrossover.self, #"{"eta":\#(sigma),"geneRate":0.5}"#,
                                         mentioning: "SimulatedBinaryCrossover: eta must be")
        }
        for rate in ["\"nan\"", "-0.1", "1.5"] {
            DecodingChecks.expectRefused(PolynomialMutation.self, #"{"box":\#(unit),"eta":20,"rate":\#(rate)}"#,
                                         mentioning: "PolynomialMutation: rate must be a probability")
            DecodingChecks.expectRefused(SimulatedBinaryCrossover.self, #"{"eta":15,"geneRate":\#(rate)}"#,
                                         mentioning: "SimulatedBinaryCrossover: geneRate must be a probability")
        }
        let insideOut = #"{"lower":[0,1],"upper":[1,0]}"#
        DecodingChecks.expectRefused(GaussianMutation.self, #"{"bounds":{"box":\#(insideOut),"handling":"clip"},"sigma":0.1}"#,
                                     mentioning: "Box: lower[1] must be below upper[1]")
        DecodingChecks.expectRefused(PolynomialMutation.self, #"{"box":\#(insideOut),"eta":20}"#, mentioning: "Box: lower[1]")
        DecodingChecks.expectRefused(SimulatedBinaryCrossover.self, #"{"box":\#(insideOut),"eta":15,"geneRate":0.5}"#,
                                     mentioning: "Box: lower[1]")
        DecodingChecks.expectRefused(CrossoverVariation<SimulatedBinaryCrossover, PolynomialMutation>.self,
                                     #"{"crossover":{"box":{"lower":[0,0,0],"upper":[1,1,1]},"eta":15,"geneRate":0.5},"mutation":{"box":\#(unit),"eta":20}}"#,
                                     mentioning: "CrossoverVariation: mutation has dimension 2, the crossover 3")
    }

    @Test func operatorsWithABoxKnowTheirGenomeDimension() throws {
        let box = Box(dimension: 3, range: 0...1)
        #expect(try GaussianMutation(sigma: 0.1).genomeDimension == nil)
        #expect(try GaussianMutation(sigma: 0.1, bounds: GenomeBounds(box)).genomeDimension == 3)
        #expect(try PolynomialMutation(box: box).genomeDimension == 3)
        #expect(try SimulatedBinaryCrossover().genomeDimension == nil)
        #expect(try SimulatedBinaryCrossover(box: box).genomeDimension == 3)
        #expect(try IsoLineVariation(isoSigma: 0.1, lineSigma: 0.2).genomeDimension == nil)
        #expect(MutationVariation(try GaussianMutation(sigma: 0.1)).genomeDimension == nil)
        #expect(MutationVariation(try PolynomialMutation(box: box)).genomeDimension == 3)
        #expect(try CrossoverVariation(SimulatedBinaryCrossover(), then: GaussianMutation(sigma: 0.1)).genomeDimension == nil)
        #expect(try CrossoverVariation(SimulatedBinaryCrossover(), then: PolynomialMutation(box: box)).genomeDimension == 3)
        #expect(try CrossoverVariation(SimulatedBinaryCrossover(box: box), then: GaussianMutation(sigma: 0.1)).genomeDimension == 3)
        expectRefused("mutation", "SBX over 3-D, polynomial over 2-D") {
            try CrossoverVariation(SimulatedBinaryCrossover(box: box), then: PolynomialMutation(box: Box(dimension: 2, range: 0...1)))
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
