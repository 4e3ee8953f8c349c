import Foundation
import Tessera
import TesseraStore

/// Reading an EvoSearch run's configuration from its file, every value checked.
enum DiffusionRunInspection {
    /// The configuration of the run in `file`.
    ///
    /// - Throws: `StoreError.mismatch` for a file of another kind of run,
    ///   `StoreError.corrupt` for a configuration that does not read or fit the archive.
    static func configuration(in file: ArchiveFile) throws -> DiffusionRunConfiguration {
        let json = try file.configurationJSON()
        guard DiffusionRunConfiguration.isDiffusionRun(json) else { throw StoreError.mismatch(path: file.path, detail: "not an EvoSearch run") }
        let configuration: DiffusionRunConfiguration
        do {
            configuration = try JSONDecoder().decode(DiffusionRunConfiguration.self, from: json)
        } catch let error as DecodingError {
            throw StoreError.corrupt(path: file.path, detail: "in its run configuration, \(SavedRun.describe(error))")
        }
        let tensor = configuration.task == DiffusionRunConfiguration.remoteTask
        guard file.header.genomeKind == .tensor ? tensor : !tensor else {
            throw StoreError.corrupt(path: file.path, detail: "the EvoSearch run's configuration does not match its archive's genomes")
        }
        if let dimension = configuration.dimension, file.header.genomeDimension != dimension {
            throw StoreError.corrupt(path: file.path, detail: "the EvoSearch run's dimension \(dimension) is not its archive's \(file.header.genomeDimension)")
        }
        return configuration
    }
}
