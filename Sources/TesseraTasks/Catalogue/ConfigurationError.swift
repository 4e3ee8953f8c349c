/// A configuration value that cannot work.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The setting at fault.
    public let setting: RunSetting?
    /// What is wrong with it, without its name ("must be positive").
    public let problem: String

    /// An error about `setting`.
    public init(setting: RunSetting?, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    /// An error about no single setting.
    public init(message: String) {
        self.init(setting: nil, problem: message)
    }

    /// What is wrong, naming the flag (for the command line).
    public var message: String { setting.map { "\($0.flag) \(problem)" } ?? problem }
    /// What is wrong, naming the stored key (for a file's configuration).
    public var storedMessage: String { setting.map { "its \($0.key) \(problem)" } ?? problem }
    public var description: String { message }
}
