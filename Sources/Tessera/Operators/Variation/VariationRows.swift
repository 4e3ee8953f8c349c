import _TesseraKernels

/// A batch of children to make at once: row r is made from the parents `firsts[r]` and
/// `seconds[r]` (the same pointer for one-parent operators) into `children[r]`, drawing
/// only from `streams[r]`. All rows have ``dimension`` genes. The pointers are valid only
/// during the call they are passed to.
public struct VariationRows {
    /// The number of rows.
    public let count: Int
    /// Genes per row.
    public let dimension: Int
    /// Each row's first parent.
    public let firsts: UnsafePointer<UnsafePointer<Double>?>
    /// Each row's second parent.
    public let seconds: UnsafePointer<UnsafePointer<Double>?>
    /// Each row's child, written by the operator.
    public let children: UnsafePointer<UnsafeMutablePointer<Double>?>
    /// Each row's stream, left where the row's draws end.
    public let streams: UnsafeMutablePointer<Xoshiro256>

    /// Describes a batch.
    public init(count: Int, dimension: Int, firsts: UnsafePointer<UnsafePointer<Double>?>, seconds: UnsafePointer<UnsafePointer<Double>?>,
                children: UnsafePointer<UnsafeMutablePointer<Double>?>, streams: UnsafeMutablePointer<Xoshiro256>) {
        self.count = count
        self.dimension = dimension
        self.firsts = firsts
        self.seconds = seconds
        self.children = children
        self.streams = streams
    }

    /// Row `r`'s first parent.
    @inlinable public func first(_ r: Int) -> UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: firsts[r], count: dimension) }
    /// Row `r`'s second parent.
    @inlinable public func second(_ r: Int) -> UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: seconds[r], count: dimension) }
    /// Row `r`'s child.
    @inlinable public func child(_ r: Int) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(start: children[r], count: dimension)
    }

    /// Calls `body` for every row in order, first asking the CPU for the parents of the
    /// row a few places ahead (parents sit at random places of a large archive).
    @inlinable
    public func forEachRow(_ body: (Int) -> Void) {
        let bytes = dimension * MemoryLayout<Double>.stride
        let ahead = 3
        for r in 0..<Swift.min(ahead, count) { tk_prefetch(firsts[r], bytes) }
        for r in 0..<count {
            if r + ahead < count {
                tk_prefetch(firsts[r + ahead], bytes)
                if seconds[r + ahead] != firsts[r + ahead] { tk_prefetch(seconds[r + ahead], bytes) }
            }
            body(r)
        }
    }
}
