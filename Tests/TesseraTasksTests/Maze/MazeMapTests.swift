import Foundation
import Testing
import Tessera
@testable import TesseraTasks

@Suite struct MazeMapTests {
    /// The folder of the shipped `.txt` maps, found from this file's path.
    static let mapsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/TesseraTasks/Tasks/Maze/Maps")

    @Test func embeddedTextEqualsTheShippedFilesByteForByte() throws {
        let medium = try Data(contentsOf: Self.mapsFolder.appendingPathComponent("medium_maze.txt"))
        let hard = try Data(contentsOf: Self.mapsFolder.appendingPathComponent("hard_maze.txt"))
        #expect(Data(MazeMap.mediumText.utf8) == medium)
        #expect(Data(MazeMap.hardText.utf8) == hard)
    }

    @Test func shippedMapsHaveThePapersFacts() {
        let medium = MazeMap.medium
        #expect(medium.walls.count == 11)
        #expect(medium.start == MazePoint(x: 30, y: 22))
        #expect(medium.heading == 0)
        #expect(medium.goal == MazePoint(x: 270, y: 100))
        #expect(medium.walls[0] == MazeWall(x1: 293, y1: 7, x2: 289, y2: 130))
        #expect(medium.bounds == Box(lower: [6, 5], upper: [293, 134]))
        let hard = MazeMap.hard
        #expect(hard.walls.count == 13)
        #expect(hard.start == MazePoint(x: 36, y: 184))
        #expect(hard.heading == 0)
        #expect(hard.goal == MazePoint(x: 31, y: 20))
        #expect(hard.walls[12] == MazeWall(x1: 56, y1: 55, x2: 133, y2: 30))
        #expect(hard.bounds == Box(lower: [3, 5], upper: [195, 202]))
    }

    @Test func canonicalTextIsTheOriginalFileAndParsesBack() throws {
        #expect(MazeMap.medium.text == MazeMap.mediumText)
        #expect(MazeMap.hard.text == MazeMap.hardText)
        let odd = try MazeMap(name: "odd", walls: [MazeWall(x1: 0.1, y1: -2.5, x2: 1e20, y2: 3), MazeWall(x1: 0, y1: 0, x2: 1, y2: 1)],
                              start: MazePoint(x: 0.3, y: 0), heading: -12.75, goal: MazePoint(x: 1, y: 1))
        #expect(try MazeMap.parse(odd.text, name: "odd") == odd)
    }

    @Test func codableRoundTripAndValidation() throws {
        let data = try JSONEncoder().encode(MazeMap.hard)
        #expect(try JSONDecoder().decode(MazeMap.self, from: data) == MazeMap.hard)
        let bad = #"{"name":"x","walls":[{"from":{"x":0,"y":0},"to":{"x":0,"y":0}}],"start":{"x":0,"y":0},"heading":0,"goal":{"x":0,"y":0}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MazeMap.self, from: Data(bad.utf8)) }
    }

    /// A valid 2-wall map's lines, for breaking one at a time.
    static let good = ["2", "1 1", "0", "9 9", "0 0 10 0", "0 0 0 10"]

    static func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    static func replacing(_ index: Int, with line: String) -> String {
        var lines = good
        lines[index] = line
        return text(lines)
    }

