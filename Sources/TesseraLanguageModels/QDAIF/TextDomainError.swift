/// Why a QDAIF domain file cannot be used: one line naming the field
/// (`stories.json: axes[1].options: …`).
public struct TextDomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, with the field's path.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
