import Foundation

extension WorkerMessage {
    /// The message as one line of JSON (no newline): numbers in their shortest exact form,
    /// genomes of 64 numbers or more as base64 (``WireNumbers``).
    public var line: String {
        switch self {
        case .hello(let version, let tessera):
            return #"{"type":"hello","protocol":\#(version),"tessera":\#(Self.quoted(tessera))}"#
        case .ready(let version, let domain):
            return #"{"type":"ready","protocol":\#(version),"domain":\#(domain.json)}"#
        case .evaluate(let items):
            let rows = items.map { #"{"id":\#($0.id),"genome":\#(WireNumbers.vector($0.genome)),"seed":\#($0.seed)}"# }
            return #"{"type":"evaluate","items":[\#(rows.joined(separator: ","))]}"#
        case .result(let id, .error(let reason)):
            return #"{"type":"result","id":\#(id),"error":\#(Self.quoted(reason))}"#
        case .result(let id, .evaluation(let evaluation)):
            var text = #"{"type":"result","id":\#(id),"objective":\#(WireNumbers.text(evaluation.objective)),"descriptor":\#(WireNumbers.vector(evaluation.descriptor))"#
            if let observation = evaluation.observation { text += #","observation":\#(WireNumbers.vector(observation.map(Double.init)))"# }
            return text + "}"
        case .shutdown:
            return #"{"type":"shutdown"}"#
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    /// Reads one line of the protocol.
    ///
    /// - Throws: ``WorkerProtocolError`` naming what is wrong: not JSON, not an object,
    ///   an unknown `type`, a missing or mistyped field, a seed out of range, a result with
    ///   both or neither of `error` and `objective`.
    /// - Complexity: O(length of the line). A `result` of the usual shape (numbers and
    ///   arrays of numbers) is read by a scanner of its own (``resultFastPath(_:)``),
    ///   several times faster than `JSONDecoder`; any other line goes through `JSONDecoder`.
    public init(line: String) throws(WorkerProtocolError) {
        if let result = Self.resultFastPath(line) {
            self = result
            return
        }
        try self.init(decoding: line)
    }

    /// Reads one line with `JSONDecoder` (the path every message can take).
    init(decoding line: String) throws(WorkerProtocolError) {
        let data = Data(line.utf8)
        let head: Head
        do {
            head = try JSONDecoder().decode(Head.self, from: data)
        } catch {
            throw WorkerProtocolError("not a protocol message (a JSON object with a \"type\"): \(Self.excerpt(line))")
        }
        do {
            switch head.type {
            case "hello":
                let body = try JSONDecoder().decode(HelloBody.self, from: data)
                self = .hello(protocolVersion: body.protocol, tessera: body.tessera ?? "")
            case "ready":
                let body = try JSONDecoder().decode(ReadyBody.self, from: data)
                self = .ready(protocolVersion: body.protocol, domain: try body.domain.checked())
            case "evaluate":
                let body = try JSONDecoder().decode(EvaluateBody.self, from: data)
                self = .evaluate(try body.items.map { item throws(WorkerProtocolError) in
                    guard item.seed <= WorkerMessage.largestSeed else {
                        throw WorkerProtocolError("the seed of item \(item.id) is above 2^53 - 1")
                    }
                    return WorkerItem(id: item.id, genome: item.genome.values, seed: item.seed)
                })
            case "result":
                let body = try JSONDecoder().decode(ResultBody.self, from: data)
                switch (body.error, body.objective) {
                case (let reason?, nil):
                    self = .result(id: body.id, outcome: .error(reason))
                case (nil, let objective?):
                    let evaluation = Evaluation(objective: objective.value, descriptor: body.descriptor?.values ?? [],
                                                metadata: body.metadata, observation: body.observation.map { $0.values.map(Float.init) })
                    self = .result(id: body.id, outcome: .evaluation(evaluation))
                default:
                    throw WorkerProtocolError("result \(body.id) must hold either \"objective\" or \"error\"")
                }
            case "shutdown":
                self = .shutdown
            default:
                throw WorkerProtocolError("unknown message type '\(head.type)' (hello, ready, evaluate, result, shutdown)")
            }
        } catch let error as WorkerProtocolError {
            throw error
        } catch {
            throw WorkerProtocolError("a '\(head.type)' message that cannot be read (\(Self.reason(error))): \(Self.excerpt(line))")
        }
    }

    /// The start of a bad line, for an error message.
    static func excerpt(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 80 ? String(trimmed.prefix(80)) + "…" : trimmed
    }

    /// A decoding error in a few words.
    static func reason(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default: return String(describing: error)
        }
    }

    private struct Head: Decodable { var type: String }
    private struct HelloBody: Decodable { var `protocol`: Int; var tessera: String? }
    private struct ReadyBody: Decodable { var `protocol`: Int; var domain: WorkerDomain.Wire }
    private struct EvaluateBody: Decodable { var items: [Item] }
    private struct Item: Decodable { var id: Int; var genome: WireVector; var seed: UInt64 }
    private struct ResultBody: Decodable {
        var id: Int
        var objective: WireNumber?
        var descriptor: WireVector?
        var observation: WireVector?
        var metadata: Metadata?
        var error: String?
    }
}

extension WorkerDomain {
    /// The domain's JSON object.
    var json: String {
        var genome = #"{"dimension":\#(genomeDimension)"#
        if let bounds = genomeBounds {
            genome += #","lower":\#(WireNumbers.vector(bounds.lower)),"upper":\#(WireNumbers.vector(bounds.upper))"#
        }
        genome += "}"
        let names = "[" + descriptorNames.map(WorkerMessage.quoted).joined(separator: ",") + "]"
        var text = #"{"genome":\#(genome),"descriptors":{"names":\#(names),"lower":\#(WireNumbers.vector(descriptorSpace.lower)),"upper":\#(WireNumbers.vector(descriptorSpace.upper))}"#
        if let range = objectiveRange {
            text += #","objective":{"lower":\#(WireNumbers.text(range.lowerBound)),"upper":\#(WireNumbers.text(range.upperBound))}"#
        }
        if observationDimension > 0 { text += #","observation":{"dimension":\#(observationDimension)}"# }
        return text + "}"
    }

    /// The domain as `ready` writes it, before it is checked.
    struct Wire: Decodable {
        struct Genome: Decodable { var dimension: Int; var lower: WireVector?; var upper: WireVector? }
        struct Descriptors: Decodable { var names: [String]?; var lower: WireVector; var upper: WireVector }
        struct Objective: Decodable { var lower: WireNumber?; var upper: WireNumber? }
        struct Observation: Decodable { var dimension: Int }
        var genome: Genome
        var descriptors: Descriptors
        var objective: Objective?
        var observation: Observation?

        /// The domain, checked: a genome of 1 … 10⁷ numbers with a finite box where given,
        /// 1 … 64 descriptors with finite bounds, lower below upper.
        func checked() throws(WorkerProtocolError) -> WorkerDomain {
            func box(_ lower: [Double], _ upper: [Double], _ what: String, count: Int) throws(WorkerProtocolError) -> Box {
                guard lower.count == count, upper.count == count else {
                    throw WorkerProtocolError("the \(what) bounds have \(lower.count) and \(upper.count) numbers for \(count) dimensions")
                }
                guard zip(lower, upper).allSatisfy({ $0.isFinite && $1.isFinite && $0 < $1 }) else {
                    throw WorkerProtocolError("the \(what) bounds must be finite with every lower bound below its upper bound")
                }
                return Box(lower: lower, upper: upper)
            }
            guard (1...10_000_000).contains(genome.dimension) else {
                throw WorkerProtocolError("the genome dimension must be in 1...10000000 (got \(genome.dimension))")
            }
            var genomeBounds: Box?
            switch (genome.lower, genome.upper) {
            case (nil, nil): break
            case (let lower?, let upper?): genomeBounds = try box(lower.values, upper.values, "genome", count: genome.dimension)
            default: throw WorkerProtocolError("the genome needs both \"lower\" and \"upper\" bounds, or neither")
            }
            let k = descriptors.lower.values.count
            guard (1...64).contains(k) else { throw WorkerProtocolError("a domain needs 1 to 64 descriptors (got \(k))") }
            let space = try box(descriptors.lower.values, descriptors.upper.values, "descriptor", count: k)
            let names = descriptors.names ?? (0..<k).map { "descriptor_\($0)" }
            guard names.count == k else { throw WorkerProtocolError("\(names.count) descriptor names for \(k) descriptors") }
            var range: ClosedRange<Double>?
            if let low = objective?.lower?.value, let high = objective?.upper?.value {
                guard low.isFinite, high.isFinite, low <= high else {
                    throw WorkerProtocolError("the objective bounds must be finite with lower at most upper")
                }
                range = low...high
            }
            let observed = observation?.dimension ?? 0
            guard (0...100_000_000).contains(observed) else {
                throw WorkerProtocolError("the observation dimension must be in 0...100000000 (got \(observed))")
            }
            return WorkerDomain(genomeDimension: genome.dimension, genomeBounds: genomeBounds, descriptorNames: names,
                                descriptorSpace: space, objectiveRange: range, observationDimension: observed)
        }
    }
}
