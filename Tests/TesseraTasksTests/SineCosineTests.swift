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

    @Test func theVectorKernelGivesTheScalarKernelsBits() {
        var rng = Xoshiro256(seed: 2)
        for _ in 0..<50_000 {
            let x = SIMD4<Double>((0..<4).map { _ in (rng.nextUnitDouble() * 2 - 1) * 60 })
            guard let (s, c) = SineCosine.of(x) else {
                Issue.record("angles within ±60 stay in the vector kernel's range")
                return
            }
            for lane in 0..<4 {
                let (s1, c1) = SineCosine.of(x[lane])
                #expect(s[lane].bitPattern == s1.bitPattern && c[lane].bitPattern == c1.bitPattern, "x = \(x[lane])")
            }
        }
        let special = SIMD4<Double>(0, -Double.pi / 2, 3 * Double.pi / 2, -1e-300)
        let (s, c) = SineCosine.of(special)!
        for lane in 0..<4 { #expect(s[lane].bitPattern == SineCosine.of(special[lane]).sin.bitPattern && c[lane].bitPattern == SineCosine.of(special[lane]).cos.bitPattern) }
        #expect(SineCosine.of(SIMD4<Double>(0, 1, 2e5, 3)) == nil, "beyond 1e5 the caller takes the scalar path")
    }
}
