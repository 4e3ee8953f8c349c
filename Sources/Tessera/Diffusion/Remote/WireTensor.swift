import Foundation

/// How a tensor crosses the denoising-generator protocol (`Docs/DiffusionProtocol.md`): the
/// base64 of its values as little-endian IEEE 754 float32, row-major — numpy's
/// `np.asarray(x, '<f4').tobytes()`.
///
/// Every bit pattern survives the round trip: −0, the infinities, subnormals and NaN
/// payloads included.
public enum WireTensor {
    /// The base64 of `values`' little-endian float32 bytes.
    ///
    /// - Complexity: O(n), one copy of the bytes (none of their order on a little-endian
    ///   machine) and Foundation's base64.
    public static func base64(_ values: [Float]) -> String {
        bytes(values).base64EncodedString()
    }

    /// The little-endian float32 bytes of `values`.
    static func bytes(_ values: [Float]) -> Data {
        #if _endian(little)
        return values.withUnsafeBytes { Data($0) }
        #else
        return values.map(\.bitPattern.littleEndian).withUnsafeBytes { Data($0) }
        #endif
    }

    /// The float32 values of base64 text, or `nil` when it is not base64 of a whole number
    /// of float32 values (4 bytes each).
    ///
    /// - Complexity: O(n).
    public static func floats(base64 text: String) -> [Float]? {
        guard let data = Data(base64Encoded: text), data.count % 4 == 0 else { return nil }
        return floats(data)
    }

    /// The float32 values of little-endian bytes whose count is a multiple of 4.
    static func floats(_ data: Data) -> [Float] {
        let count = data.count / 4
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                #if _endian(little)
                if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[..<(count * 4)])) }
                #else
                for i in 0..<count {
                    buffer[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                }
                #endif
            }
            initialized = count
        }
    }
}
