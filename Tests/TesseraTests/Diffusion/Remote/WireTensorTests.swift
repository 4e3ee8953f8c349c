import Foundation
import Testing
@testable import Tessera

/// ``WireTensor``: float32 bit patterns survive base64 exactly, in little-endian order, and
/// text that is not base64 of whole float32 values is refused.
@Suite struct WireTensorTests {
    @Test func everyBitPatternRoundTrips() throws {
        let patterns: [UInt32] = [
            0x0000_0000, 0x8000_0000,  // +0, −0
            0x7F80_0000, 0xFF80_0000,  // ±∞
            0x7FC0_0000, 0x7FC1_2345, 0xFFC0_0001, 0x7F80_0001,  // NaNs: quiet, payloads, signalling
            0x0000_0001, 0x007F_FFFF, 0x8000_0001,  // subnormals
            0x0080_0000, 0x7F7F_FFFF, 0x3F80_0000, 0xC020_0000, 0x3EAA_AAAB,  // normals
        ]
        let values = patterns.map(Float.init(bitPattern:))
        let text = WireTensor.base64(values)
        let back = try #require(WireTensor.floats(base64: text))
        #expect(back.map(\.bitPattern) == patterns)
        #expect(WireTensor.floats(base64: WireTensor.base64([])) == [])
        // A longer tensor, as a batch of latents is.
        let long = (0..<10_001).map { Float(bitPattern: UInt32(truncatingIfNeeded: $0 &* 2_654_435_761)) }
        #expect(try #require(WireTensor.floats(base64: WireTensor.base64(long))).map(\.bitPattern) == long.map(\.bitPattern))
    }

    /// 1.0 is 00 00 80 3F and −2.5 is 00 00 20 C0 in little-endian float32
    /// (numpy: `np.array([1, -2.5], '<f4').tobytes()`).
    @Test func bytesAreLittleEndianFloat32() throws {
        #expect(WireTensor.base64([1.0, -2.5]) == "AACAPwAAIMA=")
        #expect(Array(WireTensor.bytes([1.0, -2.5])) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
        #expect(WireTensor.floats(base64: "AACAPwAAIMA=") == [1.0, -2.5])
    }

    @Test func textThatIsNotWholeFloatsIsRefused() {
        #expect(WireTensor.floats(base64: "AACA") == nil, "3 bytes")
        #expect(WireTensor.floats(base64: "AACAPwA=") == nil, "5 bytes")
        #expect(WireTensor.floats(base64: "not base64!") == nil)
    }
}
