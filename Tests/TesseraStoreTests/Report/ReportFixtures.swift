import Foundation
import TesseraStore

/// A seeded SplitMix64 generator, so fixtures are the same on every run.
struct FixtureRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Sample report inputs for the tests.
enum ReportFixtures {
    /// A 2-D grid archive over `[-1, 1]²` with each cell occupied with probability `occupancy`.
    static func grid(shape: [Int] = [20, 20], occupancy: Double = 0.6, seed: UInt64 = 1,
                     history: [ReportHistoryPoint]? = nil) -> ReportInput {
        var random = FixtureRandom(seed: seed)
        var elites = [ReportElite]()
        for i0 in 0..<shape[0] {
            for i1 in 0..<shape[1] where Double.random(in: 0..<1, using: &random) < occupancy {
                let x = -1 + 2 * (Double(i0) + 0.5) / Double(shape[0])
                let y = -1 + 2 * (Double(i1) + 0.5) / Double(shape[1])
                elites.append(ReportElite(cell: i0 * shape[1] + i1, objective: -(x * x + y * y), descriptor: [x, y],
                                          genomePreview: "[\(i0), \(i1)]", evaluation: elites.count * 10))
            }
        }
        return ReportInput(title: "Sphere grid", configuration: [ReportField(key: "seed", value: "\(seed)")],
                           archive: .grid(shape: shape, lower: [-1, -1], upper: [1, 1]), elites: elites,
                           history: history ?? sampleHistory(count: 30), summary: [ReportField(key: "Elites", value: "\(elites.count)")])
    }

    /// A 2-D CVT archive with `count` uniform centroids in `[0, 2] × [0, 1]`, each cell
    /// occupied with probability `occupancy`.
    static func cvt(count: Int = 300, occupancy: Double = 0.7, seed: UInt64 = 2) -> ReportInput {
        var random = FixtureRandom(seed: seed)
        let centroids = uniformPoints(count: count, lower: [0, 0], upper: [2, 1], using: &random)
        var elites = [ReportElite]()
        for cell in 0..<count where Double.random(in: 0..<1, using: &random) < occupancy {
            let x = centroids[2 * cell]
            let y = centroids[2 * cell + 1]
            elites.append(ReportElite(cell: cell, objective: x + y, descriptor: [x, y], genomePreview: "g\(cell)",
                                      evaluation: cell))
        }
        return ReportInput(title: "CVT", archive: .cvt(centroids: centroids, dimension: 2, lower: [0, 0], upper: [2, 1]),
                           elites: elites, history: sampleHistory(count: 12))
    }

    /// `count` points drawn uniformly from a 2-D box, flat `[count, 2]`.
    static func uniformPoints(count: Int, lower: [Double], upper: [Double],
                              using random: inout FixtureRandom) -> [Double] {
        var points = [Double]()
        points.reserveCapacity(2 * count)
        for _ in 0..<count {
            points.append(Double.random(in: lower[0]...upper[0], using: &random))
            points.append(Double.random(in: lower[1]...upper[1], using: &random))
        }
        return points
    }

    /// A growing history with one point every 100 evaluations.
    static func sampleHistory(count: Int) -> [ReportHistoryPoint] {
        (0..<count).map { k in
            ReportHistoryPoint(evaluations: (k + 1) * 100, qdScore: Double(k * k), coverage: Double(k) / Double(count),
                               bestObjective: k == 0 ? nil : -1 / Double(k), failed: k / 3)
        }
    }

    /// A smooth terrain of `width` × `height` heights spanning about 1: two crossing waves
    /// and a hill, shifted by `seed`.
    static func terrain(width: Int = 128, height: Int = 128, seed: Int = 0) -> [Float] {
        (0..<(width * height)).map { index in
            let x = Double(index % width) / Double(width), y = Double(index / width) / Double(height)
            let phase = Double(seed) * 0.7
            let waves = 0.25 * sin(6 * x + phase) + 0.2 * cos(5 * y - phase)
            let hill = 0.5 * exp(-((x - 0.6) * (x - 0.6) + (y - 0.4) * (y - 0.4)) * 12)
            return Float(waves + hill)
        }
    }

    /// The number of non-overlapping occurrences of `needle` in `text`.
    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
