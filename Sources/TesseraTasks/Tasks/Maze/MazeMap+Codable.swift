extension MazeMap: Codable {
    private enum CodingKeys: String, CodingKey { case name, walls, start, heading, goal }

    /// Decodes a map, checking it as ``init(name:walls:start:heading:goal:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``MazeMapError``'s message for
    ///   values that do not make a maze; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let walls = try c.decode([MazeWall].self, forKey: .walls)
        let start = try c.decode(MazePoint.self, forKey: .start)
        let heading = try c.decode(Double.self, forKey: .heading)
        let goal = try c.decode(MazePoint.self, forKey: .goal)
        do {
            try self.init(name: name, walls: walls, start: start, heading: heading, goal: goal)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: error.description, underlyingError: error))
        }
    }

    /// Encodes the name, walls, start, heading and goal (the box is derived from the walls).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(walls, forKey: .walls)
        try c.encode(start, forKey: .start)
        try c.encode(heading, forKey: .heading)
        try c.encode(goal, forKey: .goal)
    }
}