    static let badCases: [(text: String, line: Int?, message: String)] = [
        ("", 1, "the file is empty"),
        (replacing(0, with: "0"), 1, "the wall count 0 must be at least 1"),
        (replacing(0, with: "200000"), 1, "above the limit of 100000"),
        (replacing(0, with: "two"), 1, "the wall count 'two' is not a number"),
        (replacing(0, with: "2.5"), 1, "is not a whole number"),
        (replacing(0, with: "2 2"), 1, "expected 1 number (the wall count), got 2"),
        (replacing(1, with: "1"), 2, "expected 2 numbers for the start (x y), got 1"),
        (replacing(1, with: "1 nan"), 2, "'nan' is not a finite number"),
        (replacing(1, with: "50 1"), 2, "the start (50, 1) is outside the walls' box [0, 10] × [0, 10]"),
        (replacing(2, with: "0 0"), 3, "expected 1 number for the start heading"),
        (replacing(3, with: "9 x"), 4, "'x' is not a number"),
        (replacing(3, with: "9 -1"), 4, "the goal (9, -1) is outside"),
        (replacing(4, with: "0 0 10"), 5, "expected 4 numbers for a wall (x1 y1 x2 y2), got 3"),
        (replacing(5, with: "0 0 0 inf"), 6, "'inf' is not a finite number"),
        (replacing(5, with: "3 4 3 4"), 6, "wall 2 has zero length (both ends at (3, 4))"),
        (replacing(0, with: "3"), 7, "the file ends after 2 walls, but the wall count on line 1 is 3"),
        (replacing(0, with: "1"), 6, "more wall lines than the wall count 1 on line 1"),
        (text(good + ["the end"]), 7, "unexpected text after the last wall: 'the end'"),
        (text(["1", "1 1", "0", "9 1", "0 1 10 1"]), nil, "the walls span no area"),
        (text(Array(good.prefix(3))), 4, "the file ends before"),
    ]

    @Test func malformedFilesNameTheLineAtFault() {
        for (index, bad) in Self.badCases.enumerated() {
            do {
                _ = try MazeMap.parse(bad.text, name: "bad.txt")
                Issue.record("case \(index) parsed: \(bad.text.debugDescription)")
            } catch {
                #expect(error.line == bad.line, "case \(index): \(error)")
                #expect(error.message.contains(bad.message), "case \(index): \(error)")
                #expect(!error.description.contains("\n"), "case \(index)")
            }
        }
    }

    @Test func errorDescriptionIsOneLineWithTheLineNumber() {
        #expect(throws: MazeMapError(name: "bad.txt", line: 5, message: "expected 4 numbers for a wall (x1 y1 x2 y2), got 3")) {
            try MazeMap.parse(Self.replacing(4, with: "0 0 10"), name: "bad.txt")
        }
        let error = MazeMapError(name: "bad.txt", line: 7, message: "expected 4 numbers for a wall (x1 y1 x2 y2), got 3")
        #expect(error.description == "bad.txt: line 7: expected 4 numbers for a wall (x1 y1 x2 y2), got 3")
        #expect(MazeMapError(name: "m", line: nil, message: "oops").description == "m: oops")
    }

    @Test func blankLinesAndCarriageReturnsAreSkippedButCounted() throws {
        let map = try MazeMap.parse("\n\r\n" + Self.text(Self.good).replacingOccurrences(of: "\n", with: "\r\n"), name: "crlf")
        #expect(map.walls.count == 2)
        #expect(throws: MazeMapError.self) { try MazeMap.parse("\n\n" + Self.replacing(4, with: "0 0 10"), name: "b") }
        do {
            _ = try MazeMap.parse("\n\n" + Self.replacing(4, with: "0 0 10"), name: "b")
        } catch {
            #expect(error.line == 7)
        }
    }

    @Test func loadReadsFilesAndReportsMissingOnes() throws {
        let medium = try MazeMap.load(path: Self.mapsFolder.appendingPathComponent("medium_maze.txt").path)
        #expect(medium.walls == MazeMap.medium.walls && medium.goal == MazeMap.medium.goal)
        #expect(medium.name == "medium_maze.txt")
        let missing = "/nonexistent/tessera/maze.txt"
        do {
            _ = try MazeMap.load(path: missing)
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.line == nil)
            #expect(error.description == "maze.txt: no such file: \(missing)")
        }
        #expect(throws: MazeMapError.self) { try MazeMap.load(path: Self.mapsFolder.path) }
    }

    @Test func initialiserRefusesBadValuesWithoutALine() {
        #expect(throws: MazeMapError(name: "e", line: nil, message: "a map needs at least 1 wall")) {
            try MazeMap(name: "e", walls: [], start: MazePoint(x: 0, y: 0), heading: 0, goal: MazePoint(x: 0, y: 0))
        }
        #expect(throws: MazeMapError.self) {
            try MazeMap(name: "e", walls: [MazeWall(x1: 0, y1: 0, x2: 1, y2: 1)], start: MazePoint(x: 0, y: 0),
                        heading: .infinity, goal: MazePoint(x: 0, y: 0))
        }
    }
}
