import Foundation
import TesseraStore

/// Number formatting for people.
enum Format {
    /// A count with thousands separators, as the report prints it.
    static func count(_ n: Int) -> String { ReportNumber.grouped(n) }

    static func number(_ x: Double) -> String {
        let a = abs(x)
        if a >= 1e9 { return String(format: "%.2fG", x / 1e9) }
        if a >= 1e6 { return String(format: "%.2fM", x / 1e6) }
        if a >= 1e4 { return String(format: "%.1fk", x / 1e3) }
        return String(format: "%.4g", x)
    }

    static func percent(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds)
        return s < 3600 ? "\(s / 60)m\(s % 60)s" : "\(s / 3600)h\((s % 3600) / 60)m"
    }
}
