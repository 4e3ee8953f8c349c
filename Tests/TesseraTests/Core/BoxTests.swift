import Testing
import TesseraTestSupport
@testable import Tessera

@Suite struct BoxTests {
    @Test func theValidatingInitialiserRefusesBoundsThatDoNotMakeABox() throws {
        let cases: [([Double], [Double], String)] = [
            ([], [], "Box: lower must hold at least one bound"),
            ([0, 0], [1], "Box: upper has 1 bounds, lower has 2"),
            ([0, .nan], [1, 1], "Box: lower[1] must be finite (got nan)"),
            ([0, 0], [1, .infinity], "Box: upper[1] must be finite (got inf)"),
            ([0, 2], [1, 1], "Box: lower[1] must be below upper[1] (got 2.0 and 1.0)"),
            ([1], [1], "Box: lower[0] must be below upper[0] (got 1.0 and 1.0)"),
        ]
        for (lower, upper, message) in cases {
            #expect("\(lower) to \(upper)") {
                try Box(validatingLower: lower, upper: upper)
            } throws: { error in
                (error as? ParameterError)?.description == message
            }
        }
        let box = try Box(validatingLower: [-1, 0], upper: [1, 0.5])
        #expect(box == Box(lower: [-1, 0], upper: [1, 0.5]))
        #expect(box.dimension == 2)
    }

    @Test func decodingChecksTheBoundsAndKeepsTheFormat() throws {
        let box = Box(lower: [-1, 0], upper: [1, 0.5])
        #expect(try DecodingChecks.expectRoundTrip(box) == box)
        #expect(try DecodingChecks.encode(box) == #"{"lower":[-1,0],"upper":[1,0.5]}"#)
        DecodingChecks.expectRefused(Box.self, #"{"lower":[],"upper":[]}"#, mentioning: "Box: lower must hold at least one bound")
        DecodingChecks.expectRefused(Box.self, #"{"lower":[0,0],"upper":[1]}"#, mentioning: "Box: upper has 1 bounds, lower has 2")
        DecodingChecks.expectRefused(Box.self, #"{"lower":["nan"],"upper":[1]}"#, mentioning: "Box: lower[0] must be finite")
        DecodingChecks.expectRefused(Box.self, #"{"lower":[0],"upper":["inf"]}"#, mentioning: "Box: upper[0] must be finite")
        DecodingChecks.expectRefused(Box.self, #"{"lower":[0,3],"upper":[1,2]}"#,
                                     mentioning: "Box: lower[1] must be below upper[1] (got 3.0 and 2.0)")
    }

    @Test func genomeBoundsDecodeTheirBoxWithItsChecks() throws {
        let bounds = GenomeBounds(Box(dimension: 3, range: -2...2), handling: .reflect)
        #expect(try DecodingChecks.expectRoundTrip(bounds) == bounds)
        DecodingChecks.expectRefused(GenomeBounds.self, #"{"box":{"lower":[0,1],"upper":[1,1]},"handling":"clip"}"#,
                                     mentioning: "Box: lower[1] must be below upper[1]")
        #expect(throws: DecodingError.self, "an unknown handling") {
            try DecodingChecks.decode(GenomeBounds.self, from: #"{"box":{"lower":[0],"upper":[1]},"handling":"wrap"}"#)
        }
    }
}
