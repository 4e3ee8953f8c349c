import Foundation

extension HTTPWorker {
    /// The request slots of the HTTP evaluation service at `baseURL`, sharing one session.
    ///
    /// `baseURL` is where the service lives (`http://127.0.0.1:8000`, or under a path
    /// prefix, `https://host/tessera`); a trailing slash is ignored, and so is a trailing
    /// `/v1` (`http://host:8000/v1/` means `http://host:8000`), since users often paste the
    /// versioned URL. The endpoints are `{base}/v1/hello` and `{base}/v1/evaluate`.
    ///
    /// - Parameters:
    ///   - baseURL: The service, `http` or `https`, with a host, no user or password (pass
    ///     a token instead), no query and no fragment.
    ///   - count: The slots: how many requests the service may see at once, 1 … 1024.
    ///   - tokenVariable: The name of an environment variable holding a bearer token sent
    ///     as `Authorization: Bearer TOKEN`, or `nil` for none. The token is read once,
    ///     leading and trailing white space trimmed, and never shown anywhere.
    ///   - timeout: The longest one attempt may take, positive (120 s by default).
    ///   - retry: Attempts and back-off for transient failures (``RetryPolicy/standard``:
    ///     4 attempts).
    ///   - environment: Where `tokenVariable` is read; the process's environment by default.
    /// - Returns: `count` workers, slot 1 to `count`.
    /// - Throws: ``RemoteEvaluatorError`` in one line for a value out of those ranges, or a
    ///   token variable that is not set, is empty, or holds characters a header cannot
    ///   carry (naming the variable, never its value).
    public static func slots(baseURL: URL, count: Int, tokenVariable: String? = nil, timeout: Duration = .seconds(120),
                             retry: RetryPolicy = .standard,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(RemoteEvaluatorError) -> [HTTPWorker] {
        let base = try base(of: baseURL)
        guard (1...1024).contains(count) else {
            throw RemoteEvaluatorError("the number of HTTP slots must be in 1...1024 (got \(count))")
        }
        let client: HTTPClient
        do {
            client = try HTTPClient(connections: count, tokenVariable: tokenVariable, timeout: timeout, retry: retry,
                                    accept: "application/x-ndjson, application/json", environment: environment)
        } catch {
            throw RemoteEvaluatorError(error.message)
        }
        let service = HTTPService(base: base, count: count, client: client)
        return (0..<count).map { HTTPWorker(service: service, slot: $0, of: count) }
    }

    /// The base of the service's endpoints: `url` checked, without trailing slashes or
    /// a trailing `/v1`.
    static func base(of url: URL) throws(RemoteEvaluatorError) -> String {
        guard url.user == nil, url.password == nil else {
            throw RemoteEvaluatorError("the evaluation service URL must not hold a user or password; give a token variable instead")
        }
        let text = url.absoluteString
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw RemoteEvaluatorError("the evaluation service URL must start with http:// or https:// (got '\(text)')")
        }
        guard let host = url.host, !host.isEmpty else {
            throw RemoteEvaluatorError("the evaluation service URL has no host (got '\(text)')")
        }
        guard url.query == nil, url.fragment == nil, !text.contains("?"), !text.contains("#") else {
            throw RemoteEvaluatorError("the evaluation service URL must not have a query or a fragment (got '\(text)')")
        }
        var base = Substring(text)
        while base.hasSuffix("/") { base = base.dropLast() }
        if base.lowercased().hasSuffix("/v1") { base = base.dropLast(3) }
        while base.hasSuffix("/") { base = base.dropLast() }
        return String(base)
    }

}
