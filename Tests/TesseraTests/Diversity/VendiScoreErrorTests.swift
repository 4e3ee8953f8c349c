import Testing
@testable import Tessera

/// Bad input to the diversity layer: a thrown ``DiversityError`` with a one-line message,
/// never a crash.
@Suite struct VendiScoreErrorTests {
    private func expectError(_ expected: DiversityError, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(expected)")
        } catch let error as DiversityError {
            #expect(error == expected)
            #expect(!error.description.contains("\n") && error.description.hasPrefix("Vendi score: "))
        } catch {
            Issue.record("not a DiversityError: \(error)")
        }
    }

    @Test func malformedKernels() {
        expectError(.notSquare(rows: 2, columns: 3)) { _ = try VendiScore(kernel: Matrix(rows: 2, columns: 3, repeating: 1)) }
        expectError(.notSymmetric(row: 1, column: 0)) {
            _ = try VendiScore(kernel: Matrix(rows: 2, columns: 2, storage: [1, 0.5, 0.4, 1]))
        }
        expectError(.nonFinite(what: "kernel matrix", index: 1)) {
            _ = try VendiScore(kernel: Matrix(rows: 2, columns: 2, storage: [1, .nan, .nan, 1]))
        }
        expectError(.diagonalNotOne(index: 1, value: 2)) {
            _ = try VendiScore(kernel: Matrix(rows: 2, columns: 2, storage: [1, 0, 0, 2]))
        }
        // Symmetric with unit diagonal but indefinite: eigenvalues of K/2 are 1.5 and −0.5.
        do {
            _ = try VendiScore(kernel: Matrix(rows: 2, columns: 2, storage: [1, 2, 2, 1]))
            Issue.record("an indefinite kernel was accepted")
        } catch {
            guard case .notPositiveSemidefinite(let eigenvalue) = error else { Issue.record("\(error)"); return }
            #expect(abs(eigenvalue + 0.5) < 1e-12)
        }
    }

    @Test func invalidOrders() throws {
        let score = try VendiScore(kernel: .identity(3))
        expectError(.invalidOrder(-1)) { _ = try score.value(.order(-1)) }
        do {
            _ = try score.value(.order(.nan))
            Issue.record("NaN order accepted")
        } catch {
            #expect(error.description.contains("nan"))
        }
        expectError(.invalidOrder(-0.5)) {
            _ = try ArchiveDiversity(descriptors: [0, 0, 1, 1], space: Box(dimension: 2, range: 0...1), order: .order(-0.5))
        }
    }

    @Test func invalidWeights() {
        let k = Matrix.identity(2)
        expectError(.invalidWeights("must hold one value per item (got 3 for 2 items)")) {
            _ = try VendiScore(kernel: k, weights: [0.5, 0.25, 0.25])
        }
        expectError(.invalidWeights("must be finite and non-negative (weight 0 is -0.5)")) {
            _ = try VendiScore(kernel: k, weights: [-0.5, 1.5])
        }
        expectError(.invalidWeights("must sum to 1 (they sum to 2.0)")) { _ = try VendiScore(kernel: k, weights: [1, 1]) }
    }

    @Test func badPointsAndParameters() {
        expectError(.invalidParameter(name: "the bandwidth", problem: "must be positive and finite (got 0.0)")) {
            _ = try RBFKernel(bandwidth: 0)
        }
        expectError(.shapeMismatch("3 values do not make rows of 2")) {
            _ = try RBFKernel(bandwidth: 1).matrix(points: [0, 1, 2], dimension: 2)
        }
        expectError(.nonFinite(what: "points", index: 2)) {
            _ = try RBFKernel(bandwidth: 1).matrix(points: [0, 1, .infinity, 2], dimension: 2)
        }
        expectError(.invalidParameter(name: "the number of random features", problem: "must be between 1 and 65,536 (got 0)")) {
            _ = try RandomFourierFeatures(dimension: 2, bandwidth: 1, count: 0, seed: 1)
        }
        expectError(.nonFinite(what: "descriptors", index: 1)) {
            _ = try ArchiveDiversity(descriptors: [0, .nan], space: Box(dimension: 2, range: 0...1))
        }
        expectError(.shapeMismatch("3 descriptor values do not make rows of 2")) {
            _ = try ArchiveDiversity(descriptors: [0, 0, 1], space: Box(dimension: 2, range: 0...1))
        }
        expectError(.shapeMismatch("feature row 1 is all zeros, so its cosine similarity is undefined")) {
            _ = try VendiScore(features: Matrix(rows: 2, columns: 2, storage: [1, 0, 0, 0]))
        }
    }
}
