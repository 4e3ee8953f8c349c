import Foundation
import Testing
@testable import TesseraStore

/// A PNG file read back by hand: chunks with their CRCs, the zlib stream's stored blocks
/// and Adler-32, and the pixels. Checksums are recomputed here bit by bit, independently
/// of the encoder's tables.
struct DecodedPNG {
    struct Chunk {
        var type: String
        var data: [UInt8]
    }

    var chunks: [Chunk] = []
    var width = 0
    var height = 0
    /// The length of each stored deflate block, in order.
    var blockLengths: [Int] = []
    /// Red, green and blue of each pixel, row-major.
    var rgb: [UInt8] = []

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 0 ? 0 : 0xEDB8_8320) }
        }
        return ~crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        func word(_ at: Int) throws -> UInt32 {
            try #require(at + 4 <= bytes.count, "truncated at byte \(at)")
            return bytes[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) }
        }
        try #require(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG signature")
        var at = 8
        while at < bytes.count {
            let length = Int(try word(at))
            try #require(at + 12 + length <= bytes.count, "chunk at \(at) runs past the end")
            let typeAndData = Array(bytes[(at + 4)..<(at + 8 + length)])
            #expect(try word(at + 8 + length) == Self.crc32(typeAndData), "CRC of the chunk at byte \(at)")
            chunks.append(Chunk(type: String(decoding: typeAndData.prefix(4), as: UTF8.self), data: Array(typeAndData.dropFirst(4))))
            at += 12 + length
        }
        #expect(at == bytes.count)
        try #require(chunks.first?.type == "IHDR" && chunks.last?.type == "IEND" && chunks.last?.data.isEmpty == true)
        let header = chunks[0].data
        try #require(header.count == 13)
        width = Int(header[0..<4].reduce(0) { $0 << 8 | UInt32($1) })
        height = Int(header[4..<8].reduce(0) { $0 << 8 | UInt32($1) })
        #expect(Array(header[8...]) == [8, 2, 0, 0, 0], "8-bit RGB, deflate, no interlace")

        let stream = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        try #require(stream.count >= 6)
        #expect(stream[0] & 0x0F == 8 && (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0 && stream[1] & 0x20 == 0,
                "zlib header: deflate, valid check bits, no dictionary")
        var raw = [UInt8]()
        var position = 2
        var final = false
        while !final {
            try #require(position + 5 <= stream.count)
            let head = stream[position]
            final = head & 1 == 1
            #expect(head >> 1 == 0, "stored block (BTYPE 00)")
            let length = Int(stream[position + 1]) | Int(stream[position + 2]) << 8
            let complement = Int(stream[position + 3]) | Int(stream[position + 4]) << 8
            #expect(length ^ complement == 0xFFFF, "NLEN is the complement of LEN")
            try #require(position + 5 + length <= stream.count)
            raw += stream[(position + 5)..<(position + 5 + length)]
            blockLengths.append(length)
            position += 5 + length
        }
        try #require(position + 4 == stream.count, "the Adler-32 ends the stream")
        let adler = stream[position...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(adler == Self.adler32(raw))
        let stride = 3 * width + 1
        try #require(raw.count == stride * height, "one filter byte and 3 bytes per pixel per row")
        for row in 0..<height {
            #expect(raw[row * stride] == 0, "filter type 0 on row \(row)")
            rgb += raw[(row * stride + 1)..<((row + 1) * stride)]
        }
    }
}

@Suite struct PNGImageTests {
    /// A deterministic pattern of colours.
    func pattern(width: Int, height: Int) -> [UInt8] {
        (0..<(3 * width * height)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ $0 / 7) }
    }

    @Test(arguments: [(1, 1), (3, 2), (2, 3), (150, 150)])
    func encodedImagesDecodeToTheSamePixels(width: Int, height: Int) throws {
        let rgb = pattern(width: width, height: height)
        let png = try DecodedPNG(try PNGImage(width: width, height: height, rgb: rgb).encoded())
        #expect(png.chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(png.width == width && png.height == height)
        #expect(png.rgb == rgb)
        #expect(png.blockLengths.allSatisfy { $0 <= 65_535 })
        let raw = (3 * width + 1) * height
        #expect(png.blockLengths.count == (raw + 65_534) / 65_535, "\(png.blockLengths)")
    }

    @Test func aLargeImageSpansSeveralFullBlocks() throws {
        // 150 rows of 451 bytes: 67,650 bytes, one full block and one of 2,115.
        let png = try DecodedPNG(try PNGImage(width: 150, height: 150, rgb: pattern(width: 150, height: 150)).encoded())
        #expect(png.blockLengths == [65_535, 2_115])
    }

    @Test func aOnePixelImageIsTheKnownFile() throws {
        let data = try PNGImage(width: 1, height: 1, rgb: [255, 0, 0]).encoded()
        // 8 signature + 25 IHDR + 12 + (2 + 5 + 4 + 4) IDAT + 12 IEND.
        #expect(data.count == 72)
        #expect(PNGChecksum.crc32(Array("IEND".utf8)) == 0xAE42_6082, "the well-known CRC of an empty IEND")
        #expect(PNGChecksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGChecksum.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let long = (0..<20_000).map { UInt8(255 - $0 % 3) }
        #expect(PNGChecksum.adler32(long) == DecodedPNG.adler32(long), "the modulo is taken before the sums overflow")
    }

    @Test(arguments: [(0, 1), (1, 0), (-1, 4), (4_097, 1), (1, 4_097), (Int.max, 2)])
    func badSizesThrow(width: Int, height: Int) {
        #expect(throws: ReportError.self) { try PNGImage(width: width, height: height, rgb: [0, 0, 0]) }
    }

    @Test func aWrongNumberOfColourBytesThrows() {
        #expect(throws: ReportError.self) { try PNGImage(width: 2, height: 2, rgb: [UInt8](repeating: 0, count: 11)) }
        #expect(throws: ReportError.self) { try PNGImage(width: 1, height: 1, rgb: []) }
    }
}
