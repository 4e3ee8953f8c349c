/// One option an algorithm declares: its setting (flag and stored key), what it means,
/// the kind of value it takes and its default for a task.
///
/// The command line parses `--flag value` with ``parse(_:)``; ``check(_:)`` applies the
/// rule of the kind (a positive count, a finite non-negative number, positive bins), so a
/// value is checked the same way from a flag and from a file.
public struct RunOption: Sendable {
    /// The kind of value an option takes.
    public enum Kind: String, Sendable {
        /// A positive whole number.
        case count
        /// A finite, non-negative real number.
        case number
        /// Two positive bin counts joined by `x`, such as `100x100`.
        case shape
    }

    /// The flag and stored key.
    public let setting: RunSetting
    /// The kind of value.
    public let kind: Kind
    /// One line for help texts.
    public let help: String
    /// The option's key in run configurations written before the catalogue (the
    /// camel-case property names of format-1 files, such as `cvtSamples`), if it has one.
    public let legacyKey: String?
    private let defaultFor: @Sendable (TaskDeclaration) -> OptionValue

    /// Declares an option.
    ///
    /// - Parameters:
    ///   - legacyKey: Its key in configurations written before the catalogue, if any.
    ///   - defaultValue: The value a run of `task` takes when the option is not given.
    public init(_ setting: RunSetting, kind: Kind, help: String, legacyKey: String? = nil,
                default defaultValue: @escaping @Sendable (TaskDeclaration) -> OptionValue) {
        self.setting = setting
        self.kind = kind
        self.help = help
        self.legacyKey = legacyKey
        self.defaultFor = defaultValue
    }

    /// The default for a run of `task`.
    public func defaultValue(for task: TaskDeclaration) -> OptionValue { defaultFor(task) }

    /// Reads a value as written on the command line: a whole number, a real number, or
    /// bin counts joined by `x`. Signs are accepted here so that ``check(_:)`` can say
    /// what is wrong with a negative value.
    ///
    /// - Throws: ``ConfigurationError`` when `text` is not a value of this kind.
    public func parse(_ text: String) throws(ConfigurationError) -> OptionValue {
        switch kind {
        case .count:
            guard let value = Int(text) else { throw ConfigurationError(setting: setting, problem: "takes a whole number (got '\(text)')") }
            return .integer(value)
        case .number:
            guard let value = Double(text) else { throw ConfigurationError(setting: setting, problem: "takes a number (got '\(text)')") }
            return .number(value)
        case .shape:
            let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            let bins = parts.compactMap { Int($0) }
            guard !parts.isEmpty, bins.count == parts.count else {
                throw ConfigurationError(setting: setting, problem: "takes bin counts joined by x, like 100x100 (got '\(text)')")
            }
            return .shape(bins)
        }
    }

    /// Checks `value` against the rule of this option's kind.
    ///
    /// - Throws: ``ConfigurationError`` naming the setting and the rule.
    public func check(_ value: OptionValue) throws(ConfigurationError) {
        switch (kind, value) {
        case (.count, .integer(let n)):
            if n <= 0 { throw ConfigurationError(setting: setting, problem: "must be positive") }
        case (.number, .number), (.number, .integer):
            let real = value.number ?? .nan
            if !(real >= 0 && real.isFinite) { throw ConfigurationError(setting: setting, problem: "must be a finite, non-negative number") }
        case (.shape, .shape(let bins)):
            if bins.count != 2 || bins.contains(where: { $0 <= 0 }) {
                throw ConfigurationError(setting: setting, problem: "must be two positive bin counts, like 100x100")
            }
        default:
            throw ConfigurationError(setting: setting, problem: "takes a \(kind.rawValue), not \(value)")
        }
    }
}
