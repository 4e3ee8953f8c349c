/// The two checksums of a PNG file: CRC-32 over each chunk and Adler-32 over the zlib
/// stream inside the image data.
enum PNGChecksum {
    /// The CRC-32 lookup table of the reflected polynomial `0xEDB88320` (ISO 3309, the
    /// checksum of PNG chunks, zip and Ethernet).
    private static let crcTable: [UInt32] = (0..<256).map { byte in
        var c = UInt32(byte)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`, as a PNG chunk stores it (PNG specification, annex D).
    ///
    /// - Parameter bytes: The chunk type followed by the chunk data.
    /// - Returns: The checksum; `0xCBF43926` for the ASCII text `"123456789"`.
    /// - Complexity: O(*n*) in the number of bytes.
    static func crc32<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    /// The Adler-32 of `bytes`, the trailer of a zlib stream (RFC 1950, section 8).
    ///
    /// - Parameter bytes: The uncompressed data.
    /// - Returns: The checksum; `0x11E60398` for the ASCII text `"Wikipedia"`.
    /// - Complexity: O(*n*) in the number of bytes.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        let modulus: UInt32 = 65_521
        var a: UInt32 = 1, b: UInt32 = 0
        // 5,552 bytes is the longest run whose sums cannot overflow 32 bits before the modulo.
        var start = 0
        while start < bytes.count {
            let end = min(start + 5_552, bytes.count)
            for index in start..<end {
                a += UInt32(bytes[index])
                b += a
            }
            a %= modulus
            b %= modulus
            start = end
        }
        return b << 16 | a
    }
}
