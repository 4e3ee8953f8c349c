import Foundation
import Synchronization

/// A worker process Tessera spawns and talks to over its stdin and stdout
/// (`Docs/EvaluatorProtocol.md`); its stderr goes to a ``WorkerLog``.
///
/// The command runs under `/bin/sh -c "exec COMMAND"`, so it may quote arguments and name
/// programs on the `PATH`, and it is the process Tessera ends. It runs in a process group
/// of its own (Foundation's `Process` makes each child a group leader): a terminal's Ctrl-C
/// reaches Tessera, which stops at its next iteration boundary, not the workers in the
/// middle of a batch. A process that exits or is
/// ended mid-batch is restarted before its next batch, after a back-off that doubles with
/// each consecutive failure (0.1 s up to 5 s); the rows it left unanswered come back
/// ``RemoteOutcome/lost(_:)``, and one that did not answer within the per-evaluation
/// time-out is ended (`SIGKILL`) and its rows come back ``RemoteOutcome/timedOut(seconds:)``.
/// A restarted process must declare the same domain as the first.
public actor WorkerProcess: RemoteWorker {
    /// The shell command.
    public nonisolated let command: String
    /// The folder it runs in, or `nil` for Tessera's own.
    public nonisolated let folder: URL?
    /// Variables added to Tessera's environment for the process.
    public nonisolated let environment: [String: String]
    /// The longest wait for the next answer of a batch, or `nil` for none.
    public nonisolated let timeout: Duration?
    /// The longest wait for `ready` after `hello`.
    public nonisolated let startTimeout: Duration
    public nonisolated let name: String
    private nonisolated let log: WorkerLog?

    private var running: Running?
    private var declared: WorkerDomain?
    private var consecutiveFailures = 0
    /// Processes started after the first.
    public private(set) var restarts = 0

    /// One live process and its pipes.
    private struct Running {
        let process: Process
        let input: FileHandle
        let output: LineChannel
        let errors: StderrTail
        let ended: ExitRecord
        let writer: DispatchQueue
        var pid: Int32 { process.processIdentifier }
    }

    /// Creates a worker; nothing runs until ``start()``.
    ///
    /// - Parameters:
    ///   - command: The shell command that starts a worker (`python3 sphere.py --dims 20`).
    ///   - index: The worker's number, for names and the log.
    ///   - folder: The working folder, or `nil` for Tessera's.
    ///   - environment: Variables added to the process's environment.
    ///   - timeout: The per-evaluation time-out: the longest wait for the next answer of a
    ///     batch; `nil` for none.
    ///   - startTimeout: The longest wait for `ready`.
    ///   - log: Where the process's stderr goes, or `nil` for Tessera's own stderr.
    public init(command: String, index: Int = 1, folder: URL? = nil, environment: [String: String] = [:],
                timeout: Duration? = nil, startTimeout: Duration = .seconds(60), log: WorkerLog? = nil) {
        self.command = command
        self.folder = folder
        self.environment = environment
        self.timeout = timeout
        self.startTimeout = startTimeout
        self.log = log
        name = "worker \(index)"
    }

    public func start() async throws(RemoteEvaluatorError) -> WorkerDomain {
        let domain = try await launch()
        declared = domain
        return domain
    }

    /// Starts a process and reads its `ready`.
    private func launch() async throws(RemoteEvaluatorError) -> WorkerDomain {
        Self.ignoreBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec " + command]
        if let folder { process.currentDirectoryURL = folder }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let channel = LineChannel(reading: dup(output.fileHandleForReading.fileDescriptor), name: "\(name) stdout")
        let label = name, log = self.log
        let tail = StderrTail()
        _ = LineChannel(reading: dup(errors.fileHandleForReading.fileDescriptor), name: "\(name) stderr") { line in
            tail.append(line)
            if let log { log.write(line, from: label) } else { FileHandle.standardError.write(Data("[\(label)] \(line)\n".utf8)) }
        }
        let ended = ExitRecord()
        process.terminationHandler = { process in
            ended.record(process.terminationReason == .uncaughtSignal ? "signal \(process.terminationStatus)"
                                                                      : "status \(process.terminationStatus)")
            channel.close()
        }
        do {
            try process.run()
        } catch {
            throw RemoteEvaluatorError("\(name) cannot start '\(command)': \(error.localizedDescription)")
        }
        try? output.fileHandleForWriting.close()
        try? errors.fileHandleForWriting.close()
        try? input.fileHandleForReading.close()
        let running = Running(process: process, input: input.fileHandleForWriting, output: channel, errors: tail,
                              ended: ended, writer: DispatchQueue(label: "tessera.\(name).stdin"))
        self.running = running
        send(.hello(protocolVersion: WorkerMessage.protocolVersion, tessera: TesseraInfo.version), to: running)
        let deadline = ContinuousClock.now + startTimeout
        while true {
            let left = deadline - ContinuousClock.now
            switch await channel.next(timeout: max(left, .zero)) {
            case .timedOut:
                end(running)
                throw RemoteEvaluatorError("\(name) did not answer hello within \(startTimeout.seconds) s")
            case .ended:
                let status = await exitStatus(of: running)
                self.running = nil
                throw RemoteEvaluatorError("\(name) exited (\(status)) before ready" + tail.excerpt)
            case .line(let line):
                guard let message = try? WorkerMessage(line: line) else {
                    log?.write("stdout before ready, ignored: \(line.prefix(200))", from: name)
                    continue
                }
                guard case .ready(let version, let domain) = message else {
                    end(running)
                    throw RemoteEvaluatorError("\(name) answered hello with a '\(message.typeName)' message, not ready")
                }
                guard version == WorkerMessage.protocolVersion else {
                    end(running)
                    throw RemoteEvaluatorError("\(name) speaks protocol \(version); this Tessera speaks \(WorkerMessage.protocolVersion)")
                }
                return domain
            }
        }
    }

    public func evaluate(_ items: [WorkerItem]) async -> RemoteAnswer {
        var answer = RemoteAnswer()
        guard !items.isEmpty else { return answer }
        if running == nil {
            if let reason = await restart() {
                for item in items { answer.outcomes[item.id] = .lost(reason) }
                return answer
            }
            answer.restarts = 1
        }
        guard let running else { return answer }
        send(.evaluate(items), to: running)
        var pending = Set(items.map(\.id))
        while !pending.isEmpty {
            switch await running.output.next(timeout: timeout) {
            case .line(let line):
                switch try? WorkerMessage(line: line) {
                case .result(let id, let outcome)?:
                    if pending.remove(id) != nil { answer.outcomes[id] = .answered(outcome) } else { answer.dropped += 1 }
                default:
                    answer.malformed += 1
                    log?.write("unreadable line on stdout, dropped: \(line.prefix(200))", from: name)
                }
            case .timedOut:
                let seconds = timeout?.seconds ?? 0
                log?.write("no answer within \(seconds) s; ending the process", from: name)
                end(running)
                for id in pending { answer.outcomes[id] = .timedOut(seconds: seconds) }
                pending.removeAll()
            case .ended:
                let status = await exitStatus(of: running)
                self.running = nil
                consecutiveFailures += 1
                let reason = "\(name) exited (\(status)) with the row unanswered" + running.errors.excerpt
                for id in pending { answer.outcomes[id] = .lost(reason) }
                pending.removeAll()
            }
        }
        if answer.outcomes.values.allSatisfy({ if case .answered = $0 { true } else { false } }) { consecutiveFailures = 0 }
        return answer
    }

    /// Starts a new process after the back-off; `nil` when it runs, else the reason.
    private func restart() async -> String? {
        let backoff = Duration.milliseconds(100) * (1 << min(consecutiveFailures, 6))
        try? await Task.sleep(for: min(backoff, .seconds(5)))
        restarts += 1
        log?.write("restarting (restart \(restarts))", from: name)
        do {
            let domain = try await launch()
            if let declared, domain != declared {
                if let running { end(running) }
                consecutiveFailures += 1
                return "\(name) restarted with another domain than it first declared"
            }
            return nil
        } catch {
            consecutiveFailures += 1
            return "cannot restart \(name): \(error.message)"
        }
    }

    public func shutdown() async {
        guard let running else { return }
        send(.shutdown, to: running)
        running.writer.sync { try? running.input.close() }
        let clock = ContinuousClock(), start = clock.now
        while running.process.isRunning && clock.now - start < .seconds(2) { try? await Task.sleep(for: .milliseconds(10)) }
        if running.process.isRunning { running.process.terminate() }
        while running.process.isRunning && clock.now - start < .seconds(3) { try? await Task.sleep(for: .milliseconds(10)) }
        if running.process.isRunning { kill(running.pid, SIGKILL) }
        self.running = nil
    }

    /// Ends a process at once (`SIGKILL`) and forgets it; the next batch restarts one.
    private func end(_ running: Running) {
        if running.process.isRunning { kill(running.pid, SIGKILL) }
        running.output.close()
        if self.running?.pid == running.pid { self.running = nil }
        consecutiveFailures += 1
    }

    /// Writes one message on the process's stdin, in order, off the caller's thread: a
    /// process that stops reading blocks only its writer until it is ended.
    private nonisolated func send(_ message: WorkerMessage, to running: Running) {
        let data = Data((message.line + "\n").utf8)
        let descriptor = running.input.fileDescriptor
        running.writer.async {
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return }
                    offset += n
                }
            }
        }
    }

    /// "status 3" or "signal 9", once the process has ended (waiting up to a second), as
    /// its termination handler saw it.
    private func exitStatus(of running: Running) async -> String {
        let clock = ContinuousClock(), start = clock.now
        while clock.now - start < .seconds(1) {
            if let status = running.ended.status { return status }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return running.ended.status ?? "stdout closed"
    }

    /// Writing to a pipe whose reader is gone must fail with `EPIPE`, not end Tessera.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}

/// How a process ended, as its termination handler reports it.
final class ExitRecord: Sendable {
    private let value = Mutex<String?>(nil)
    func record(_ status: String) { value.withLock { $0 = status } }
    /// "status 3", "signal 9", or `nil` while the process runs.
    var status: String? { value.withLock { $0 } }
}

/// The last lines a worker wrote on stderr, for the one-line reason of a crash.
final class StderrTail: Sendable {
    private let lines = Mutex([String]())

    func append(_ line: String) {
        lines.withLock { lines in
            lines.append(line)
            if lines.count > 5 { lines.removeFirst() }
        }
    }

    /// ": <last non-empty line>", or "" when there is none.
    var excerpt: String {
        let last = lines.withLock { $0.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
        return last.map { ": " + String($0.prefix(300)) } ?? ""
    }
}

extension WorkerMessage {
    /// The message's `type`.
    var typeName: String {
        switch self {
        case .hello: "hello"
        case .ready: "ready"
        case .evaluate: "evaluate"
        case .result: "result"
        case .shutdown: "shutdown"
        }
    }
}
