import ArgumentParser
import TesseraCLI

/// The `tessera` executable: hands the command line to ``TesseraCommand``.
@main
enum TesseraMain {
    static func main() async {
        let command: any AsyncParsableCommand.Type = TesseraCommand.self
        await command.main()
    }
}
