import Foundation
import Tessera
import TesseraStore

extension TaskDeclaration {
    /// The deceptive maze of Novelty Search: ``MazeDomain`` on the map `--maze` names
    /// (`hard` by default, `medium`, or a map file, whose contents the run keeps).
    public static let maze = TaskDeclaration(
        name: "maze",
        summary: "deceptive maze: a robot's 67-weight network controller, objective 300 - final distance to the goal, descriptors = final (x, y)",
        reference: "Lehman & Stanley 2011 (maps of Lehman's novelty-search-cpp)",
        defaultDimension: MazeController.genomeSize(hidden: MazeController.defaultHidden),
        minimumDimension: MazeController.genomeSize(hidden: MazeController.defaultHidden),
        maximumDimension: MazeController.genomeSize(hidden: MazeController.defaultHidden),
        descriptorDimension: 2, defaultSigma: 0.1, options: [MazeTaskOptions.maze],
        solvedAbove: MazeDomain.objectiveOffset - MazeDomain.goalRadius,
        samplingRange: -1...1, clipsToSamplingBox: true,
        reportOverlay: { configuration in
            guard let map = try? MazeTaskOptions.map(configuration) else { return nil }
            return ReportOverlay(segments: map.walls.map { ReportOverlay.Segment(x1: $0.from.x, y1: $0.from.y, x2: $0.to.x, y2: $0.to.y) },
                                 markers: [ReportOverlay.Marker(label: "start", x: map.start.x, y: map.start.y),
                                           ReportOverlay.Marker(label: "goal", x: map.goal.x, y: map.goal.y)])
        },
        observable: true, groundTruthShape: [100, 100],
        domain: { configuration in
            try MazeDomain(map: MazeTaskOptions.map(configuration),
                           observation: configuration.learnsDescriptors
                               ? MazeObservation(size: configuration.integer(.imageSize) ?? 32,
                                                 trajectory: configuration.value(.observation)?.text == "trajectory")
                               : nil)
        })
}

/// The maze task's `--maze` option: a shipped map by name, or a map file whose text the
/// run keeps (so resuming never depends on the file still being there, or unchanged).
enum MazeTaskOptions {
    /// The prefix of a kept map file's value: `file:NAME`, a newline, then the map's text.
    static let filePrefix = "file:"

    static let maze = RunOption(.maze, help: "The map: hard, medium, or a map file in the format of Docs/Tasks.md (its text is kept in the run).",
                                reader: read, check: check, describe: describe) { _ in .text("hard") }

    /// `hard`, `medium`, or a path read and checked now.
    @Sendable static func read(_ text: String) throws -> OptionValue {
        if text == "hard" || text == "medium" { return .text(text) }
        if text.isEmpty { throw ConfigurationError(setting: .maze, problem: "is empty: give hard, medium or a map file") }
        let map = try MazeMap.load(path: text)
        return .text(filePrefix + map.name + "\n" + map.text)
    }

    /// A value read back from a file: a shipped name, or a kept map that still parses.
    @Sendable static func check(_ value: OptionValue) throws(ConfigurationError) {
        do {
            _ = try map(of: value)
        } catch {
            throw ConfigurationError(setting: .maze, problem: "holds no usable map (\(error))")
        }
    }

    /// `hard`, `medium`, or `file NAME (N walls)`.
    @Sendable static func describe(_ value: OptionValue) -> String {
        guard let text = value.text, text.hasPrefix(filePrefix) else { return value.description }
        guard let map = try? map(of: value) else { return "an unreadable map" }
        return "file \(map.name) (\(map.walls.count) walls)"
    }

    /// The map of a run.
    static func map(_ configuration: RunConfiguration) throws -> MazeMap {
        try map(of: configuration.value(.maze) ?? .text("hard"))
    }

    static func map(of value: OptionValue) throws -> MazeMap {
        switch value.text {
        case "hard": return .hard
        case "medium": return .medium
        case let text? where text.hasPrefix(filePrefix):
            let body = text.dropFirst(filePrefix.count)
            guard let newline = body.firstIndex(of: "\n") else { throw MazeMapError(name: "map", line: nil, message: "no map text") }
            return try MazeMap.parse(String(body[body.index(after: newline)...]), name: String(body[..<newline]))
        default:
            throw MazeMapError(name: "map", line: nil, message: "'\(value)' is neither hard, medium nor a kept map file")
        }
    }
}

extension RunSetting {
    /// The maze task's map.
    public static let maze = RunSetting("maze")
}
