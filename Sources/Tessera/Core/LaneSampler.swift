import _TesseraKernels

/// The ``NormalSampling/lanes`` method: normal noise for many rows at once, each row
/// drawing only from its own stream, four rows side by side in vector lanes.
///
/// A row's deviates come from the 256-layer ziggurat of ``NormalSampler`` with its
/// rejected candidates finished late: positions go in chunks of 256; each position takes
/// its stream's next word as a candidate, accepted inside its layer's rectangle (about
/// 98.8%), and is otherwise written as `base + scale · 0` (or 0) and finished after the
/// chunk, in order, by the wedge or tail test on the stream's next words (adding
/// `scale · z`). A candidate's uniform is the word's top 52 bits on [−1, 1) and its layer
/// the low 8 bits. A row's values depend on its stream alone, never on the rows drawn
/// beside it, so the batch's chunking over workers changes nothing.
public enum LaneSampler {
    /// Writes `bases[r][p] + scale · z` into `outs[r][p]` (or `z` when `bases` is `nil`)
    /// for every row `r` and position `p` in `0..<count`, row r drawing from `streams[r]`,
    /// which ends where the row's draws leave it. `outs[r]` may be `bases[r]`.
    ///
    /// - Complexity: O(rows · count).
    public static func addNoise(rows: Int, bases: UnsafePointer<UnsafePointer<Double>?>?, scale: Double,
                                into outs: UnsafePointer<UnsafeMutablePointer<Double>?>, count: Int,
                                streams: UnsafeMutablePointer<Xoshiro256>, path: KernelPath = .best) {
        guard rows > 0, count > 0 else { return }
        withUnsafeTemporaryAllocation(of: tk_stream.self, capacity: rows) { states in
            for r in 0..<rows {
                let g = streams[r]
                states[r] = tk_stream(s: (g.s0, g.s1, g.s2, g.s3))
            }
            tk_normal_rows(path.rawValue, states.baseAddress, rows, NormalSampler.tables, bases, scale, outs, count)
            for r in 0..<rows {
                let s = states[r].s
                streams[r] = Xoshiro256(state: (s.0, s.1, s.2, s.3))
            }
        }
    }

    /// One row: `base[p] + scale · z` into `out[p]` (or `z` when `base` is `nil`).
    @inlinable
    public static func addNoise(base: UnsafePointer<Double>?, scale: Double, into out: UnsafeMutableBufferPointer<Double>,
                                using rng: inout Xoshiro256) {
        guard let start = out.baseAddress, !out.isEmpty else { return }
        var source: UnsafePointer<Double>? = base
        var target: UnsafeMutablePointer<Double>? = start
        withUnsafePointer(to: &target) { outs in
            withUnsafePointer(to: &source) { bases in
                addNoise(rows: 1, bases: base == nil ? nil : bases, scale: scale, into: outs, count: out.count, streams: &rng)
            }
        }
    }
}
