import Foundation

/// What this machine can hold: the memory a run may plan to use, against which every
/// size a user gives (batch, cells, genome dimension, samples) is checked before anything
/// is allocated.
public struct MachineLimits: Sendable {
    /// The bytes a run may plan for.
    public var memoryBytes: UInt64
    /// The machine's physical memory.
    public var physicalMemoryBytes: UInt64

    /// A limit of `memoryBytes` on a machine of `physicalMemoryBytes`.
    public init(memoryBytes: UInt64, physicalMemoryBytes: UInt64) {
        self.memoryBytes = memoryBytes
        self.physicalMemoryBytes = physicalMemoryBytes
    }

    /// Half of this machine's physical memory: room for the operating system, the
    /// domain's own memory and SQLite's page cache.
    public static var current: MachineLimits {
        let physical = ProcessInfo.processInfo.physicalMemory
        return MachineLimits(memoryBytes: physical / 2, physicalMemoryBytes: physical)
    }

    /// `bytes` for people: `12.0 GiB`.
    public func describe(_ bytes: Double) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) bytes" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// "in 12.0 GiB (half of this machine's 24.0 GiB)".
    public var describeBudget: String {
        "in \(describe(Double(memoryBytes))) (half of this machine's \(describe(Double(physicalMemoryBytes))))"
    }
}
