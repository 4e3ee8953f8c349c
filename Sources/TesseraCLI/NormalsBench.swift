import ArgumentParser
import Foundation
import Tessera

/// `tessera bench normals`: nanoseconds per deviate of each sampler beside the raw
/// generator, as the Gaussian mutation uses them: a batch of rows, each on its own stream.
struct NormalsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normals",
        abstract: "Time the raw xoshiro256** draw, the serial ziggurat and the lane sampler (portable and AVX2) on rows of genes; one JSON line each.")

    @Option(parsing: .unconditional, help: "Genes per row (each row on its own stream).") var length: Int = 100
    @Option(parsing: .unconditional, help: "Rows per batch.") var rows: Int = 540
    @Option(parsing: .unconditional, help: "Deviates drawn per measurement, in millions (at most 1000).") var millions: Int = 100
    @Option(parsing: .unconditional, help: "Repetitions (the median is reported; at most 100).") var repeats: Int = 5

    func validate() throws {
        guard (1...1_000_000).contains(length) else { throw ValidationError("--length must be in 1...1000000") }
        guard (1...100_000).contains(rows) else { throw ValidationError("--rows must be in 1...100000") }
        guard rows * length <= 10_000_000 else { throw ValidationError("--rows × --length must be at most 10,000,000") }
        guard (1...1000).contains(millions) else { throw ValidationError("--millions must be in 1...1000") }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be in 1...100") }
    }

    func run() throws {
        let batches = max(1, millions * 1_000_000 / (length * rows))
        let deviates = Double(batches * rows * length)
        let base = (0..<(rows * length)).map { Double($0 % 17) * 0.125 }
        var out = [Double](repeating: 0, count: rows * length)
        var checksum = 0.0
        func time(_ name: String, _ body: (Int, inout [Xoshiro256]) -> Void) {
            var samples: [Double] = []
            for repeat_ in 0..<repeats {
                let streams = RandomStreams(seed: UInt64(repeat_))
                var generators = (0..<rows).map { streams.stream(iteration: 0, emitter: 0, row: $0) }
                let start = DispatchTime.now().uptimeNanoseconds
                for batch in 0..<batches { body(batch, &generators) }
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / deviates)
                checksum += out[out.count / 2]
            }
            samples.sort()
            let record: [String: Any] = ["sampler": name, "ns_per_deviate": samples[samples.count / 2], "min": samples[0],
                                         "max": samples[samples.count - 1], "row_length": length, "rows": rows,
                                         "best_path": "\(KernelPath.best)"]
            print(String(data: try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), encoding: .utf8)!)
        }
        let d = length
        time("raw-xoshiro256") { _, generators in
            var acc: UInt64 = 0
            for r in 0..<rows {
                var g = generators[r]
                for _ in 0..<d { acc &+= g.next() }
                generators[r] = g
            }
            out[out.count / 2] = Double(acc & 0xFF)
        }
        time("serial-ziggurat") { _, generators in
            base.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    for r in 0..<rows {
                        NormalSampler.addNoise(to: UnsafeBufferPointer(rebasing: b[r * d ..< (r + 1) * d]), scale: 0.5,
                                               into: UnsafeMutableBufferPointer(rebasing: o[r * d ..< (r + 1) * d]), using: &generators[r])
                    }
                }
            }
        }
        for path in KernelPath.allCases {
            time("lanes-\(path)") { _, generators in
                base.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { o in
                        let bases = (0..<rows).map { Optional(b.baseAddress! + $0 * d) }
                        let outs = (0..<rows).map { Optional(o.baseAddress! + $0 * d) }
                        generators.withUnsafeMutableBufferPointer { g in
                            LaneSampler.addNoise(rows: rows, bases: bases, scale: 0.5, into: outs, count: d, streams: g.baseAddress!, path: path)
                        }
                    }
                }
            }
        }
        if checksum.isNaN { print("") }  // keeps the draws alive
    }
}
