import TesseraStore

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
        /// Positive counts joined by `x`, such as `100x100` (a grid's bins, one per
        /// descriptor) or `256x64` (layer sizes).
        case shape
        /// One word of ``RunOption/choices``.
        case choice
        /// A text the option reads with its own reader (``RunOption/init(_:help:reader:describe:default:)``).
        case text
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
    /// The words a ``Kind/choice`` option takes.
    public let choices: [String]
    /// The largest value of a ``Kind/count`` option, when it has one.
    public let maximum: Int?
    private let defaultFor: @Sendable (TaskDeclaration) -> OptionValue
    private let reader: (@Sendable (String) throws -> OptionValue)?
    private let check: (@Sendable (OptionValue) throws(ConfigurationError) -> Void)?
    private let describer: (@Sendable (OptionValue) -> String)?

    /// Declares an option.
    ///
    /// - Parameters:
    ///   - legacyKey: Its key in configurations written before the catalogue, if any.
    ///   - defaultValue: The value a run of `task` takes when the option is not given.
    ///   - maximum: The largest value of a count, if any.
    public init(_ setting: RunSetting, kind: Kind, help: String, legacyKey: String? = nil, maximum: Int? = nil,
                default defaultValue: @escaping @Sendable (TaskDeclaration) -> OptionValue) {
        self.maximum = maximum
        self.setting = setting
        self.kind = kind
        self.help = help
        self.legacyKey = legacyKey
        self.choices = []
        self.defaultFor = defaultValue
        self.reader = nil
        self.check = nil
        self.describer = nil
    }

    /// Declares an option taking one word of `choices`.
    public init(_ setting: RunSetting, choices: [String], help: String,
                default defaultValue: @escaping @Sendable (TaskDeclaration) -> OptionValue) {
        precondition(!choices.isEmpty, "a choice needs choices")
        self.setting = setting
        self.kind = .choice
        self.maximum = nil
        self.help = help
        self.legacyKey = nil
        self.choices = choices
        self.defaultFor = defaultValue
        self.reader = nil
        self.check = nil
        self.describer = nil
    }

    /// Declares an option whose value is a text the option reads itself: `reader` turns
    /// what the command line gives (a name, a path) into the value files keep (which must
    /// hold everything needed to rebuild the run, such as a map file's contents);
    /// `check` validates a value read back from a file; `describe` shows it in one line.
    ///
    /// - Parameters:
    ///   - reader: May throw ``ConfigurationError`` for a bad flag (status 64) or any
    ///     other error for a bad input file (status 1), in one line.
    public init(_ setting: RunSetting, help: String, reader: @escaping @Sendable (String) throws -> OptionValue,
                check: @escaping @Sendable (OptionValue) throws(ConfigurationError) -> Void,
                describe: @escaping @Sendable (OptionValue) -> String,
                default defaultValue: @escaping @Sendable (TaskDeclaration) -> OptionValue) {
        self.setting = setting
        self.kind = .text
        self.maximum = nil
        self.help = help
        self.legacyKey = nil
        self.choices = []
        self.defaultFor = defaultValue
        self.reader = reader
        self.check = check
        self.describer = describe
    }

    /// The value in one line, for `info` and the `run_config` table.
    public func describe(_ value: OptionValue) -> String { describer?(value) ?? value.description }

    /// The default for a run of `task`.
    public func defaultValue(for task: TaskDeclaration) -> OptionValue { defaultFor(task) }

    /// Reads a value as written on the command line: a whole number, a real number, or
    /// bin counts joined by `x`. Signs are accepted here so that ``check(_:)`` can say
    /// what is wrong with a negative value.
    ///
    /// - Throws: ``ConfigurationError`` when `text` is not a value of this kind; a text
    ///   option's reader may also throw its own errors (a bad file).
    public func parse(_ text: String) throws -> OptionValue {
        switch kind {
        case .choice:
            guard choices.contains(text) else {
                throw ConfigurationError(setting: setting, problem: "takes one of \(Catalogue.list(choices)) (got '\(text)')")
            }
            return .text(text)
        case .text:
            return try reader?(text) ?? .text(text)
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
            if let maximum, n > maximum {
                throw ConfigurationError(setting: setting, problem: "must be at most \(ReportNumber.grouped(maximum)) (got \(ReportNumber.grouped(n)))")
            }
        case (.number, .number), (.number, .integer):
            let real = value.number ?? .nan
            if !(real >= 0 && real.isFinite) { throw ConfigurationError(setting: setting, problem: "must be a finite, non-negative number") }
        case (.shape, .shape(let bins)):
            // How many counts an option takes is its owner's rule (a grid: one per descriptor).
            if bins.isEmpty || bins.count > 64 || bins.contains(where: { $0 <= 0 }) {
                throw ConfigurationError(setting: setting, problem: bins.count == 2 || setting == .grid
                                         ? "must be two positive bin counts, like 100x100"
                                         : "must be positive counts joined by x, like 256x64")
            }
        case (.choice, .text(let word)):
            if !choices.contains(word) {
                throw ConfigurationError(setting: setting, problem: "must be one of \(Catalogue.list(choices)) (got '\(word)')")
            }
        case (.text, .text):
            try check?(value)
        default:
            throw ConfigurationError(setting: setting, problem: "takes a \(kind.rawValue), not \(value)")
        }
    }
}
