/// A maze map that cannot be read or does not make a maze, described in one line.
///
/// ``description`` names the map, the line of the file at fault when there is one, and
/// what is wrong, e.g. `hard.txt: line 7: expected 4 numbers for a wall (x1 y1 x2 y2), got 3`.
public struct MazeMapError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The map's name (its file name for a loaded map).
    public let name: String
    /// The 1-based line of the file at fault, or `nil` when the fault is not on one line
    /// (a missing file, a map built in code, walls that span no area).
    public let line: Int?
    /// What is wrong, as a sentence fragment without the line number.
    public let message: String

    /// Creates the error.
    ///
    /// - Parameters:
    ///   - name: The map's name.
    ///   - line: The 1-based line at fault, if any.
    ///   - message: What is wrong.
    public init(name: String, line: Int?, message: String) {
        self.name = name
        self.line = line
        self.message = message
    }

    /// One line: `"<name>: line <n>: <message>"`, or `"<name>: <message>"` without a line.
    public var description: String {
        if let line { return "\(name): line \(line): \(message)" }
        return "\(name): \(message)"
    }
}
