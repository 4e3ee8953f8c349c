import Foundation

/// One emitter's configuration as a file keeps it once, when it is created: never
/// re-encoded at checkpoints, and checked against the rebuilt run on resume.
public struct EmitterConfiguration: Codable, Hashable, Sendable {
    /// The emitter's ``StateComponent/stateIdentifier``.
    public var identifier: String
    /// The emitter's Swift type name, for readers.
    public var typeName: String
    /// The emitter's configuration as JSON when the run was created
    /// (``Emitter/configurationJSON()``: the whole emitter unless it writes its settings
    /// alone).
    public var json: Data

    /// Creates a configuration record.
    public init(identifier: String, typeName: String, json: Data) {
        self.identifier = identifier
        self.typeName = typeName
        self.json = json
    }
}
