import ArgumentParser
import Tessera
import TesseraCLI

/// The `tessera` executable: hands the command line to ``TesseraCommand``.
@main
enum TesseraMain {
    static func main() async {
        // OpenBLAS's threads spin for a tenth of a second after the library loads; no
        // command needs them yet (they start again on the first call that does).
        BLASThreads.stopIdleThreads()
        await TesseraCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
    }
}
