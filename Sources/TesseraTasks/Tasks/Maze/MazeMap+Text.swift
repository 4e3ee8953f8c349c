extension MazeMap {
    /// The map in the file format ``parse(_:name:)`` reads, in a canonical form: one item
    /// per line, fields separated by one space, whole numbers without a fraction, a final
    /// newline.
    ///
    /// Parsing the text gives back an equal map (given the same name); for the shipped maps
    /// it is the original file, byte for byte.
    /// - Complexity: O(number of walls).
    public var text: String {
        var lines = [String(walls.count), "\(Self.format(start.x)) \(Self.format(start.y))", Self.format(heading),
                     "\(Self.format(goal.x)) \(Self.format(goal.y))"]
        for wall in walls {
            lines.append([wall.from.x, wall.from.y, wall.to.x, wall.to.y].map(Self.format).joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
