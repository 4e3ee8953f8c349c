import Testing
@testable import TesseraStore

@Suite struct ReportFormattingTests {
    @Test func escapingReplacesTheFiveSpecialCharacters() {
        #expect("<a href=\"x\">Tom & 'Jerry'</a>".htmlEscaped
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect("plain text, σ = 0.1 ✓".htmlEscaped == "plain text, σ = 0.1 ✓")
        #expect("&amp;".htmlEscaped == "&amp;amp;", "escaping is not idempotent: text is never taken as markup")
    }

    @Test func fixedRoundsAndTrims() {
        #expect(ReportNumber.fixed(2.5, decimals: 2) == "2.5")
        #expect(ReportNumber.fixed(2.5, decimals: 2, trimZeros: false) == "2.50")
        #expect(ReportNumber.fixed(-0.004, decimals: 2) == "0")
        #expect(ReportNumber.fixed(-12.345678, decimals: 3) == "-12.346")
        #expect(ReportNumber.fixed(0.05, decimals: 1) == "0.1")
        #expect(ReportNumber.fixed(1234567, decimals: 0) == "1234567")
        #expect(ReportNumber.fixed(0.000123, decimals: 6) == "0.000123")
        #expect(ReportNumber.fixed(.nan, decimals: 2) == "NaN")
        #expect(ReportNumber.fixed(-.infinity, decimals: 2) == "-inf")
    }

    @Test func significantSwitchesToScientificOutsideTheReadableRange() {
        #expect(ReportNumber.significant(0) == "0")
        #expect(ReportNumber.significant(3.14159265, digits: 4) == "3.142")
        #expect(ReportNumber.significant(-0.00123456, digits: 3) == "-0.00123")
        #expect(ReportNumber.significant(123456.7, digits: 4) == "123457")
        #expect(ReportNumber.significant(9.99996, digits: 4) == "10")
        #expect(ReportNumber.significant(1.5e-7, digits: 3) == "1.5e-07")
        #expect(ReportNumber.significant(-2.5e12, digits: 3) == "-2.5e+12")
        #expect(ReportNumber.significant(9.9999e9, digits: 3) == "1e+10")
    }

    @Test func groupedInsertsThousandsSeparators() {
        #expect(ReportNumber.grouped(0) == "0")
        #expect(ReportNumber.grouped(999) == "999")
        #expect(ReportNumber.grouped(1000) == "1,000")
        #expect(ReportNumber.grouped(-1234567) == "-1,234,567")
    }

    @Test func ticksFallOnNiceSteps() {
        let ticks = ReportTicks(lower: -1, upper: 1, count: 5)
        #expect(ticks.values == [-1, -0.5, 0, 0.5, 1])
        #expect(ticks.labels == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
        let extended = ReportTicks(lower: 0, upper: 87, count: 5, extend: true)
        #expect(extended.lower == 0 && extended.upper == 100)
        #expect(extended.values == [0, 20, 40, 60, 80, 100])
        let large = ReportTicks(lower: 0, upper: 250_000, count: 5)
        #expect(large.labels == ["0", "50k", "100k", "150k", "200k", "250k"])
        let percent = ReportTicks(lower: 0, upper: 40, count: 4, suffix: "%")
        #expect(percent.labels == ["0%", "10%", "20%", "30%", "40%"])
    }

    @Test func degenerateTickRangesAreWidened() {
        let single = ReportTicks(lower: 5, upper: 5, count: 5)
        #expect(single.lower < 5 && single.upper > 5 && !single.values.isEmpty)
        let zero = ReportTicks(lower: 0, upper: 0, count: 5)
        #expect(zero.lower < 0 && zero.upper > 0)
        let nonFinite = ReportTicks(lower: .nan, upper: .infinity, count: 5)
        #expect(nonFinite.lower.isFinite && nonFinite.upper.isFinite && !nonFinite.values.isEmpty)
    }

    @Test func colourRampIsOrderedByLightness() {
        let ramp = ReportColorScale.ramp
        #expect(ramp.count == ReportColorScale.levels)
        #expect(ramp.allSatisfy { $0.count == 7 && $0.first == "#" })
        #expect(Set(ramp).count > 200, "the ramp has distinct colours")
        // Relative luminance of the gamma-encoded colours rises along the ramp.
        let luminance = (0...100).map { k -> Double in
            let (r, g, b) = ReportColorScale.srgb(at: Double(k) / 100)
            return 0.2126 * r + 0.7152 * g + 0.0722 * b
        }
        #expect(zip(luminance, luminance.dropFirst()).allSatisfy { $0 < $1 })
        #expect(!ramp.contains(ReportColorScale.emptyColor))
    }

    @Test func colourScaleClampsAndHandlesEmptyRanges() {
        let scale = ReportColorScale(spanning: [2, .nan, 4, -.infinity])
        #expect(scale.minimum == 2 && scale.maximum == 4)
        #expect(scale.fraction(of: 3) == 0.5)
        #expect(scale.color(of: 1) == ReportColorScale.ramp.first)
        #expect(scale.color(of: 9) == ReportColorScale.ramp.last)
        let flat = ReportColorScale(spanning: [7, 7])
        #expect(flat.color(of: 7) == ReportColorScale.ramp.last)
        let none = ReportColorScale(spanning: [Double]())
        #expect(none.minimum == 0 && none.maximum == 1)
    }
}
