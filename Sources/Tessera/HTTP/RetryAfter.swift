import Foundation

/// The wait an HTTP `Retry-After` header asks for (RFC 9110 §10.2.3): delta-seconds
/// (`120`) or an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, or the obsolete RFC 850 and
/// asctime forms).
enum RetryAfter {
    /// The wait `value` asks for, measured from `now`: never negative (a date in the past
    /// is no wait), or `nil` when the value is neither form.
    ///
    /// - Complexity: O(n) in the length of `value`.
    static func delay(_ value: String, now: Date = Date()) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            // Digits only; a value too long for Int64 saturates (the caller caps the wait).
            return .seconds(Int64(text) ?? Int64(Int32.max))
        }
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let seconds = date.timeIntervalSince(now)
                return seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : .zero
            }
        }
        return nil
    }

    /// IMF-fixdate, then RFC 850, then asctime.
    private static let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]
}
