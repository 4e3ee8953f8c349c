/// What a ``RemoteDiffusionServer`` has done so far: requests, their retries and wall time,
/// and the NFE the server reported.
public struct RemoteDiffusionStatistics: Hashable, Sendable, Codable {
    /// Requests sent (each once, however often it was retried), the `hello` included.
    public var requests = 0
    /// Requests that failed after their retries, or whose answer was refused.
    public var failures = 0
    /// Attempts retried after transient failures or unusable answers.
    public var retries = 0
    /// Wall time of the requests, summed, in seconds.
    public var seconds = 0.0
    /// NFE the server reported spending on `advance`.
    public var nfe = 0
    /// Outputs scored, failed rows included.
    public var scored = 0

    /// No request yet.
    public init() {}
}
