/// Bad input to an archive, reported with what was wrong.
public enum ArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An acceptance rule that cannot work.
    case invalidAcceptance(String)
    /// A grid or CVT shape that cannot work.
    case invalidShape(String)
    /// A descriptor of the wrong dimension was offered.
    case descriptorDimension(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .invalidAcceptance(let why): return "invalid acceptance rule: \(why)"
        case .invalidShape(let why): return "invalid archive shape: \(why)"
        case .descriptorDimension(let expected, let got):
            return "descriptor has \(got) components, the archive expects \(expected)"
        }
    }
}
