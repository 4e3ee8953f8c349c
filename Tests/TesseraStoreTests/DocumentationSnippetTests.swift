import Foundation
import Testing

/// The code in README.md and Docs/*.md is code that runs, so it cannot drift.
///
/// - Every ```` ```swift ```` block must be, byte for byte, the text of one file under
///   `Examples/Snippets/Sources`, or of one region of such a file: the lines between a
///   `// snippet-begin` line and the next `// snippet-end` line. (A file with regions is
///   shown only through them.) `make examples` builds and runs every program there, and
///   every file or region must appear in the docs.
/// - A ```` ```python ```` block is run when the line just before its fence starts with
///   `<!-- runnable` (e.g. `<!-- runnable -->`): with python3, in a temporary folder whose
///   `Archives/` holds copies of the committed sample archives (`Archives/samples`), so
///   `Archives/arm-map-elites.sqlite` is the sample arm run. It must exit 0, print something
///   and write nothing to stderr. Unmarked blocks (pandas examples, shell sessions) are not
///   run, and a marker before any other block is an error rather than a marker that does
///   nothing.
@Suite struct DocumentationSnippetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized
    static let snippetSources = root.appendingPathComponent("Examples/Snippets/Sources")
    static let beginMarker = "// snippet-begin"
    static let endMarker = "// snippet-end"
    static let runnableMarker = "<!-- runnable"

    /// A fenced code block of a Markdown file.
    struct CodeBlock {
        /// The file, relative to the repository, e.g. `README.md`.
        var file: String
        /// The 1-based line of the opening fence.
        var line: Int
        /// The word after the opening fence, e.g. `swift`; empty when there is none.
        var language: String
        /// The lines between the fences, each ending in a newline.
        var text: String
        /// Whether a runnable marker precedes the opening fence.
        var isRunnable: Bool

        var location: String { "\(file):\(line)" }
    }

    /// The text a ```` ```swift ```` block may show: a whole file or one region of one.
    struct Snippet {
        /// The file relative to `Examples/Snippets/Sources`, and the region's first line.
        var name: String
        var text: String
    }

    /// README.md and every Markdown file in Docs, in a stable order.
    static func documents() throws -> [String] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "Docs/" + $0 }
        return ["README.md"] + docs
    }

    /// The lines of `text`, without their newlines.
    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `lines` as text, each ending in a newline.
    static func joined(_ lines: some Collection<Substring>) -> String {
        lines.map { $0 + "\n" }.joined()
    }

    /// The code blocks of `file`, and what is malformed about its fences and markers.
    static func codeBlocks(in file: String) throws -> (blocks: [CodeBlock], problems: [String]) {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        let all = lines(text)
        var blocks = [CodeBlock]()
        var problems = [String]()
        var index = 0
        while index < all.count {
            let line = all[index]
            if line.hasPrefix(runnableMarker), index + 1 >= all.count || !all[index + 1].hasPrefix("```") {
                problems.append("\(file):\(index + 1): a runnable marker must be the line just before a code fence")
            }
            guard line.hasPrefix("```") else {
                index += 1
                continue
            }
            let language = line.dropFirst(3).split(separator: " ").first.map(String.init) ?? ""
            guard let close = all[(index + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "```" }) else {
                problems.append("\(file):\(index + 1): this code fence is never closed")
                break
            }
            let isRunnable = index > 0 && all[index - 1].hasPrefix(runnableMarker)
            blocks.append(CodeBlock(file: file, line: index + 1, language: language,
                                    text: joined(all[(index + 1)..<close]), isRunnable: isRunnable))
            index = close + 1
        }
        return (blocks, problems)
    }

    /// Every snippet under `Examples/Snippets/Sources`, and what is malformed about markers.
    static func snippets() throws -> (snippets: [Snippet], problems: [String]) {
        let paths = (FileManager.default.subpaths(atPath: snippetSources.path) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        var snippets = [Snippet]()
        var problems = [String]()
        for path in paths {
            let all = lines(try String(contentsOf: snippetSources.appendingPathComponent(path), encoding: .utf8))
            let markers = all.indices.filter { [beginMarker, endMarker].contains(all[$0].trimmingCharacters(in: .whitespaces)) }
            guard !markers.isEmpty else {
                snippets.append(Snippet(name: path, text: joined(all.dropLast(all.last == "" ? 1 : 0))))
                continue
            }
            var begin: Int?
            for marker in markers {
                let isBegin = all[marker].trimmingCharacters(in: .whitespaces) == beginMarker
                switch (isBegin, begin) {
                case (true, nil): begin = marker
                case (false, let start?):
                    snippets.append(Snippet(name: "\(path), region from line \(start + 1)", text: joined(all[(start + 1)..<marker])))
                    begin = nil
                default:
                    problems.append("Examples/Snippets/Sources/\(path):\(marker + 1): \(all[marker]) without its pair")
                }
            }
            if let begin { problems.append("Examples/Snippets/Sources/\(path):\(begin + 1): \(beginMarker) is never ended") }
        }
        return (snippets, problems)
    }

    /// Where `block` first differs from the snippet that shares the most leading lines with it.
    static func nearestDifference(_ block: CodeBlock, among snippets: [Snippet]) -> String {
        let shown = lines(block.text)
        func sharedLines(_ snippet: Snippet) -> Int {
            zip(shown, lines(snippet.text)).prefix { $0 == $1 }.count
        }
        guard let nearest = snippets.max(by: { sharedLines($0) < sharedLines($1) }) else { return "there are no snippets" }
        let shared = sharedLines(nearest)
        let theirs = lines(nearest.text)
        let ours = shared < shown.count ? "`\(shown[shared])`" : "the end of the block"
        let other = shared < theirs.count ? "`\(theirs[shared])`" : "the end of the snippet"
        return "nearest is \(nearest.name): at line \(shared + 1) of the block the docs have \(ours), the snippet has \(other)"
    }

    @Test func everySwiftBlockIsASnippetThatMakeExamplesRuns() throws {
        let (snippets, snippetProblems) = try Self.snippets()
        var blocks = [CodeBlock]()
        var problems = snippetProblems
        for document in try Self.documents() {
            let found = try Self.codeBlocks(in: document)
            blocks += found.blocks
            problems += found.problems
        }
        for problem in problems { Issue.record(Comment(rawValue: problem)) }
        #expect(!snippets.isEmpty, "no snippets under \(Self.snippetSources.path)")

        let swiftBlocks = blocks.filter { $0.language == "swift" }
        for block in swiftBlocks where !snippets.contains(where: { $0.text == block.text }) {
            Issue.record(Comment(rawValue: "\(block.location): this swift block is not the text of a file or region in "
                                 + "Examples/Snippets/Sources; \(Self.nearestDifference(block, among: snippets))"))
        }
        for snippet in snippets where !swiftBlocks.contains(where: { $0.text == snippet.text }) {
            Issue.record(Comment(rawValue: "Examples/Snippets/Sources/\(snippet.name) is not shown in README.md or Docs/*.md"))
        }
        for block in blocks where block.isRunnable && block.language != "python" && block.language != "sh" {
            Issue.record(Comment(rawValue: "\(block.location): only python and sh blocks can be marked runnable, not `\(block.language)`"))
        }
    }

    @Test(.enabled(if: Python.executable != nil, "python3 is not on PATH, so the runnable Python blocks are not run"))
    func runnablePythonBlocksRunAgainstTheSampleArchives() throws {
        let python = try #require(Python.executable)
        var runnable = [CodeBlock]()
        for document in try Self.documents() {
            runnable += try Self.codeBlocks(in: document).blocks.filter { $0.isRunnable && $0.language == "python" }
        }
        #expect(!runnable.isEmpty, "no runnable Python block; Docs/FileFormat.md has one")
        let samples = Self.root.appendingPathComponent("Archives/samples")
        for block in runnable {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-snippet-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let archives = folder.appendingPathComponent("Archives")
            try FileManager.default.createDirectory(at: archives, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: samples.path) where name.hasSuffix(".sqlite") {
                try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: archives.appendingPathComponent(name))
            }
            let script = folder.appendingPathComponent("snippet.py")
            try Data(block.text.utf8).write(to: script)
            let result = try Python.run(python, script: script, in: folder)
            #expect(result.status == 0 && result.stderr.isEmpty,
                    "\(block.location): python3 exited with status \(result.status): \(result.stderr.suffix(2_000))")
            #expect(!result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(block.location): printed nothing")
        }
    }
}

