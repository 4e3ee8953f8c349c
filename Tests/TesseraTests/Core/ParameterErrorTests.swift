import Testing
@testable import Tessera

@Suite struct ParameterErrorTests {
    @Test func describesTheTypeTheParameterAndTheProblemInOneLine() {
        let error = ParameterError(type: "GaussianMutation", parameter: "sigma", problem: "must be finite and non-negative (got nan)")
        #expect(error.description == "GaussianMutation: sigma must be finite and non-negative (got nan)")
    }

    @Test func requireNamesTheTypeWithoutItsGenericArguments() {
        #expect(throws: ParameterError(type: "VectorEmitter", parameter: "batchSize", problem: "must be at least 1 (got 0)")) {
            try ParameterError.requirePositive(0, VectorEmitter<UniformSelection, IsoLineVariation>.self, "batchSize")
        }
        #expect(throws: Never.self) { try ParameterError.requirePositive(1, Int.self, "count") }
    }
}
