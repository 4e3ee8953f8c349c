extension RBFKernel {
    /// The median heuristic for the bandwidth: the median Euclidean distance between
    /// distinct pairs of points (`i < j`; the zero self-distances are left out).
    ///
    /// When more than `sampleLimit` points are given, the median is estimated on
    /// `sampleLimit` of them drawn without replacement from `rng`. When that median is 0
    /// (most pairs coincide) the median of the positive distances is used instead; when
    /// every distance is 0 the result is 0, and no RBF kernel can be built from it.
    ///
    /// - Parameters:
    ///   - points: `n × dimension` values, row-major, finite.
    ///   - dimension: Components per point, at least 1.
    ///   - sampleLimit: The most points the estimate looks at, at least 2.
    ///   - rng: The generator that draws the sample (untouched when `n ≤ sampleLimit`).
    /// - Returns: The median distance, or 0 when the points all coincide (or fewer than 2).
    /// - Throws: The shape and value errors of ``matrix(points:dimension:)``;
    ///   ``DiversityError/invalidParameter(name:problem:)`` for `sampleLimit < 2`.
    /// - Complexity: O(s² · dimension) time and O(s²) memory for `s = min(n, sampleLimit)`
    ///   (a selection, not a sort).
    public static func medianDistance(points: [Double], dimension: Int, sampleLimit: Int = 2_000,
                                      using rng: inout some RandomNumberGenerator) throws(DiversityError) -> Double {
        let n = try rowCount(points, dimension: dimension)
        guard sampleLimit >= 2 else {
            throw .invalidParameter(name: "the sample limit", problem: "must be at least 2 (got \(sampleLimit))")
        }
        guard n >= 2 else { return 0 }
        var rows = Array(0..<n)
        if n > sampleLimit {
            // A partial Fisher–Yates shuffle: the first sampleLimit rows are the sample.
            for i in 0..<sampleLimit {
                rows.swapAt(i, i + rng.nextIndex(below: n - i))
            }
            rows.removeSubrange(sampleLimit...)
        }
        let s = rows.count
        var distances = [Double]()
        distances.reserveCapacity(s * (s - 1) / 2)
        points.withUnsafeBufferPointer { x in
            for a in 1..<s {
                let ra = rows[a] * dimension
                for b in 0..<a {
                    let rb = rows[b] * dimension
                    var squared = 0.0
                    for c in 0..<dimension {
                        let delta = x[ra + c] - x[rb + c]
                        squared += delta * delta
                    }
                    distances.append(squared.squareRoot())
                }
            }
        }
        var median = Self.median(&distances)
        if median == 0 {
            var positive = distances.filter { $0 > 0 }
            median = positive.isEmpty ? 0 : Self.median(&positive)
        }
        return median
    }

    /// The median of `values` (the mean of the two middle values for an even count),
    /// found by selection; `values` is reordered.
    ///
    /// - Precondition: `values` is not empty and holds no NaN.
    /// - Complexity: O(n) expected.
    static func median(_ values: inout [Double]) -> Double {
        precondition(!values.isEmpty, "the median of nothing")
        let count = values.count
        let upper = count / 2
        return values.withUnsafeMutableBufferPointer { v in
            select(v, upper)
            if count % 2 == 1 { return v[upper] }
            // After selection every element before `upper` is at most v[upper].
            var lower = v[0]
            for i in 1..<upper { lower = max(lower, v[i]) }
            return (lower + v[upper]) / 2
        }
    }

    /// Moves the `k`-th smallest element to index `k`, smaller or equal ones before it and
    /// greater or equal ones after it (quickselect, median-of-three pivots, Hoare partition).
    static func select(_ v: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var low = 0
        var high = v.count - 1
        while high > low {
            let mid = low + (high - low) / 2
            // Order v[low], v[mid], v[high]; the median of the three is the pivot.
            if v[mid] < v[low] { v.swapAt(mid, low) }
            if v[high] < v[low] { v.swapAt(high, low) }
            if v[high] < v[mid] { v.swapAt(high, mid) }
            let pivot = v[mid]
            var i = low
            var j = high
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now v[low...j] ≤ pivot ≤ v[i...high], and v[j+1..<i] == pivot.
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return
            }
        }
    }
}
