import Foundation
import Testing
import Tessera
@testable import TesseraTasks

@Suite struct SineCosineTests {
    @Test func agreesWithLibmAcrossTheArmsRange() {
        var rng = Xoshiro256(seed: 1)
        var worst = 0.0
        for _ in 0..<200_000 {
            let x = (rng.nextUnitDouble() * 2 - 1) * 40
            let (s, c) = SineCosine.of(x)
            worst = max(worst, abs(s - sin(x)), abs(c - cos(x)))
        }
        #expect(worst < 4e-16, "largest absolute error \(worst)")
    }

    @Test func quadrantsAndSpecialPoints() {
        for x in [0.0, Double.pi / 2, Double.pi, -Double.pi / 2, 3 * Double.pi / 2, 1e-300, -1e-300, 12 * Double.pi, 99_999.5, 2e5] {
            let (s, c) = SineCosine.of(x)
            #expect(abs(s - sin(x)) < 1e-15 && abs(c - cos(x)) < 1e-15, "x = \(x)")
        }
        #expect(SineCosine.of(.nan).sin.isNaN)
    }
}
