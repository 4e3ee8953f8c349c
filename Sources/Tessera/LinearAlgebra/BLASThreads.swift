import CLAPACKE
#if canImport(Glibc)
import Glibc
#endif

/// The number of threads OpenBLAS uses inside each BLAS and LAPACK call.
///
/// The setting is process-wide. Code that already keeps every core busy (a task group of
/// evaluations, the parallel k-means assignment) runs best with one BLAS thread; a lone
/// large product or decomposition benefits from several.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses for subsequent calls.
    ///
    /// - Parameter n: The number of threads, at least 1.
    /// - Complexity: O(1); OpenBLAS may start or park worker threads.
    public static func set(_ n: Int) {
        precondition(n >= 1 && n <= Int(Int32.max), "the BLAS thread count must be at least 1")
        openblas_set_num_threads(Int32(n))
    }

    /// Stops OpenBLAS's idle worker threads; the next call that needs them starts them
    /// again, so results and later calls are unaffected.
    ///
    /// OpenBLAS starts its threads when the library loads and they spin (calling
    /// `sched_yield`) for about 2²⁸ cycles before they sleep, and again after every
    /// threaded call: a tenth of a second of a core taken from evaluation workers, which
    /// on a two-core machine slowed short runs on two workers. The `tessera` executable
    /// calls this first thing. Call it only while no BLAS call is running on another
    /// thread. Uses OpenBLAS's `blas_thread_shutdown_` (looked up at run time; nothing
    /// happens with a BLAS that lacks it).
    ///
    /// - Returns: Whether the threads were stopped.
    @discardableResult
    public static func stopIdleThreads() -> Bool {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "blas_thread_shutdown_") else { return false }
        _ = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)()
        return true
        #else
        return false
        #endif
    }

    /// The number of threads OpenBLAS currently uses.
    ///
    /// - Complexity: O(1).
    public static var current: Int {
        Int(openblas_get_num_threads())
    }

    /// Runs `body` with OpenBLAS at `n` threads, then restores the previous count.
    ///
    /// OpenBLAS splits a product differently for different thread counts, and the float
    /// sums then round differently: code whose results must not depend on the machine or
    /// on `--workers` (a learner's fit and its codes) pins the count.
    public static func pinned<Result>(_ n: Int, _ body: () throws -> Result) rethrows -> Result {
        let previous = current
        if previous != n { set(n) }
        defer { if previous != n { set(previous) } }
        return try body()
    }
}
