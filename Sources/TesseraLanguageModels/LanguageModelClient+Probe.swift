import Foundation
import Tessera

extension LanguageModelClient {
    /// Checks every server before a run pays for anything: `GET {base}/models` (which
    /// OpenAI-compatible servers answer, with the key checked) on each base URL.
    ///
    /// - Throws: ``LanguageModelError`` in one line for a server that cannot be reached or
    ///   that refuses the key. A server without a `/models` page (404, 405) passes.
    public func probe() async throws(LanguageModelError) {
        guard let http else { return }
        for base in baseURLs {
            switch await http.probe(base.appendingPathComponent("models")) {
            case .reachable: continue
            case .refused(let status, let detail):
                throw LanguageModelError("the language-model server \(base.absoluteString) refuses "
                                         + (keyVariable.map { "the key in $\($0)" } ?? "requests without a key (give --llm-key-env)")
                                         + " (HTTP \(status)\(detail.isEmpty ? "" : ": \(detail)"))")
            case .unreachable(let why):
                throw LanguageModelError("the language-model server \(base.absoluteString) cannot be reached: \(why)")
            }
        }
    }
}
