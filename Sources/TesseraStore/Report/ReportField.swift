/// One labelled value shown in a report: a configuration entry or a headline figure.
///
/// The report prints both strings as given (HTML-escaped), so the caller chooses the
/// formatting, e.g. `ReportField(key: "QD score", value: "1,234.5")`.
public struct ReportField: Sendable, Hashable {
    /// The label, e.g. `"emitters"` or `"Coverage"`.
    public var key: String
    /// The value as it should be displayed.
    public var value: String

    /// Creates a field.
    ///
    /// - Parameters:
    ///   - key: The label.
    ///   - value: The value as it should be displayed.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
