import ArgumentParser
import Tessera

/// The `tessera` command line: run built-in tasks and list what exists.
public struct TesseraCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Tessera: quality-diversity search (MAP-Elites and friends) in Swift.",
        version: TesseraInfo.version,
        subcommands: [RunCommand.self, ResumeCommand.self, InfoCommand.self, ExportCommand.self, ReportCommand.self, TasksCommand.self, AlgorithmsCommand.self, BenchCommand.self]
    )

    public init() {}
}
