import ArgumentParser
import Foundation
import Tessera
import TesseraLanguageModels
import TesseraStore
import TesseraTasks

/// `tessera info PATH`: what a saved run holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show a saved run's configuration and figures.")

    @Argument(help: "The archive file (opened read-only).")
    var path: String

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let file = try ArchiveFile.open(URL(fileURLWithPath: path), mode: .readOnly)
        let summary = try file.summary()
        let fields = try file.configurationFields()
        let config = Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let header = file.header
        let stats = summary.stats
        let diversity = try file.diversity()
        let box = header.descriptorSpace
        let stages = StageFigures(try file.schedulerState())
        let llm = try Self.languageModelFigures(file)
        if json {
            var object: [String: Any] = [
                "format_version": header.formatVersion, "tessera_version": header.tesseraVersion,
                "task": config["task"] ?? NSNull(), "algorithm": config["algorithm"] ?? NSNull(),
                "seed": config["seed"].flatMap { UInt64($0) } ?? NSNull(),
                "evaluations": summary.evaluations, "iterations": summary.iterations,
                "num_elites": stats.numElites, "cells": header.cells, "qd_score": stats.qdScore,
                "norm_qd_score": stats.normQDScore, "coverage": stats.coverage,
                "obj_max": stats.objMax ?? NSNull(), "obj_mean": stats.objMean ?? NSNull(),
                "failed_evaluations": summary.failedEvaluations, "retries": summary.retries, "checkpoints": summary.checkpoints,
                "archive_kind": header.archiveKind.rawValue, "genome_kind": header.genomeKind.rawValue,
                "result_archive": header.hasResultArchive, "capacity": header.capacity ?? NSNull(), "config": config,
            ]
            object["vendi_score"] = diversity.score
            object["vendi_kernel"] = ["kind": diversity.kernel.kind, "bandwidth": diversity.kernel.bandwidth] as [String: Any]
            object["descriptor_bounds"] = zip(box.lower, box.upper).map { [$0, $1] }
            if let shape = header.gridShape { object["grid"] = shape }
            if let target = summary.target {
                object["solved"] = target.isReached
                object["first_solved_evaluation"] = target.reachedAfter ?? NSNull()
            }
            if let coverage = stages.groundTruthCoverage { object["ground_truth_coverage"] = coverage }
            if let learning = stages.learning { object["learning"] = learning }
            if let llm {
                object["llm_requests"] = llm.statistics.requests
                object["llm_failures"] = llm.statistics.failures
                object["llm_retries"] = llm.statistics.retries
                object["llm_seconds"] = llm.statistics.seconds
                object["llm_prompt_tokens"] = llm.statistics.promptTokens
                object["llm_completion_tokens"] = llm.statistics.completionTokens
                object["llm_replayed"] = llm.statistics.replayed
                object["recorded_calls"] = llm.recordedCalls
            }
            if header.genomeKind != .json { object["genome_dimension"] = header.genomeDimension }
            if let shape = header.genomeShape { object["genome_shape"] = shape }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("\(path): Tessera archive, format \(header.formatVersion) (written by Tessera \(header.tesseraVersion))")
        print("  archive      \(header.archiveKind.rawValue), \(Self.size(header))\(header.gridShape.map { " (" + $0.map(String.init).joined(separator: "x") + ")" } ?? ""), \(header.descriptorDimension)-D descriptors, \(Self.genomes(header))")
        // An EvoSearch run counts NFE in batches of rollouts.
        let unit = fields.first { $0.key == "evaluation_unit" }?.value
        print("  progress     \(Format.count(summary.evaluations)) \(unit ?? "evaluations") in \(Format.count(summary.iterations)) "
              + "\(unit == nil ? "iterations" : "batches"), \(summary.checkpoints) checkpoint\(summary.checkpoints == 1 ? "" : "s")")
        if header.hasResultArchive {
            let searched = try file.eliteCount(of: .main)
            print("  results      figures from the result archive; the search archive holds \(Format.count(searched)) elites")
        }
        print("  elites       \(Format.count(stats.numElites)), coverage \(String(format: "%.2f%%", stats.coverage * 100))")
        print("  QD score     \(String(format: "%.6g", stats.qdScore)) (normalised \(String(format: "%.6g", stats.normQDScore)))")
        print("  Vendi score  \(Self.vendi(diversity))")
        if let coverage = stages.groundTruthCoverage {
            print("  true grid    coverage \(String(format: "%.2f%%", coverage * 100)) of the task's own descriptor grid")
        }
        if let learning = stages.learning {
            print("  learning     \(learning["trainings"] ?? 0) trainings in \(String(format: "%.3f", learning["fit_seconds"] as? Double ?? 0)) s, "
                  + "\(Format.count(learning["observations_kept"] as? Int ?? 0)) observations kept")
        }
        print("  objective    max \(stats.objMax.map { String(format: "%.6g", $0) } ?? "-"), mean \(stats.objMean.map { String(format: "%.6g", $0) } ?? "-")")
        if let target = summary.target {
            print("  solved       " + (target.reachedAfter.map { "yes, first after \(Format.count($0)) evaluations" } ?? "no"))
        }
        if let llm {
            let figures = llm.statistics
            print("  model        \(Format.count(figures.requests)) requests, \(figures.failures) failed, \(figures.retries) retried, "
                  + "\(Format.count(figures.promptTokens)) prompt and \(Format.count(figures.completionTokens)) generated tokens, "
                  + "\(String(format: "%.1f", figures.seconds)) s of requests; \(Format.count(llm.recordedCalls)) calls recorded")
        }
        print("  failed       \(Format.count(summary.failedEvaluations))"
              + (summary.retries > 0 ? " (\(Format.count(summary.retries)) transient failures retried)" : ""))
        guard !fields.isEmpty else {
            // The CLI always records its configuration; ArchiveFile.create(for:at:) need not.
            print("  configuration none recorded (written by a program's own scheduler)")
            return
        }
        print("  configuration")
        for field in fields { print("    \(field.key.padding(toLength: 16, withPad: " ", startingAt: 0)) \(field.value)") }
    }

    /// A text run's language-model figures and recorded calls, or `nil` for other runs.
    static func languageModelFigures(_ file: ArchiveFile) throws -> (statistics: LanguageModelStatistics, recordedCalls: Int)? {
        guard TextRunConfiguration.isTextRun(try file.configurationJSON()) else { return nil }
        return (try TextRun.statistics(in: try file.schedulerState(), path: file.path), try file.recordedCallCount())
    }

    /// "12.3456 (RBF kernel, bandwidth 0.123 of the normalised descriptor box, exact)".
    static func vendi(_ diversity: ArchiveDiversity) -> String {
        guard diversity.count > 0 else { return "0 (no elites)" }
        let method = diversity.method.description
        return String(format: "%.4f (RBF kernel, bandwidth %.3g of the normalised descriptor box, ", diversity.score,
                      diversity.kernel.bandwidth) + method + ")"
    }

    /// How the file's genomes are stored, in words.
    static func genomes(_ header: ArchiveHeader) -> String {
        switch header.genomeKind {
        case .vector: return "\(Format.count(header.genomeDimension))-D real genomes"
        case .vectorBlob: return "\(Format.count(header.genomeDimension))-D real genomes (one BLOB each)"
        case .tensor: return "\(TensorColumn.describe(header.genomeShape ?? [])) Float32 tensor genomes (one BLOB each)"
        case .json: return "JSON genomes"
        }
    }

    /// "10,000 cells", or for an unstructured archive "capacity 150" / "no capacity".
    static func size(_ header: ArchiveHeader) -> String {
        guard header.archiveKind == .unstructured else { return "\(Format.count(header.cells)) cells" }
        return header.capacity.map { "capacity \(Format.count($0))" } ?? "no capacity"
    }
}
