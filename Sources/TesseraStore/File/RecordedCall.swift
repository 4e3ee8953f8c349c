import Foundation

/// One call of a run to a service outside the process, as its archive file keeps it.
///
/// A run that asks a language model (or any other paid or slow service) records each
/// successful call in its archive file with ``ArchiveFile/recordCalls(_:)``, so a resumed
/// run answers a question it already asked from the file instead of asking again, and a
/// finished run can be replayed without the service. The store does not look inside:
/// the caller chooses how to write the key and the body.
public struct RecordedCall: Sendable, Hashable {
    /// What was asked, in a form that names the call exactly (for example a hash of the
    /// model, prompt and sampling settings); unique within a file.
    public var key: String
    /// The whole exchange as JSON (request and answer), opaque to the store.
    public var body: Data

    /// Creates a recorded call.
    ///
    /// - Parameters:
    ///   - key: What was asked; unique within a file.
    ///   - body: The whole exchange, JSON.
    public init(key: String, body: Data) {
        self.key = key
        self.body = body
    }
}
