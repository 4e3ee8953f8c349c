import ArgumentParser
import TesseraCLI

/// The `tessera` executable: hands the command line to ``TesseraCommand``.
@main
enum TesseraMain {
    static func main() async {
        await TesseraCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
    }
}
