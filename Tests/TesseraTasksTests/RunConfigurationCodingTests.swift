import Foundation
import Testing
import TesseraTasks

/// Run configurations as files store them: the catalogue's layout (options nested, every
/// option written) and the flat layout of files written before the catalogue.
@Suite struct RunConfigurationCodingTests {
    func decode(_ json: String) throws -> RunConfiguration {
        try JSONDecoder().decode(RunConfiguration.self, from: Data(json.utf8))
    }

    @Test func theFlatLayoutOfEarlierFilesStillDecodes() throws {
        // Verbatim from Archives/samples/sphere-cvt-map-elites.sqlite (format 1, before the catalogue).
        let old = try decode(#"{"algorithm":"cvt-map-elites","batchSize":100,"cells":300,"cvtSamples":10000,"dimension":10,"#
                             + #""evaluations":30000,"grid":[100,100],"isoSigma":0.5,"lineSigma":0.2,"seed":0,"sigma":0.5,"task":"sphere"}"#)
        #expect(old == RunConfiguration(task: .sphere, algorithm: .cvtMapElites, dimension: 10, batchSize: 100, evaluations: 30_000,
                                        options: [.cells: .integer(300), .cvtSamples: .integer(10_000), .sigma: .number(0.5),
                                                  .sampler: .text("serial")]))
        #expect(old.options[.grid] == nil, "the grid of a CVT run was never used and is not carried over")
        #expect(old.sampling == .serial, "files before format 2 drew their normals serially")
        let line = try decode(#"{"algorithm":"line-map-elites","batchSize":540,"cells":10000,"cvtSamples":100000,"dimension":12,"#
                              + #""evaluations":50000,"grid":[32,32],"isoSigma":0.3,"lineSigma":0.4,"seed":7,"sigma":0.1,"task":"arm"}"#)
        #expect(line.shape(.grid) == [32, 32] && line.number(.isoSigma) == 0.3 && line.number(.lineSigma) == 0.4 && line.seed == 7)
        #expect(line.value(.sigma) == nil, "line-map-elites has no --sigma")
    }

    @Test func theCatalogueLayoutWritesEveryOptionAndRoundTrips() throws {
        let configuration = RunConfiguration(task: .arm, algorithm: .cvtMapElites, seed: 3, options: [.cells: .integer(500)])
        let data = try JSONEncoder().encode(configuration)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let options = try #require(object["options"] as? [String: Any])
        #expect(Set(options.keys) == ["cells", "cvt_samples", "selection", "sigma", "sampler"],
                "defaults are written, so a changed default cannot change a saved run")
        #expect(options["sampler"] as? String == "lanes" && configuration.sampling == .lanes)
        #expect(options["sigma"] as? Double == 0.1 && options["cvt_samples"] as? Int == 100_000)
        #expect(try JSONDecoder().decode(RunConfiguration.self, from: data) == configuration)
    }

    @Test func aCatalogueFileWithoutASamplerDrewSerially() throws {
        // The catalogue's layout as format 1 wrote it, before the sampler option.
        let old = try decode(#"{"algorithm":"map-elites","batchSize":540,"dimension":100,"evaluations":100000,"#
                             + #""options":{"grid":[100,100],"selection":"uniform","sigma":0.5},"seed":0,"task":"sphere"}"#)
        #expect(old.sampling == .serial && old.value(.sampler) == .text("serial"))
        let fresh = RunConfiguration(task: .sphere, algorithm: .mapElites)
        #expect(fresh.sampling == .lanes, "new runs draw on the lanes")
        #expect(RunConfiguration(task: .sphere, algorithm: .mapElites, options: [.sampler: .text("serial")]).sampling == .serial)
        #expect(RunConfiguration(task: .maze, algorithm: .novelty).sampling == .serial, "algorithms without the option")
    }

    @Test func badStoredValuesAreRefusedByName() throws {
        func problem(_ json: String) -> String {
            do {
                _ = try decode(json)
                return "decoded"
            } catch let DecodingError.dataCorrupted(context) {
                return context.debugDescription
            } catch {
                return "\(error)"
            }
        }
        let base = #""batchSize":10,"dimension":4,"evaluations":100,"seed":0,"task":"sphere""#
        #expect(problem(#"{"algorithm":"map-elites","options":{"cells":5},"# + base + "}") == "cells is not an option of map-elites or sphere")
        #expect(problem(#"{"algorithm":"hill-climbing","# + base + "}") == "'hill-climbing' is not an algorithm")
        #expect(problem(#"{"algorithm":"map-elites","task":"labyrinth","batchSize":1,"dimension":4,"evaluations":1,"seed":0}"#)
                == "'labyrinth' is not a task")
        #expect(problem(#"{"algorithm":"map-elites","options":{"grid":"big"},"# + base + "}") != "decoded")
    }
}
