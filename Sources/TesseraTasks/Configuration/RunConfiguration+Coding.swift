import Foundation
import Tessera

/// Run configurations are stored as JSON in archive files (`tessera_file.run_config_json`):
///
/// ```json
/// {"algorithm":"map-elites","batchSize":540,"dimension":100,"evaluations":100000,
///  "options":{"grid":[100,100],"sigma":0.5},"seed":0,"task":"sphere"}
/// ```
///
/// Every option of the algorithm is written, defaults included. A run on an evaluator
/// outside the process has the task `external` and the evaluator (``ExternalEvaluator``:
/// transport, command or URL, working folder, Dask address, declared domain) under
/// `evaluator`. Files written before the
/// catalogue hold the options as top-level camel-case keys (`grid`, `cells`,
/// `cvtSamples`, `sigma`, `isoSigma`, `lineSigma`), every algorithm's at once; they are
/// read through each option's ``RunOption/legacyKey``, and the keys the algorithm does
/// not use are ignored, as they were then. A configuration without the `sampler` option
/// of an algorithm that has one was written before format 2: it reads as `serial`, the
/// only method of those builds, so the run resumes exactly.
extension RunConfiguration: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let catalogue = Catalogue.builtIn
        let taskName = try c.decode(String.self, forKey: Key("task"))
        let algorithmName = try c.decode(String.self, forKey: Key("algorithm"))
        let task: TaskDeclaration
        if taskName == TaskDeclaration.externalName {
            task = .external(try c.decode(ExternalEvaluator.self, forKey: Key("evaluator")))
        } else if let builtIn = catalogue.tasks.first(where: { $0.name == taskName }) {
            task = builtIn
        } else {
            throw DecodingError.dataCorruptedError(forKey: Key("task"), in: c, debugDescription: "'\(taskName)' is not a task")
        }
        guard let algorithm = catalogue.algorithms.first(where: { $0.name == algorithmName }) else {
            throw DecodingError.dataCorruptedError(forKey: Key("algorithm"), in: c, debugDescription: "'\(algorithmName)' is not an algorithm")
        }
        var options: [RunSetting: OptionValue] = [:]
        if c.contains(Key("options")) {
            let nested = try c.nestedContainer(keyedBy: Key.self, forKey: Key("options"))
            for key in nested.allKeys {
                guard let option = algorithm.option(RunSetting(key.stringValue)) ?? task.option(RunSetting(key.stringValue)) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: nested,
                                                           debugDescription: "\(key.stringValue) is not an option of \(algorithm.name) "
                                                            + "or \(task.name)")
                }
                options[option.setting] = try Self.decode(option, from: nested, key: key)
            }
        } else {
            for option in algorithm.options {
                let key = Key(option.legacyKey ?? option.setting.key)
                if c.contains(key) { options[option.setting] = try Self.decode(option, from: c, key: key) }
            }
        }
        // Files written before format 2 drew normals serially and have no sampler option.
        if algorithm.option(.sampler) != nil, options[.sampler] == nil {
            options[.sampler] = .text(NormalSampling.serial.rawValue)
        }
        self.init(task: task, algorithm: algorithm, dimension: try c.decode(Int.self, forKey: Key("dimension")),
                  seed: try c.decode(UInt64.self, forKey: Key("seed")), batchSize: try c.decode(Int.self, forKey: Key("batchSize")),
                  evaluations: try c.decode(Int.self, forKey: Key("evaluations")), options: options)
    }

    private static func decode(_ option: RunOption, from c: KeyedDecodingContainer<Key>, key: Key) throws -> OptionValue {
        switch option.kind {
        case .count: return .integer(try c.decode(Int.self, forKey: key))
        case .number: return .number(try c.decode(Double.self, forKey: key))
        case .shape: return .shape(try c.decode([Int].self, forKey: key))
        case .choice, .text: return .text(try c.decode(String.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(task.name, forKey: Key("task"))
        try c.encodeIfPresent(task.external, forKey: Key("evaluator"))
        try c.encode(algorithm.name, forKey: Key("algorithm"))
        try c.encode(dimension, forKey: Key("dimension"))
        try c.encode(seed, forKey: Key("seed"))
        try c.encode(batchSize, forKey: Key("batchSize"))
        try c.encode(evaluations, forKey: Key("evaluations"))
        var nested = c.nestedContainer(keyedBy: Key.self, forKey: Key("options"))
        for (option, value) in resolvedOptions {
            let key = Key(option.setting.key)
            switch value {
            case .integer(let n): try nested.encode(n, forKey: key)
            case .number(let x): try nested.encode(x, forKey: key)
            case .shape(let bins): try nested.encode(bins, forKey: key)
            case .text(let text): try nested.encode(text, forKey: key)
            }
        }
    }
}
