import Foundation
import Tessera

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
    static func encode(_ values: UnsafeBufferPointer<Double>) -> Data { LittleEndian.bytes(of: values) }

    /// The bytes of `values`, little-endian.
    ///
    /// - Complexity: O(values.count).
    static func encode(_ values: UnsafeBufferPointer<Float>) -> Data { LittleEndian.bytes(of: values) }

    /// Reads `count` doubles, checking the BLOB's length and that every value is finite.
    ///
    /// - Throws: ``Problem`` naming the length or the first value at fault.
    static func doubles(_ data: Data, count: Int) throws -> [Double] { try decode(Double.self, data, count: count) }

    /// Reads `count` floats, checking the BLOB's length and that every value is finite.
    ///
    /// - Throws: ``Problem`` naming the length or the first value at fault.
    static func floats(_ data: Data, count: Int) throws -> [Float] { try decode(Float.self, data, count: count) }

    private static func decode<T: LittleEndianFloat>(_ type: T.Type, _ data: Data, count: Int) throws -> [T] {
        try check(data, count: count, size: MemoryLayout<T>.size)
        let values = LittleEndian.values(T.self, from: data) ?? []
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw Problem(text: "genome value \(bad) is not finite") }
        return values
    }

    private static func check(_ data: Data, count: Int, size: Int) throws {
        guard data.count == count * size else {
            throw Problem(text: "its genome BLOB has \(data.count) bytes, not \(count) values of \(size) bytes (\(count * size))")
        }
    }
}
