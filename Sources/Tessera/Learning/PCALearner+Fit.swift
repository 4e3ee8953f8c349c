extension PCALearner {
    /// Fits the mean and principal components to `count` rows.
    ///
    /// The rows are centred in Double. With ``Solver/automatic`` and `count ≥
    /// inputDimension` the covariance `CᵀC / (count − 1)` of the centred rows `C` is formed
    /// by BLAS `dsyrk` and decomposed by LAPACK `dsyevd`; otherwise the thin SVD of `C`
    /// (`dgesdd`) gives the components and variances `σ² / (count − 1)`. Each component is
    /// signed so that its largest-magnitude entry is positive.
    ///
    /// The report's ``LearnerFit/trainingLoss`` is the exact mean reconstruction error on
    /// the rows, `(count − 1) / (count · d) · Σ` of the discarded variances;
    /// ``LearnerFit/explainedVarianceRatio`` is the kept share of the total variance (1
    /// when the rows have none) and ``LearnerFit/components`` the number kept. The seed is
    /// not used: the fit has no random choices.
    ///
    /// - Parameters:
    ///   - observations: `count × inputDimension` Floats, row-major.
    ///   - count: The number of rows, at least 2.
    ///   - seed: Unused; part of the ``DescriptorLearner`` interface.
    /// - Returns: The fit report, with 0 epochs.
    /// - Throws: ``LearnerError/observationSize(elements:count:inputDimension:)``,
    ///   ``LearnerError/nonFiniteValue(row:column:)``, ``LearnerError/tooFewRows(count:minimum:)``
    ///   below 2 rows, ``LearnerError/lapackFailure(_:)``. The learner is unchanged when it throws.
    /// - Complexity: O(`count` × `d`² / 2 + `d`³) with the covariance,
    ///   O(`count`² × `d`) with the SVD, for `d = inputDimension`.
    @discardableResult
    public mutating func fit(_ observations: [Float], count: Int, seed: UInt64) throws -> LearnerFit {
        let start = ContinuousClock.now
        try LearnerError.checkObservations(observations, count: count, inputDimension: inputDimension)
        guard count >= 2 else { throw LearnerError.tooFewRows(count: count, minimum: 2) }
        let d = inputDimension
        let n = count

        var mu = [Double](repeating: 0, count: d)
        var centred = [Double](repeating: 0, count: n * d)
        var total = 0.0
        observations.withUnsafeBufferPointer { x in
            mu.withUnsafeMutableBufferPointer { mu in
                for i in 0..<n {
                    for j in 0..<d { mu[j] += Double(x[i * d + j]) }
                }
                for j in 0..<d { mu[j] /= Double(n) }
                centred.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n {
                        for j in 0..<d {
                            let value = Double(x[i * d + j]) - mu[j]
                            c[i * d + j] = value
                            total += value * value
                        }
                    }
                }
            }
        }
        total /= Double(n - 1)

        // Eigenpairs in decreasing order: `vectors` holds one component per row.
        let values: [Double]
        let vectors: [Double]
        let useEigen = solver == .covarianceEigen || (solver == .automatic && n >= d)
        do {
            if useEigen {
                var scatter = Matrix(rows: d, columns: d)
                centred.withUnsafeBufferPointer { c in
                    scatter.withUnsafeMutableStorage { s in
                        BLAS.syrkLower(.transposed, n: d, k: n, alpha: 1 / Double(n - 1), a: c, lda: d, c: s, ldc: d)
                    }
                }
                let eigen = try SymmetricEigen(scatter)
                values = eigen.values.reversed()
                var rows = [Double](repeating: 0, count: d * d)
                eigen.vectors.storage.withUnsafeBufferPointer { v in
                    for r in 0..<d {
                        let column = d - 1 - r
                        for i in 0..<d { rows[r * d + i] = v[i * d + column] }
                    }
                }
                vectors = rows
            } else {
                let svd = try SingularValueDecomposition(Matrix(rows: n, columns: d, storage: centred))
                values = svd.singularValues.map { $0 * $0 / Double(n - 1) }
                vectors = svd.vt.storage
            }
        } catch {
            throw LearnerError.lapackFailure(error)
        }

        let available = values.count
        let clamped = values.map { max(0, $0) }
        let kept: Int
        switch components {
        case .count(let k):
            kept = min(k, available)
        case .explainedVariance(let fraction, let maximum):
            if total <= 0 {
                kept = 0
            } else {
                var cumulative = 0.0
                var chosen = min(maximum, available)
                for j in 0..<min(maximum, available) {
                    cumulative += clamped[j]
                    if cumulative >= fraction * total * (1 - 1e-12) {
                        chosen = j + 1
                        break
                    }
                }
                kept = chosen
            }
        }

        let k = codeDimension
        var newBasis = [Double](repeating: 0, count: k * d)
        var newVariances = [Double](repeating: 0, count: k)
        for r in 0..<kept {
            let row = vectors[(r * d)..<((r + 1) * d)]
            var largest = row.startIndex
            for i in row.indices where abs(row[i]) > abs(row[largest]) { largest = i }
            let sign: Double = row[largest] < 0 ? -1 : 1
            for (offset, value) in row.enumerated() { newBasis[r * d + offset] = sign * value }
            newVariances[r] = clamped[r]
        }
        let keptVariance = newVariances.reduce(0, +)
        let discarded = clamped[kept...].reduce(0, +)

        mean = mu
        basis = newBasis
        variances = newVariances
        activeComponents = kept
        isFitted = true
        return LearnerFit(
            rows: n, epochs: 0,
            trainingLoss: Double(n - 1) / Double(n * d) * discarded,
            explainedVarianceRatio: total > 0 ? min(1, keptVariance / total) : 1,
            components: kept, seconds: start.secondsElapsed)
    }
}
