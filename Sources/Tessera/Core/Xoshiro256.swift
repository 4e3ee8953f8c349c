/// A fast, seedable 64-bit generator: xoshiro256** (Blackman & Vigna 2018).
///
/// Tessera never uses a global or system generator. Run code derives one `Xoshiro256`
/// per (seed, iteration, emitter, row) through ``RandomStreams``; operator protocols
/// (mutation, crossover, variation, selection) take `inout Xoshiro256`, a concrete type,
/// so their hot loops stay specialised even when emitters are composed as existentials.
/// Free-standing helpers take `inout some RandomNumberGenerator`.
///
/// The state is a plain value, so it is `Codable` and can be saved with a run.
public struct Xoshiro256: RandomNumberGenerator, Codable, Hashable, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates a generator whose 256-bit state is expanded from `seed` with SplitMix64.
    ///
    /// - Parameter seed: Any 64-bit value; distinct seeds give unrelated streams.
    @inlinable
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// Creates a generator with an explicit 256-bit state (not all zero).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state.0 | state.1 | state.2 | state.3 != 0, "xoshiro's state must not be all zero")
        (s0, s1, s2, s3) = state
    }

    private enum CodingKeys: String, CodingKey { case s0, s1, s2, s3 }

    /// Decodes a generator, refusing the all-zero state (from which it would only draw 0).
    ///
    /// - Throws: `DecodingError.dataCorrupted` for an all-zero state; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let state = (try c.decode(UInt64.self, forKey: .s0), try c.decode(UInt64.self, forKey: .s1),
                     try c.decode(UInt64.self, forKey: .s2), try c.decode(UInt64.self, forKey: .s3))
        guard state.0 | state.1 | state.2 | state.3 != 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "xoshiro's state must not be all zero"))
        }
        self.init(state: state)
    }

    /// Returns the next 64 random bits.
    ///
    /// - Complexity: O(1), a handful of integer instructions.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64 (Steele, Lea & Flood 2014): used to expand seeds and to mix stream keys.
public struct SplitMix64: RandomNumberGenerator, Codable, Hashable, Sendable {
    /// The generator's whole state.
    public var state: UInt64

    /// Creates a generator starting at `state`.
    @inlinable public init(state: UInt64) { self.state = state }

    /// Returns the next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective avalanche of the 64 input bits.
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
