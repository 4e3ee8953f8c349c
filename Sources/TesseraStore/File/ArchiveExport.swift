import Foundation
import Tessera

/// Writes a file's elites as CSV or JSON Lines: one row per elite, in cell order, with
/// the columns `index, objective, descriptor_0.., genome_0..`, then `metadata_<key>`
/// columns.
///
/// Genomes of at most ``maximumGenomeColumns`` numbers (real vectors, and tensors in
/// row-major order) get one `genome_<i>` column per number. Larger ones get one `genome`
/// column holding a JSON array of all the numbers (in CSV a quoted field, in JSON Lines an
/// array); JSON genomes get one `genome` column of their JSON. Numbers are written in the
/// shortest form that reads back to the same `Double` (the same `Float` for tensors);
/// nothing depends on time, so equal archives export byte-identical files.
public enum ArchiveExport {
    /// The most numbers a genome may have to be exported as one `genome_<i>` column each;
    /// larger genomes are exported as one `genome` column holding a JSON array.
    public static let maximumGenomeColumns = 1_000

    /// An export format.
    public enum Format: String, CaseIterable, Sendable {
        /// Comma-separated values with a header row (RFC 4180 quoting).
        case csv
        /// One JSON object per line.
        case jsonl
    }

    /// The export of `file` in `format`.
    ///
    /// - Parameters:
    ///   - archive: Which archive: by default the one the run's figures come from (the
    ///     result archive when the file has one).
    /// - Throws: ``StoreError``; ``StoreError/mismatch(path:detail:)`` when asked for a
    ///   result archive the file does not have.
    public static func export(_ file: ArchiveFile, format: Format, archive: StoredArchive? = nil) throws -> String {
        if archive == .result && !file.header.hasResultArchive {
            throw StoreError.mismatch(path: file.path, detail: "the file has no result archive")
        }
        let k = file.header.descriptorDimension
        let rows: [(cell: Int, objective: Double, descriptor: [Double], genome: [String], metadata: Metadata?)]
        let genomeNames: [String]
        let numbers = file.header.genomeDimension
        let asColumns = numbers <= maximumGenomeColumns
        /// One field per number, or one JSON array of all of them.
        func fields(_ texts: [String]) -> [String] { asColumns ? texts : ["[" + texts.joined(separator: ",") + "]"] }
        switch file.header.genomeKind {
        case .vector, .vectorBlob, .tensor:
            genomeNames = asColumns ? (0..<numbers).map { "genome_\($0)" } : ["genome"]
            if file.header.genomeKind == .tensor {
                rows = try file.tensorElites(of: archive).map { ($0.cell, $0.objective, $0.descriptor, fields($0.genome.values.map(number)), $0.metadata) }
            } else {
                rows = try file.vectorElites(of: archive).map { ($0.cell, $0.objective, $0.descriptor, fields($0.genome.map(number)), $0.metadata) }
            }
        case .json:
            genomeNames = ["genome"]
            rows = try file.elites(inInsertionOrder: false, of: archive) { statement, column in
                guard let text = statement.text(column),
                      (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil else {
                    throw ArchiveFile.RowProblem("its genome is not valid JSON")
                }
                return text
            }
                .map { ($0.cell, $0.objective, $0.descriptor, [$0.genome], $0.metadata) }
        }
        let metadataKeys = Array(Set(rows.flatMap { $0.metadata?.keys.map { $0 } ?? [] })).sorted()
        let names = ["index", "objective"] + (0..<k).map { "descriptor_\($0)" } + genomeNames + metadataKeys.map { "metadata_\($0)" }
        var out = ""
        switch format {
        case .csv:
            out += names.map(csvField).joined(separator: ",") + "\n"
            for row in rows {
                // A text genome (a JSON string) is its text in CSV; other JSON values stay JSON.
                let genome = file.header.genomeKind == .json ? row.genome.map(Self.plainText) : row.genome
                var fields = [String(row.cell), number(row.objective)] + row.descriptor.map(number) + genome
                fields += metadataKeys.map { key in row.metadata?[key].map(metadataText) ?? "" }
                out += fields.map(csvField).joined(separator: ",") + "\n"
            }
        case .jsonl:
            for row in rows {
                var parts = ["\"index\":\(row.cell)", "\"objective\":\(number(row.objective))"]
                parts += row.descriptor.enumerated().map { "\"descriptor_\($0.offset)\":\(number($0.element))" }
                if genomeNames.count > 1 || genomeNames.first != "genome" {
                    parts += row.genome.enumerated().map { "\"genome_\($0.offset)\":\($0.element)" }
                } else {
                    parts.append("\"genome\":\(row.genome[0])")
                }
                for key in metadataKeys {
                    let value = row.metadata?[key].map(metadataJSON) ?? "null"
                    parts.append("\(jsonString("metadata_" + key)):\(value)")
                }
                out += "{" + parts.joined(separator: ",") + "}\n"
            }
        }
        return out
    }

    /// The shortest decimal that reads back to the same `Double` (Swift's description).
    static func number(_ x: Double) -> String { x.description }

    /// The shortest decimal that reads back to the same `Float` (Swift's description).
    static func number(_ x: Float) -> String { x.description }

    static func metadataText(_ value: MetadataValue) -> String {
        switch value {
        case .number(let x): return number(x)
        case .text(let s): return s
        }
    }

    static func metadataJSON(_ value: MetadataValue) -> String {
        switch value {
        case .number(let x): return number(x)
        case .text(let s): return jsonString(s)
        }
    }

    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func jsonString(_ s: String) -> String {
        let data = try! JSONEncoder().encode(s)
        return String(decoding: data, as: UTF8.self)
    }

    /// The text a JSON string literal holds, or `json` itself for any other JSON value.
    static func plainText(_ json: String) -> String {
        guard json.hasPrefix("\""),
              let text = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        else { return json }
        return text
    }
}
