import Foundation
import Tessera

extension ArchiveFile {
    /// The report's input: configuration, summary figures, archive shape, elites and history.
    ///
    /// A few configuration fields shape the report:
    /// - `objective_name` names the objective in the headline, the "Best …" chart and the
    ///   captions (`quality` for a text run without it, `objective` otherwise);
    /// - `evaluation_unit` names the budget's unit (e.g. `NFE`) in the headline and on the
    ///   progress charts' x axes (`evaluations` without it);
    /// - `descriptor_names` (comma and space separated) names the descriptors;
    /// - `picture`, `OFFSET:WIDTHxHEIGHT` (e.g. `0:128x128`), draws genome values
    ///   `OFFSET..<OFFSET + WIDTH * HEIGHT` of the best elites (at most 24, highest
    ///   objective first) as heightfields, row-major, for vector and tensor genomes.
    ///
    /// - Parameter title: The page title, or `nil` for one made of the task and algorithm.
    /// - Returns: The input of an ``ArchiveReport``.
    /// - Throws: ``StoreError`` when the file cannot be read, and ``StoreError/corrupt(path:detail:)``
    ///   when the `picture` field is malformed or asks for values the genomes do not hold.
    public func reportInput(title: String? = nil) throws -> ReportInput {
        let summary = try summary()
        let fields = try configurationFields()
        func field(_ key: String) -> String? {
            fields.first { $0.key == key }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        }
        // A text run's objective is the judge's quality.
        let isText = fields.contains { $0.key == "kind" && $0.value == "text" }
        let objectiveName = field("objective_name") ?? (isText ? "quality" : "objective")
        let evaluationName = field("evaluation_unit") ?? "evaluations"
        // Runs that name their descriptors (text runs' axes, an outside evaluator's) show the names.
        let descriptorNames = field("descriptor_names")?.components(separatedBy: ", ") ?? []
        let layout = try pictureLayout(field("picture"))
        let archive: ReportArchive
        let box = header.descriptorSpace
        switch header.archiveKind {
        case .grid:
            guard let shape = header.gridShape, shape.count == box.dimension else {
                throw StoreError.corrupt(path: path, detail: "a grid archive without its shape")
            }
            archive = .grid(shape: shape, lower: box.lower, upper: box.upper)
        case .cvt:
            archive = .cvt(centroids: try centroids() ?? [], dimension: header.descriptorDimension, lower: box.lower, upper: box.upper)
        case .unstructured:
            archive = .unstructured(dimension: header.descriptorDimension, lower: box.lower, upper: box.upper)
        }
        let elites: [ReportElite]
        var pictures: [ReportPicture] = []
        func draw<G>(_ saved: [SavedElite<G>], values: (G) -> [Float]) throws {
            guard let layout else { return }
            do {
                pictures = try layout.pictures(of: saved.map { ($0.cell, $0.objective, $0.descriptor) }, objectiveName: objectiveName,
                                               descriptorNames: descriptorNames) { values(saved[$0].genome) }
            } catch let error as ReportError {
                throw StoreError.corrupt(path: path, detail: "configuration field 'picture': \(error.detail)")
            }
        }
        switch header.genomeKind {
        case .vector, .vectorBlob:
            let saved = try vectorElites()
            elites = saved.map {
                ReportElite(cell: $0.cell, objective: $0.objective, descriptor: $0.descriptor,
                            genomePreview: Self.preview($0.genome), evaluation: $0.evaluation, notes: Self.notes($0.metadata))
            }
            try draw(saved) { $0.map(Float.init) }
        case .tensor:
            let saved = try tensorElites()
            elites = saved.map {
                ReportElite(cell: $0.cell, objective: $0.objective, descriptor: $0.descriptor,
                            genomePreview: Self.preview($0.genome), evaluation: $0.evaluation, notes: Self.notes($0.metadata))
            }
            try draw(saved) { $0.values }
        case .json:
            // A genome that is a JSON string is a text (QDAIF): shown decoded, and in full in
            // the report's texts; any other JSON is shown as stored.
            let decoder = JSONDecoder()
            elites = try self.elites(inInsertionOrder: false) { statement, column in statement.text(column) ?? "" }.map {
                let text = try? decoder.decode(String.self, from: Data($0.genome.utf8))
                return ReportElite(cell: $0.cell, objective: $0.objective, descriptor: $0.descriptor,
                                   genomePreview: text.map(Self.preview) ?? String($0.genome.prefix(120)),
                                   evaluation: $0.evaluation, text: text, notes: Self.notes($0.metadata))
            }
        }
        let history = try self.history().map {
            ReportHistoryPoint(evaluations: $0.evaluations, qdScore: $0.qdScore, coverage: $0.coverage,
                               bestObjective: $0.objMax, failed: $0.failed)
        }
        let stats = summary.stats
        let diversity = try ArchiveDiversity(descriptors: elites.flatMap(\.descriptor), space: box)
        let headline = [
            ReportField(key: evaluationName, value: ReportNumber.grouped(summary.evaluations)),
            ReportField(key: "iterations", value: ReportNumber.grouped(summary.iterations)),
            ReportField(key: "elites", value: "\(ReportNumber.grouped(stats.numElites)) of \(ReportNumber.grouped(header.cells)) cells"),
            ReportField(key: "coverage", value: String(format: "%.2f%%", stats.coverage * 100)),
            ReportField(key: "QD score", value: String(format: "%.6g", stats.qdScore)),
            ReportField(key: "Vendi score", value: Self.describe(diversity)),
            ReportField(key: "best \(objectiveName)", value: stats.objMax.map { String(format: "%.6g", $0) } ?? "-"),
            ReportField(key: "failed evaluations", value: ReportNumber.grouped(summary.failedEvaluations)),
        ]
        var input = ReportInput(title: title ?? Self.reportTitle(configuration: fields, path: path),
                           configuration: fields.map { ReportField(key: $0.key, value: $0.value) }
                               + [ReportField(key: "file", value: path),
                                  ReportField(key: "format version", value: String(header.formatVersion)),
                                  ReportField(key: "Tessera version", value: header.tesseraVersion)],
                           archive: archive, elites: elites, history: history, summary: headline,
                           overlay: try reportOverlay())
        input.objectiveName = objectiveName
        input.evaluationName = evaluationName
        input.descriptorNames = descriptorNames
        input.pictures = pictures
        return input
    }

