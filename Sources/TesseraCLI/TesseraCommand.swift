import ArgumentParser
import Tessera

/// The `tessera` command line: run built-in tasks and list what exists.
public struct TesseraCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Tessera: quality-diversity search (MAP-Elites and friends) in Swift.",
        version: TesseraVersion.current,
        subcommands: [RunCommand.self, ResumeCommand.self, InfoCommand.self, ExportCommand.self, ReportCommand.self, TasksCommand.self, AlgorithmsCommand.self, BenchCommand.self]
    )

    public init() {}
}

/// The version of Tessera this build is.
public enum TesseraVersion {
    /// Semantic version string.
    public static let current = TesseraInfo.version
}
