import ArgumentParser
import Foundation
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

    /// When the command started, for the `wall_seconds` of summaries.
    nonisolated(unsafe) static var startTime = Date()

    /// Parses `arguments`, runs the command and exits.
    ///
    /// Help and `--version` go to standard output with status 0. Every error is reported
    /// as exactly one line on standard error (`Error: ...`), with status 64 for usage
    /// errors and 1 for everything else, so scripts can rely on the shape of a failure.
    public static func main(arguments: [String]) async -> Never {
        startTime = Date()
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = Self.message(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((oneLine("Error: " + message) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// `text` on one line: line breaks become "; ".
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