    /// The layout of the `picture` field's value, checked against the genomes, or `nil`
    /// without the field.
    ///
    /// - Throws: ``StoreError/corrupt(path:detail:)`` naming the field when the value is not
    ///   `OFFSET:WIDTHxHEIGHT` with sides in `1...4096`, or when the genomes hold no values
    ///   `OFFSET..<OFFSET + WIDTH * HEIGHT`.
    private func pictureLayout(_ value: String?) throws -> PictureLayout? {
        guard let value else { return nil }
        // The value is quoted on one line, whatever it holds.
        let quoted = "'" + value.split(whereSeparator: \.isNewline).joined(separator: " ") + "'"
        guard let layout = PictureLayout(value) else {
            throw StoreError.corrupt(path: path, detail: "configuration field 'picture' is \(quoted); expected OFFSET:WIDTHxHEIGHT "
                                     + "with sides from 1 to \(PNGImage.maximumSide), e.g. 0:128x128")
        }
        switch header.genomeKind {
        case .vector, .vectorBlob, .tensor:
            guard layout.range.upperBound <= header.genomeDimension else {
                throw StoreError.corrupt(path: path, detail: "configuration field 'picture' is \(quoted): values "
                                         + "\(layout.range.lowerBound)..<\(layout.range.upperBound) do not fit genomes of "
                                         + "\(header.genomeDimension) values")
            }
        case .json:
            throw StoreError.corrupt(path: path, detail: "configuration field 'picture' is \(quoted), but genomes stored as JSON "
                                     + "hold no values to draw")
        }
        return layout
    }

    /// "Tessera: arm with map-elites" for a run of the CLI; a file written by a program's
    /// own scheduler records no task or algorithm, so its title names the file.
    static func reportTitle(configuration: [(key: String, value: String)], path: String) -> String {
        let task = configuration.first { $0.key == "task" }?.value
        let algorithm = configuration.first { $0.key == "algorithm" }?.value
        switch (task, algorithm) {
        case let (task?, algorithm?): return "Tessera: \(task) with \(algorithm)"
        case let (task?, nil): return "Tessera: \(task)"
        case let (nil, algorithm?): return "Tessera: \(algorithm)"
        case (nil, nil): return "Tessera archive: \(URL(fileURLWithPath: path).lastPathComponent)"
        }
    }

    /// "12.3456 (RBF, h = 0.123, exact)": the Vendi score with its kernel, bandwidth (in
    /// units of the normalised descriptor box) and method; "0 (no elites)" for an empty
    /// archive.
    static func describe(_ diversity: ArchiveDiversity) -> String {
        guard diversity.count > 0 else { return "0 (no elites)" }
        let method = diversity.method.description
        return String(format: "%.4f (RBF, h = %.3g, ", diversity.score, diversity.kernel.bandwidth)
            + method + ")"
    }

    /// The first values of a tensor and its shape, for tables.
    static func preview(_ tensor: FloatTensor) -> String {
        let shown = tensor.values.prefix(6).map { String(format: "%.3g", Double($0)) }.joined(separator: ", ")
        return "[" + shown + (tensor.count > 6 ? ", …" : "") + "] (\(TensorColumn.describe(tensor.shape)) tensor)"
    }

    /// The first 120 characters of a text, with an ellipsis when it is longer, for tables.
    static func preview(_ text: String) -> String {
        let shown = text.prefix(120)
        return shown.endIndex == text.endIndex ? text : String(shown) + "…"
    }

    /// An elite's metadata as labelled values: numbers first, then texts, each by name.
    static func notes(_ metadata: Metadata?) -> [ReportField] {
        guard let metadata else { return [] }
        var numbers: [ReportField] = [], texts: [ReportField] = []
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .number(let number): numbers.append(ReportField(key: key, value: ReportNumber.significant(number, digits: 6)))
            case .text(let text): texts.append(ReportField(key: key, value: text))
            }
        }
        return numbers + texts
    }

    /// The first genes of a genome, for tables.
    static func preview(_ genome: [Double]) -> String {
        let shown = genome.prefix(6).map { String(format: "%.3g", $0) }.joined(separator: ", ")
        return "[" + shown + (genome.count > 6 ? ", … (\(genome.count) genes)]" : "]")
    }
}
