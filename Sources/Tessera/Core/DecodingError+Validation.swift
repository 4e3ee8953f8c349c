extension DecodingError {
    /// Builds a decoded value through its validating initialiser, so that a value read from
    /// a file passes the checks a value from code does.
    ///
    /// A refused value becomes `DecodingError.dataCorrupted` at `decoder`'s coding path,
    /// whose debug description is the refusal's one-line message (for example
    /// `"GaussianMutation: sigma must be finite and non-negative (got nan)"`) and whose
    /// underlying error is the refusal itself.
    ///
    /// - Parameters:
    ///   - decoder: The decoder of the value being built.
    ///   - make: Calls the validating initialiser with the decoded fields.
    /// - Returns: What `make` returns.
    /// - Throws: `DecodingError.dataCorrupted` when `make` throws.
    static func validating<T, E: Error>(_ decoder: any Decoder, _ make: () throws(E) -> T) throws -> T {
        do {
            return try make()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: String(describing: error), underlyingError: error))
        }
    }
}