extension DocumentationSnippetTests {
    /// The `tessera` executable built beside this test bundle.
    static var tesseraBinary: URL? {
        var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("tessera")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs every ```` ```sh ```` block marked runnable with bash (`-euo pipefail`) in a
    /// temporary folder laid out like the repository: `Archives/samples/` holds copies of
    /// the committed samples and `.build/release/tessera` is the `tessera` built with the
    /// tests, so the README's commands run as written.
    @Test func runnableShellBlocksRunAgainstTheSampleArchives() throws {
        let binary = try #require(Self.tesseraBinary, "the tessera executable is built with the tests")
        var runnable = [CodeBlock]()
        for document in try Self.documents() {
            runnable += try Self.codeBlocks(in: document).blocks.filter { $0.isRunnable && $0.language == "sh" }
        }
        #expect(!runnable.isEmpty, "no runnable shell block; README.md has one")
        let samples = Self.root.appendingPathComponent("Archives/samples")
        for block in runnable {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-snippet-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let manager = FileManager.default
            try manager.createDirectory(at: folder.appendingPathComponent("Archives"), withIntermediateDirectories: true)
            try manager.copyItem(at: samples, to: folder.appendingPathComponent("Archives/samples"))
            try manager.createDirectory(at: folder.appendingPathComponent(".build/release"), withIntermediateDirectories: true)
            try manager.createSymbolicLink(at: folder.appendingPathComponent(".build/release/tessera"), withDestinationURL: binary)
            let script = folder.appendingPathComponent("snippet.sh")
            try Data(block.text.utf8).write(to: script)
            let result = try Python.run(URL(fileURLWithPath: "/bin/bash"), arguments: ["-euo", "pipefail", script.path],
                                        in: folder, timeout: 300)
            #expect(result.status == 0, "\(block.location): bash exited with status \(result.status): \(result.stderr.suffix(2_000))")
            #expect(!result.stdout.isEmpty, "\(block.location): printed nothing")
        }
    }
}

/// Runs python3 (or another interpreter) for the documentation tests.
enum Python {
    /// `python3` on `PATH`, if any.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `script` with `folder` as the working directory, killing it after `timeout` seconds.
    static func run(_ python: URL, script: URL, in folder: URL, timeout: Int = 60) throws -> Result {
        try run(python, arguments: [script.path], in: folder, timeout: timeout)
    }

    /// Runs `executable` with `arguments` in `folder`, killing it after `timeout` seconds.
    static func run(_ executable: URL, arguments: [String], in folder: URL, timeout: Int = 60) throws -> Result {
        let stdout = folder.appendingPathComponent("stdout.txt")
        let stderr = folder.appendingPathComponent("stderr.txt")
        guard FileManager.default.createFile(atPath: stdout.path, contents: nil),
              FileManager.default.createFile(atPath: stderr.path, contents: nil) else {
            return Result(status: -1, stdout: "", stderr: "cannot create output files in \(folder.path)")
        }
        let out = try FileHandle(forWritingTo: stdout)
        let err = try FileHandle(forWritingTo: stderr)
        defer { try? out.close(); try? err.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + .seconds(timeout)) == .timedOut {
            process.terminate()
            _ = finished.wait(timeout: .now() + .seconds(5))
            return Result(status: -1, stdout: "", stderr: "killed after \(timeout) s")
        }
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
    }
}
