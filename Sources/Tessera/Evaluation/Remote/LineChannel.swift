import Foundation
import Synchronization

/// The lines a child process writes on one pipe, read by a thread of their own and
/// awaited one at a time with a deadline.
///
/// The reading thread blocks in `read(2)` so no task of the cooperative pool ever waits
/// on the pipe; it ends at end of file. ``close(status:)`` ends the channel too (the
/// process was seen to exit, although a grandchild may still hold the pipe open).
final class LineChannel: Sendable {
    /// What ``next(timeout:)`` found.
    enum Event: Sendable, Equatable {
        /// One line, without its newline.
        case line(String)
        /// No more lines: end of file, or the process ended (its status when known).
        case ended
        /// The deadline passed first.
        case timedOut
    }

    private struct State {
        var lines: [String] = []
        var head = 0
        var ended = false
        var waiter: (token: Int, continuation: CheckedContinuation<Event, Never>)?
        var timer: Task<Void, Never>?
        var nextToken = 0
    }

    private let state = Mutex(State())
    /// The longest line kept (longer lines are cut; the protocol never needs them).
    static let maximumLineBytes = 256 << 20

    /// Starts reading `descriptor` on a new thread; `onLine` sees every line too (a log).
    init(reading descriptor: Int32, name: String, onLine: (@Sendable (String) -> Void)? = nil) {
        let thread = Thread { [self] in
            self.readLoop(descriptor, onLine: onLine)
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func readLoop(_ descriptor: Int32, onLine: (@Sendable (String) -> Void)?) {
        var pending = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var start = 0
            for i in 0..<n where buffer[i] == UInt8(ascii: "\n") {
                pending.append(contentsOf: buffer[start..<i])
                deliver(String(decoding: pending, as: UTF8.self), onLine)
                pending.removeAll(keepingCapacity: true)
                start = i + 1
            }
            if pending.count < Self.maximumLineBytes { pending.append(contentsOf: buffer[start..<n]) }
        }
        if !pending.isEmpty { deliver(String(decoding: pending, as: UTF8.self), onLine) }
        Foundation.close(descriptor)
        close()
    }

    private func deliver(_ line: String, _ onLine: (@Sendable (String) -> Void)?) {
        onLine?(line)
        let (waiter, timer) = state.withLock { state -> (CheckedContinuation<Event, Never>?, Task<Void, Never>?) in
            if let waiter = state.waiter {
                state.waiter = nil
                defer { state.timer = nil }
                return (waiter.continuation, state.timer)
            }
            state.lines.append(line)
            return (nil, nil)
        }
        timer?.cancel()
        waiter?.resume(returning: .line(line))
    }

    /// Ends the channel: waiting and later calls of ``next(timeout:)`` see ``Event/ended``
    /// once the lines already read are taken.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Event, Never>? in
            state.ended = true
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume(returning: .ended)
    }

    /// The next line, or ``Event/ended``, or ``Event/timedOut`` when `timeout` passes first
    /// (`nil`: wait as long as it takes). One caller at a time.
    func next(timeout: Duration?) async -> Event {
        let token: Int? = state.withLock { state in
            if state.head < state.lines.count || state.ended { return nil }
            state.nextToken += 1
            return state.nextToken
        }
        guard let token else { return takeBuffered() }
        return await withCheckedContinuation { continuation in
            let ready: Event? = state.withLock { state in
                if state.head < state.lines.count {
                    let line = state.lines[state.head]
                    state.head += 1
                    return .line(line)
                }
                if state.ended { return .ended }
                state.waiter = (token, continuation)
                return nil
            }
            if let ready {
                continuation.resume(returning: ready)
                return
            }
            if let timeout {
                let timer = Task { [self] in
                    try? await Task.sleep(for: timeout)
                    let expired = state.withLock { state -> CheckedContinuation<Event, Never>? in
                        guard let waiter = state.waiter, waiter.token == token else { return nil }
                        state.waiter = nil
                        return waiter.continuation
                    }
                    expired?.resume(returning: .timedOut)
                }
                state.withLock { state in
                    if state.waiter?.token == token { state.timer = timer } else { timer.cancel() }
                }
            }
        }
    }

    private func takeBuffered() -> Event {
        state.withLock { state in
            if state.head < state.lines.count {
                let line = state.lines[state.head]
                state.head += 1
                if state.head > 1024 && state.head * 2 > state.lines.count {
                    state.lines.removeFirst(state.head)
                    state.head = 0
                }
                return .line(line)
            }
            return .ended
        }
    }
}
