/// An affine map from a data interval to a pixel interval (possibly reversed).
struct ReportLinearScale: Sendable {
    /// The data value mapped to `rangeStart`.
    let domainStart: Double
    /// The data value mapped to `rangeEnd`.
    let domainEnd: Double
    /// The pixel position of `domainStart`.
    let rangeStart: Double
    /// The pixel position of `domainEnd`.
    let rangeEnd: Double

    /// The pixel position of `value`; the midpoint of the range when the domain is empty.
    func callAsFunction(_ value: Double) -> Double {
        let span = domainEnd - domainStart
        guard span != 0 else { return (rangeStart + rangeEnd) / 2 }
        return rangeStart + (value - domainStart) / span * (rangeEnd - rangeStart)
    }
}
