import ArgumentParser
import TesseraTasks

/// The algorithm's and the task's own options on the command line (`--grid 50x50`,
/// `--sigma=0.3`, `--maze hard`), read against the catalogue's declarations: `run` and
/// `resume` capture the words they do not know and hand them here, so a new algorithm's
/// or task's options need no new flags in the commands.
struct AlgorithmOptions {
    /// The values given, by setting, in the order given.
    private(set) var values: [(RunSetting, OptionValue)] = []
    /// The words that are neither options nor their values (the command's positional
    /// arguments, such as the task), in order.
    private(set) var positionals: [String] = []

    /// Parses `words` for a run of `algorithm` on `task`.
    ///
    /// - Parameter run: The algorithm and task whose options may be given, or `nil` to
    ///   split the positional words from the options without reading them (to find the
    ///   task first).
    /// - Throws: `ValidationError` (status 64) for an unknown option, an option of another
    ///   algorithm or task (naming those that use it), a missing or unreadable value, or an
    ///   option given twice; `CommandFailure` (status 1) for an input file an option reads
    ///   (a maze map) that is missing or malformed.
    init(_ words: [String], for run: (algorithm: AlgorithmDeclaration, task: TaskDeclaration)?, catalogue: Catalogue = .builtIn,
         context: String = "") throws {
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positionals.append(word)
                continue
            }
            let parts = word.dropFirst(2).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let setting = RunSetting(parts[0].replacingOccurrences(of: "-", with: "_"))
            guard catalogue.options.contains(where: { $0.setting == setting }) else {
                throw ValidationError("unknown option '--\(parts[0])'")
            }
            guard let (algorithm, task) = run else {
                if !word.contains("=") { index += 1 }
                continue
            }
            guard let option = algorithm.option(setting) ?? task.option(setting) else {
                throw ValidationError(context + ConfigurationError.notApplicable(setting, to: algorithm, task: task,
                                                                                 catalogue: catalogue).message)
            }
            let text: String
            if parts.count == 2 {
                text = String(parts[1])
            } else {
                guard index < words.endIndex else { throw ValidationError("\(setting.flag) needs a value") }
                text = words[index]
                index += 1
            }
            guard !values.contains(where: { $0.0 == setting }) else { throw ValidationError("\(setting.flag) is given twice") }
            do {
                values.append((setting, try option.parse(text)))
            } catch let error as ConfigurationError {
                throw ValidationError(error.message)
            } catch {
                throw CommandFailure("\(setting.flag) \(text): \(error)")
            }
        }
    }

    /// The values as a configuration's options.
    var dictionary: [RunSetting: OptionValue] { Dictionary(uniqueKeysWithValues: values) }

    /// Help text listing every algorithm and task option of `catalogue`, with the
    /// algorithms or tasks that use it and its default.
    static func help(_ catalogue: Catalogue = .builtIn) -> String {
        catalogue.options.map { option in
            let users = (catalogue.algorithms(using: option.setting).map(\.name)
                         + catalogue.tasks.filter { $0.option(option.setting) != nil }.map { "task \($0.name)" }).joined(separator: ", ")
            return "\(option.setting.flag) <\(option.kind.rawValue)> [\(users)]\n  \(option.help) Default: \(defaults(of: option, catalogue))."
        }.joined(separator: "\n")
    }

    /// An option's default, with the algorithms and tasks where it differs:
    /// `0.5 (arm: 0.1)`, `2 (taxons: 10)`.
    static func defaults(of option: RunOption, _ catalogue: Catalogue) -> String {
        let owners = catalogue.algorithms(using: option.setting).compactMap { algorithm in
            algorithm.ownOptions.first { $0.setting == option.setting }.map { (algorithm.name, taskDefaults(of: $0, catalogue)) }
        }
        guard !owners.isEmpty else { return taskDefaults(of: option, catalogue) }
        let common = mostFrequent(owners.map(\.1))
        let others = owners.filter { $0.1 != common }.map { "\($0.0): \($0.1)" }
        return common + (others.isEmpty ? "" : " (\(others.joined(separator: ", ")))")
    }

    /// An option's default for each task, with the tasks where it differs.
    static func taskDefaults(of option: RunOption, _ catalogue: Catalogue) -> String {
        let values = catalogue.tasks.map { ($0.name, option.describe(option.defaultValue(for: $0))) }
        let common = mostFrequent(values.map(\.1))
        let others = values.filter { $0.1 != common }.map { "\($0.0): \($0.1)" }
        return common + (others.isEmpty ? "" : " (\(others.joined(separator: ", ")))")
    }

    /// The most frequent of `values`, the first listed among equals.
    private static func mostFrequent(_ values: [String]) -> String {
        var counts: [String: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return values.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && values.firstIndex(of: $0)! > values.firstIndex(of: $1)!) } ?? ""
    }
}
