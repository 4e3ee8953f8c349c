import Foundation

extension MazeMap {
    /// Reads a map in the whitespace-separated format of Lehman's novelty-search code.
    ///
    /// The format, one item per line (blank lines are skipped, `\r` counts as space):
    /// ```
    /// N              the wall count, a whole number from 1 to 100,000
    /// sx sy          the start position
    /// h              the start heading in degrees (0 = +x)
    /// gx gy          the goal position
    /// x1 y1 x2 y2    N lines, one wall segment each
    /// ```
    /// Nothing may follow the last wall.
    ///
    /// - Parameters:
    ///   - text: The file's text.
    ///   - name: The name errors and the map carry, e.g. the file name.
    /// - Returns: The map.
    /// - Throws: ``MazeMapError`` naming the line at fault and what is wrong with it: a
    ///   line with the wrong number of fields, a field that is not a finite number, a wall
    ///   count below 1 or above ``maximumWallCount`` or that disagrees with the wall lines,
    ///   a zero-length wall, a start or goal outside the walls' box, text after the last wall.
    /// - Complexity: O(length of `text`).
    public static func parse(_ text: String, name: String) throws(MazeMapError) -> MazeMap {
        var reader = LineReader(text: text, name: name)
        let (countLine, countFields) = try reader.next(expecting: "the wall count")
        guard countFields.count == 1 else {
            throw reader.error(countLine, "expected 1 number (the wall count), got \(countFields.count)")
        }
        guard let count = Int(countFields[0]) else {
            let problem = Double(countFields[0]) == nil ? "is not a number" : "is not a whole number"
            throw reader.error(countLine, "the wall count \(quoted(countFields[0])) \(problem)")
        }
        guard count >= 1 else { throw reader.error(countLine, "the wall count \(count) must be at least 1") }
        guard count <= maximumWallCount else {
            throw reader.error(countLine, "the wall count \(count) is above the limit of \(maximumWallCount)")
        }
        let (startLine, start) = try reader.numbers(2, "for the start (x y)")
        let (headingLine, heading) = try reader.numbers(1, "for the start heading (degrees)")
        let (goalLine, goal) = try reader.numbers(2, "for the goal (x y)")
        var walls: [MazeWall] = []
        var wallLines: [Int] = []
        walls.reserveCapacity(count)
        wallLines.reserveCapacity(count)
        for index in 0..<count {
            guard reader.hasMore else {
                throw reader.error(reader.endLine,
                                   "the file ends after \(index) walls, but the wall count on line \(countLine) is \(count)")
            }
            let (line, v) = try reader.numbers(4, "for a wall (x1 y1 x2 y2)")
            walls.append(MazeWall(x1: v[0], y1: v[1], x2: v[2], y2: v[3]))
            wallLines.append(line)
        }
        if reader.hasMore {
            let (line, fields) = try reader.next(expecting: "")
            if fields.count == 4, fields.allSatisfy({ Double($0) != nil }) {
                throw reader.error(line, "more wall lines than the wall count \(count) on line \(countLine)")
            }
            throw reader.error(line, "unexpected text after the last wall: \(quoted(fields.joined(separator: " ")))")
        }
        return try MazeMap(name: name, walls: walls, start: MazePoint(x: start[0], y: start[1]), heading: heading[0],
                           goal: MazePoint(x: goal[0], y: goal[1]),
                           lines: SourceLines(start: startLine, heading: headingLine, goal: goalLine, walls: wallLines))
    }

    /// Reads a map file a user gave.
    ///
    /// - Parameter path: The file's path; the map is named after its last component.
    /// - Returns: The map.
    /// - Throws: ``MazeMapError`` for a file that is missing, unreadable or not UTF-8 text
    ///   (without a line), or any error of ``parse(_:name:)``.
    public static func load(path: String) throws(MazeMapError) -> MazeMap {
        let name = (path as NSString).lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MazeMapError(name: name, line: nil, message: "no such file: \(path)")
        }
        guard !isDirectory.boolValue else {
            throw MazeMapError(name: name, line: nil, message: "\(path) is a directory, not a map file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MazeMapError(name: name, line: nil, message: "cannot read \(path) (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MazeMapError(name: name, line: nil, message: "\(path) is not UTF-8 text")
        }
        return try parse(text, name: name)
    }

    /// A token for a message: quoted, and shortened when long.
    static func quoted(_ token: some StringProtocol) -> String {
        token.count <= 40 ? "'\(token)'" : "'\(token.prefix(37))...'"
    }
}

/// The non-blank lines of a map file, split into fields, with their 1-based line numbers.
private struct LineReader {
    let name: String
    let lines: [Substring]
    var index = 0

    init(text: String, name: String) {
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
        self.name = name
    }

    /// The line number just past the end of the file.
    var endLine: Int { lines.count + 1 }

    /// Whether a non-blank line remains.
    var hasMore: Bool {
        lines[index...].contains { !Self.fields($0).isEmpty }
    }

    static func fields(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
    }

    func error(_ line: Int?, _ message: String) -> MazeMapError {
        MazeMapError(name: name, line: line, message: message)
    }

    /// The next non-blank line and its fields.
    mutating func next(expecting what: String) throws(MazeMapError) -> (line: Int, fields: [Substring]) {
        while index < lines.count {
            let fields = Self.fields(lines[index])
            index += 1
            if !fields.isEmpty { return (index, fields) }
        }
        throw error(endLine, lines.isEmpty ? "the file is empty, expected \(what)" : "the file ends before \(what)")
    }

    /// The next non-blank line as exactly `count` finite numbers.
    mutating func numbers(_ count: Int, _ what: String) throws(MazeMapError) -> (line: Int, values: [Double]) {
        let (line, fields) = try next(expecting: "the line of \(count) number\(count == 1 ? "" : "s") \(what)")
        guard fields.count == count else {
            throw error(line, "expected \(count) number\(count == 1 ? "" : "s") \(what), got \(fields.count)")
        }
        var values: [Double] = []
        for field in fields {
            guard let value = Double(field) else {
                throw error(line, "\(MazeMap.quoted(field)) is not a number")
            }
            guard value.isFinite else { throw error(line, "\(MazeMap.quoted(field)) is not a finite number") }
            values.append(value)
        }
        return (line, values)
    }
}
