import Testing
import TesseraTestSupport
import Tessera

/// A search over text genomes with a user-written mutation: the same archive, emitter
/// and loop that carry real vectors carry `String`s.
@Suite struct StringGenomeSearchTests {
    /// Inserts, deletes or replaces one letter of the alphabet "ab".
    struct LetterMutation: Mutation {
        func mutate(_ genome: String, using rng: inout Xoshiro256) -> String {
            var letters = Array(genome)
            let letter: Character = rng.nextIndex(below: 2) == 0 ? "a" : "b"
            switch rng.nextIndex(below: 3) {
            case 0 where letters.count < 20: letters.insert(letter, at: rng.nextIndex(below: letters.count + 1))
            case 1 where letters.count > 1: letters.remove(at: rng.nextIndex(below: letters.count))
            default: if !letters.isEmpty { letters[rng.nextIndex(below: letters.count)] = letter }
            }
            return String(letters)
        }
    }

    /// Objective: the fraction of "b"s; descriptors: the length and the number of "ab" pairs.
    struct TextDomain: PerGenomeDomain {
        typealias Genome = String
        let descriptorSpace = Box(lower: [0, 0], upper: [20, 10])
        func evaluate(_ genome: String) throws -> Evaluation {
            let letters = Array(genome)
            let bs = letters.filter { $0 == "b" }.count
            let pairs = zip(letters, letters.dropFirst()).filter { $0 == "a" && $1 == "b" }.count
            return Evaluation(objective: Double(bs) / Double(max(1, letters.count)),
                              descriptor: [Double(letters.count), Double(pairs)])
        }
    }

    func search(workers: Int) async throws -> GridArchive<String> {
        let archive = try GridArchive<String>(shape: [20, 10], descriptorSpace: TextDomain().descriptorSpace,
                                              genomeLayout: .init())
        let emitter = try MutationEmitter(selection: TournamentSelection(), mutation: LetterMutation(),
                                      initialGenomes: ["a", "ab"], batchSize: 32)
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 4)
        try await scheduler.run(domain: TextDomain(), totalEvaluations: 3_000, evaluator: ParallelEvaluator(workers: workers))
        return scheduler.archive
    }

    @Test func textGenomesFillTheArchive() async throws {
        let archive = try await search(workers: 2)
        #expect(archive.count > 40, "diverse texts found: \(archive.count)")
        for elite in archive.elites {
            #expect(elite.genome.allSatisfy { $0 == "a" || $0 == "b" })
            #expect(try TextDomain().evaluate(elite.genome).objective == elite.objective)
            #expect(try archive.cellIndex(of: elite.descriptor) == elite.cell)
        }
        let again = try await search(workers: 1)
        #expect(again.elites.map(\.genome) == archive.elites.map(\.genome), "deterministic across workers")
    }
}
