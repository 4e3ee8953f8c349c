import Testing
@testable import Tessera

@Suite struct LinearAlgebraErrorTests {
    @Test func mapsInfoCodes() {
        let positive = { (routine: String, info: Int) in LinearAlgebraError.noConvergence(routine: routine, info: info) }
        #expect(throws: Never.self) { try LinearAlgebraError.check(0, routine: "dsyevd", positive: positive) }
        #expect(throws: LinearAlgebraError.noConvergence(routine: "dsyevd", info: 3)) {
            try LinearAlgebraError.check(3, routine: "dsyevd", positive: positive)
        }
        #expect(throws: LinearAlgebraError.illegalArgument(routine: "dsyevd", info: -5)) {
            try LinearAlgebraError.check(-5, routine: "dsyevd", positive: positive)
        }
        #expect(throws: LinearAlgebraError.outOfMemory(routine: "dsyevd", info: -1010)) {
            try LinearAlgebraError.check(-1010, routine: "dsyevd", positive: positive)
        }
    }

    @Test func namesRoutineAndCode() {
        let error = LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", info: 2)
        #expect(error.routine == "dpotrf" && error.info == 2)
        #expect(error.description.contains("dpotrf") && error.description.contains("2"))
        let illegal = LinearAlgebraError.illegalArgument(routine: "dgesdd", info: -4)
        #expect(illegal.routine == "dgesdd" && illegal.description.contains("argument 4"))
        #expect(LinearAlgebraError.nonFiniteInput(routine: "dpotrf").info == 0)
    }
}
