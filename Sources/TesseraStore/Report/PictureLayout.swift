import Foundation

/// Where the picture of an output lies in each genome, written `OFFSET:WIDTHxHEIGHT` in a
/// run's `picture` configuration field: `0:128x128` draws genome values `0..<16384` as 128
/// rows of 128 heights.
struct PictureLayout: Sendable, Equatable {
    /// The most pictures a report draws from one archive: the best elites first.
    static let maximumCount = 24

    /// The index of the first value in the genome.
    let offset: Int
    /// The number of columns, in `1...4096`.
    let width: Int
    /// The number of rows, in `1...4096`.
    let height: Int

    /// The genome values the picture takes.
    var range: Range<Int> { offset..<(offset + width * height) }

    /// Reads `OFFSET:WIDTHxHEIGHT` (surrounding spaces allowed, `x` or `X`), or returns `nil`
    /// unless the offset is a whole number from 0 and both sides are whole numbers in
    /// `1...4096`.
    ///
    /// - Parameter text: The field's value, e.g. `"0:128x128"`.
    init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let offset = Int(parts[0]), offset >= 0 else { return nil }
        let sides = parts[1].split(whereSeparator: { $0 == "x" || $0 == "X" }).map { Int($0) }
        guard sides.count == 2, parts[1].count(where: { $0 == "x" || $0 == "X" }) == 1,
              let width = sides[0], let height = sides[1],
              (1...PNGImage.maximumSide).contains(width), (1...PNGImage.maximumSide).contains(height),
              offset <= Int.max - width * height else { return nil }
        self.offset = offset
        self.width = width
        self.height = height
    }

    /// The pictures of the best elites: highest objective first (ties by cell, then input
    /// order; non-finite objectives left out), at most ``maximumCount``.
    ///
    /// Each caption reads `cell 12 · reward 0.8123 · mean slope 0.21, roughness 0.03`: the
    /// cell, the objective under `objectiveName` and each descriptor value under its name
    /// (`descriptor 0`, … when `descriptorNames` has another count), four significant digits.
    ///
    /// - Parameters:
    ///   - elites: Cell, objective and descriptor of each elite, in any order.
    ///   - objectiveName: What the objective is called.
    ///   - descriptorNames: The descriptors' names.
    ///   - values: The values of the `k`-th elite's genome, at least `range.upperBound` of them.
    /// - Returns: The pictures, best first.
    /// - Throws: ``ReportError`` when a genome drawn holds fewer than `range.upperBound` values.
    /// - Complexity: O(*n* log *n*) in the number of elites, plus the values drawn.
    func pictures(of elites: [(cell: Int, objective: Double, descriptor: [Double])], objectiveName: String,
                  descriptorNames: [String], values: (Int) -> [Float]) throws -> [ReportPicture] {
        let ranked = elites.indices.filter { elites[$0].objective.isFinite }.sorted { a, b in
            let (ea, eb) = (elites[a], elites[b])
            if ea.objective != eb.objective { return ea.objective > eb.objective }
            if ea.cell != eb.cell { return ea.cell < eb.cell }
            return a < b
        }
        return try ranked.prefix(Self.maximumCount).map { index in
            let elite = elites[index]
            let genome = values(index)
            guard genome.count >= range.upperBound else {
                throw ReportError("the genome of cell \(elite.cell) holds \(genome.count) values, "
                                  + "too few for a picture of values \(range.lowerBound)..<\(range.upperBound)")
            }
            let names = descriptorNames.count == elite.descriptor.count
                ? descriptorNames : elite.descriptor.indices.map { "descriptor \($0)" }
            var caption = "cell \(elite.cell) · \(objectiveName) \(ReportNumber.significant(elite.objective, digits: 4))"
            if !elite.descriptor.isEmpty {
                caption += " · " + zip(names, elite.descriptor).map { "\($0) \(ReportNumber.significant($1, digits: 4))" }
                    .joined(separator: ", ")
            }
            return ReportPicture(caption: caption, width: width, height: height, values: Array(genome[range]))
        }
    }
}
