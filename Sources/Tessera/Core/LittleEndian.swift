import Foundation

/// IEEE numbers as bytes, back to back, little-endian: how files store binary genomes
/// and binary run state, whatever the machine's byte order.
public enum LittleEndian {
    /// The bytes of `values`.
    ///
    /// - Complexity: O(values.count); one copy on little-endian machines.
    public static func bytes<T: LittleEndianFloat>(of values: UnsafeBufferPointer<T>) -> Data {
        #if _endian(little)
        return Data(buffer: values)
        #else
        return Data(values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { Array($0) })
        #endif
    }

    /// The numbers `bytes` holds, or `nil` when its length is not a whole number of them.
    public static func values<T: LittleEndianFloat>(_ type: T.Type, from bytes: Data) -> [T]? {
        let size = MemoryLayout<T>.size
        guard bytes.count % size == 0 else { return nil }
        var values = [T](repeating: 0, count: bytes.count / size)
        values.withUnsafeMutableBytes { out in bytes.withUnsafeBytes { out.copyMemory(from: $0) } }
        #if !_endian(little)
        values = values.map { T(bitPattern: T.BitPattern(littleEndian: $0.bitPattern)) }
        #endif
        return values
    }
}

/// `Double` and `Float`: the numbers ``LittleEndian`` stores.
public protocol LittleEndianFloat: BinaryFloatingPoint {
    /// The integer of the same width.
    associatedtype BitPattern: FixedWidthInteger
    init(bitPattern: BitPattern)
    var bitPattern: BitPattern { get }
}

extension Double: LittleEndianFloat {}
extension Float: LittleEndianFloat {}
