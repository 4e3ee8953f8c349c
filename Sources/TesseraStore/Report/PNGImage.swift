import Foundation

/// An 8-bit RGB image and its PNG encoding, small enough to inline in a report as a
/// `data:` URL.
///
/// The encoding favours simplicity over size: one `IHDR`, one `IDAT` and one `IEND`
/// chunk; every scanline has filter type 0 (none), and the zlib stream holds stored
/// (uncompressed) deflate blocks of at most 65,535 bytes, followed by the Adler-32 of the
/// scanlines (RFC 1950, RFC 1951 section 3.2.4, PNG specification sections 11.2 and 12).
/// A `w` × `h` image takes about `3wh + h` bytes plus 5 per block and 57 in all.
struct PNGImage: Sendable, Equatable {
    /// The largest width or height accepted.
    static let maximumSide = 4_096
    /// The most bytes in one stored deflate block (its `LEN` field is 16 bits).
    static let maximumBlock = 65_535

    /// The number of columns, in `1...maximumSide`.
    let width: Int
    /// The number of rows, in `1...maximumSide`.
    let height: Int
    /// Red, green and blue of each pixel, row-major from the top left: `3 * width * height` bytes.
    let rgb: [UInt8]

    /// Creates an image of `width` × `height` pixels.
    ///
    /// - Parameters:
    ///   - width: The number of columns.
    ///   - height: The number of rows.
    ///   - rgb: Red, green and blue of each pixel, row-major, `3 * width * height` bytes.
    /// - Throws: ``ReportError`` unless both sides are in `1...4096` and `rgb` holds three
    ///   bytes per pixel.
    init(width: Int, height: Int, rgb: [UInt8]) throws {
        guard (1...Self.maximumSide).contains(width) && (1...Self.maximumSide).contains(height) else {
            throw ReportError("a picture of \(width) x \(height) pixels; each side must be between 1 and \(Self.maximumSide)")
        }
        guard rgb.count == 3 * width * height else {
            throw ReportError("\(rgb.count) colour bytes for a picture of \(width) x \(height) pixels; it needs \(3 * width * height)")
        }
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// The PNG file: signature, `IHDR`, `IDAT` and `IEND`.
    ///
    /// - Returns: The bytes of a valid PNG file, the same for the same image.
    /// - Complexity: O(*w* · *h*).
    func encoded() -> Data {
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = [UInt8]()
        Self.appendBigEndian(UInt32(width), to: &header)
        Self.appendBigEndian(UInt32(height), to: &header)
        // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
        header += [8, 2, 0, 0, 0]
        Self.appendChunk("IHDR", header, to: &file)
        Self.appendChunk("IDAT", zlibStream(), to: &file)
        Self.appendChunk("IEND", [], to: &file)
        return Data(file)
    }

    /// The scanlines, each a filter byte 0 and then `3 * width` colour bytes.
    private func scanlines() -> [UInt8] {
        let stride = 3 * width
        var lines = [UInt8]()
        lines.reserveCapacity((stride + 1) * height)
        for row in 0..<height {
            lines.append(0)
            lines += rgb[(row * stride)..<((row + 1) * stride)]
        }
        return lines
    }

    /// The scanlines as a zlib stream of stored deflate blocks.
    private func zlibStream() -> [UInt8] {
        let raw = scanlines()
        let blocks = max(1, (raw.count + Self.maximumBlock - 1) / Self.maximumBlock)
        var stream = [UInt8]()
        stream.reserveCapacity(raw.count + 5 * blocks + 6)
        // CMF: deflate with a 32 KiB window; FLG: no dictionary, check bits making 0x7801 a multiple of 31.
        stream += [0x78, 0x01]
        for block in 0..<blocks {
            let start = block * Self.maximumBlock
            let end = min(start + Self.maximumBlock, raw.count)
            let length = UInt16(end - start)
            // BFINAL on the last block, BTYPE 00 (stored); the rest of the byte pads to a byte boundary.
            stream.append(block == blocks - 1 ? 1 : 0)
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream += raw[start..<end]
        }
        Self.appendBigEndian(PNGChecksum.adler32(raw), to: &stream)
        return stream
    }

    /// Appends a chunk: its length, type, data and the CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &file)
        let start = file.count
        file += type.utf8
        file += data
        appendBigEndian(PNGChecksum.crc32(file[start...]), to: &file)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
