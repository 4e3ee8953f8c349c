/// A convex polygon in the plane, vertices in counter-clockwise order (y up), stored flat.
struct ConvexPolygon: Sendable, Equatable {
    /// Vertex x coordinates.
    var xs: [Double]
    /// Vertex y coordinates, one per x.
    var ys: [Double]

    /// The axis-aligned rectangle `[x0, x1] × [y0, y1]`, counter-clockwise from `(x0, y0)`.
    init(rectangleFrom x0: Double, _ y0: Double, to x1: Double, _ y1: Double) {
        xs = [x0, x1, x1, x0]
        ys = [y0, y0, y1, y1]
    }

    /// A polygon from vertex coordinates; the caller guarantees convexity and orientation.
    init(xs: [Double], ys: [Double]) {
        precondition(xs.count == ys.count)
        self.xs = xs
        self.ys = ys
    }

    /// The number of vertices.
    var count: Int { xs.count }

    /// Whether the polygon has no area (fewer than three vertices).
    var isEmpty: Bool { xs.count < 3 }

    /// The signed area (positive for counter-clockwise order), by the shoelace formula.
    var area: Double {
        guard count >= 3 else { return 0 }
        var twice = 0.0
        var j = count - 1
        for i in 0..<count {
            twice += xs[j] * ys[i] - xs[i] * ys[j]
            j = i
        }
        return twice / 2
    }

    /// The largest squared distance from `(x, y)` to a vertex.
    func maximumSquaredDistance(fromX x: Double, y: Double) -> Double {
        var largest = 0.0
        for i in 0..<count {
            let dx = xs[i] - x
            let dy = ys[i] - y
            largest = max(largest, dx * dx + dy * dy)
        }
        return largest
    }

    /// Keeps the part of the polygon where `nx·x + ny·y <= offset`
    /// (one step of Sutherland–Hodgman clipping).
    ///
    /// - Parameters:
    ///   - nx: The x component of the half-plane's outward normal.
    ///   - ny: The y component of the half-plane's outward normal.
    ///   - offset: The half-plane's offset.
    ///   - scratch: Reused storage; left holding the previous vertices.
    /// - Complexity: O(*n*) in the number of vertices.
    mutating func clip(nx: Double, ny: Double, offset: Double, scratch: inout ConvexPolygon) {
        let n = count
        guard n > 0 else { return }
        scratch.xs.removeAll(keepingCapacity: true)
        scratch.ys.removeAll(keepingCapacity: true)
        var outside = false
        var previous = n - 1
        var previousValue = nx * xs[previous] + ny * ys[previous] - offset
        for current in 0..<n {
            let value = nx * xs[current] + ny * ys[current] - offset
            if value > 0 { outside = true }
            if (previousValue < 0 && value > 0) || (previousValue > 0 && value < 0) {
                let t = previousValue / (previousValue - value)
                scratch.xs.append(xs[previous] + t * (xs[current] - xs[previous]))
                scratch.ys.append(ys[previous] + t * (ys[current] - ys[previous]))
            }
            if value <= 0 {
                scratch.xs.append(xs[current])
                scratch.ys.append(ys[current])
            }
            previous = current
            previousValue = value
        }
        guard outside else { return }
        swap(&self, &scratch)
        if count < 3 {
            xs.removeAll()
            ys.removeAll()
        }
    }
}
