import Foundation

/// Genomes stored as one BLOB: IEEE numbers back to back, little-endian, in row-major
/// order (`vector_blob`: 8-byte doubles; `tensor`: 4-byte floats).
enum GenomeBlob {
    /// Why a stored BLOB is not a genome.
    struct Problem: Error {
        let text: String
    }

    /// The bytes of `values`, little-endian.
    ///
    /// - Complexity: O(values.count).
    static func encode(_ values: UnsafeBufferPointer<Double>) -> Data {
        var data = Data(count: values.count * MemoryLayout<UInt64>.size)
        data.withUnsafeMutableBytes { raw in
            for (i, value) in values.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: i * MemoryLayout<UInt64>.size, as: UInt64.self)
            }
        }
        return data
    }

    /// The bytes of `values`, little-endian.
    ///
    /// - Complexity: O(values.count).
    static func encode(_ values: UnsafeBufferPointer<Float>) -> Data {
        var data = Data(count: values.count * MemoryLayout<UInt32>.size)
        data.withUnsafeMutableBytes { raw in
            for (i, value) in values.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: i * MemoryLayout<UInt32>.size, as: UInt32.self)
            }
        }
        return data
    }

    /// Reads `count` doubles, checking the BLOB's length and that every value is finite.
    ///
    /// - Throws: ``Problem`` naming the length or the first value at fault.
    static func doubles(_ data: Data, count: Int) throws -> [Double] {
        try check(data, count: count, size: MemoryLayout<UInt64>.size)
        var out = [Double](repeating: 0, count: count)
        try data.withUnsafeBytes { raw in
            for i in 0..<count {
                let value = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
                guard value.isFinite else { throw Problem(text: "genome value \(i) is not finite") }
                out[i] = value
            }
        }
        return out
    }

    /// Reads `count` floats, checking the BLOB's length and that every value is finite.
    ///
    /// - Throws: ``Problem`` naming the length or the first value at fault.
    static func floats(_ data: Data, count: Int) throws -> [Float] {
        try check(data, count: count, size: MemoryLayout<UInt32>.size)
        var out = [Float](repeating: 0, count: count)
        try data.withUnsafeBytes { raw in
            for i in 0..<count {
                let value = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                guard value.isFinite else { throw Problem(text: "genome value \(i) is not finite") }
                out[i] = value
            }
        }
        return out
    }

    private static func check(_ data: Data, count: Int, size: Int) throws {
        guard data.count == count * size else {
            throw Problem(text: "its genome BLOB has \(data.count) bytes, not \(count) values of \(size) bytes (\(count * size))")
        }
    }
}
