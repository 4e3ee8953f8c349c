import ArgumentParser

/// A grid shape written as bin counts joined by `x`, such as `100x100`.
struct GridShape: ExpressibleByArgument, CustomStringConvertible {
    let bins: [Int]

    /// Parses any integers joined by `x`, negative ones included, so that a bad count is
    /// reported by validation with its reason rather than as an unreadable value.
    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0) }
        guard !parts.isEmpty, values.count == parts.count else { return nil }
        bins = values
    }

    init(_ bins: [Int]) { self.bins = bins }

    var description: String { bins.map(String.init).joined(separator: "x") }
    var defaultValueDescription: String { description }
}
