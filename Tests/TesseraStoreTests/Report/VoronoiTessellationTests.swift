import Testing
@testable import TesseraStore

@Suite struct VoronoiTessellationTests {
    private let unit = (lower: [0.0, 0.0], upper: [1.0, 1.0])

    /// The polygon's bounding box as `[minX, minY, maxX, maxY]`.
    private func bounds(_ polygon: ConvexPolygon) -> [Double] {
        [polygon.xs.min()!, polygon.ys.min()!, polygon.xs.max()!, polygon.ys.max()!]
    }

    private func isConvexCounterClockwise(_ polygon: ConvexPolygon, tolerance: Double = 1e-12) -> Bool {
        let n = polygon.count
        for i in 0..<n {
            let (a, b, c) = (i, (i + 1) % n, (i + 2) % n)
            let cross = (polygon.xs[b] - polygon.xs[a]) * (polygon.ys[c] - polygon.ys[b])
                - (polygon.ys[b] - polygon.ys[a]) * (polygon.xs[c] - polygon.xs[b])
            if cross < -tolerance { return false }
        }
        return true
    }

    @Test func twoCentroidsSplitTheBoxAtTheirBisector() throws {
        let cells = VoronoiTessellation.cells(centroids: [0.25, 0.5, 0.75, 0.5], lower: unit.lower, upper: unit.upper)
        try #require(cells.count == 2)
        #expect(abs(cells[0].area - 0.5) < 1e-12)
        #expect(abs(cells[1].area - 0.5) < 1e-12)
        #expect(bounds(cells[0]).elementsEqual([0, 0, 0.5, 1], by: { abs($0 - $1) < 1e-12 }))
        #expect(bounds(cells[1]).elementsEqual([0.5, 0, 1, 1], by: { abs($0 - $1) < 1e-12 }))
    }

    @Test func anObliqueBisectorCutsTheBoxDiagonally() throws {
        // Centroids symmetric about the diagonal y = x split the unit square along it.
        let cells = VoronoiTessellation.cells(centroids: [0.8, 0.2, 0.2, 0.8], lower: unit.lower, upper: unit.upper)
        #expect(cells.map(\.count) == [3, 3])
        #expect(cells.allSatisfy { abs($0.area - 0.5) < 1e-12 })
    }

    @Test func fourQuadrantCentresGiveTheFourQuadrants() throws {
        let centroids = [0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75]
        let cells = VoronoiTessellation.cells(centroids: centroids, lower: unit.lower, upper: unit.upper)
        let expected: [[Double]] = [[0, 0, 0.5, 0.5], [0.5, 0, 1, 0.5], [0, 0.5, 0.5, 1], [0.5, 0.5, 1, 1]]
        for (cell, box) in zip(cells, expected) {
            #expect(cell.count == 4)
            #expect(abs(cell.area - 0.25) < 1e-12)
            #expect(bounds(cell).elementsEqual(box, by: { abs($0 - $1) < 1e-12 }), "cell \(bounds(cell)) is not \(box)")
        }
    }

    @Test func aSingleCentroidOwnsTheWholeBox() {
        let cells = VoronoiTessellation.cells(centroids: [3, -1], lower: [2, -2], upper: [5, 0])
        #expect(cells.count == 1 && abs(cells[0].area - 6) < 1e-12)
    }

    @Test func duplicateCentroidsGiveTheCellToTheLowerIndex() {
        let cells = VoronoiTessellation.cells(centroids: [0.3, 0.3, 0.7, 0.7, 0.3, 0.3], lower: unit.lower, upper: unit.upper)
        #expect(!cells[0].isEmpty)
        #expect(cells[2].isEmpty)
        #expect(abs(cells[0].area + cells[1].area - 1) < 1e-12)
    }

    @Test(arguments: [(UInt64(1), 1), (2, 2), (3, 7), (4, 50), (5, 400), (6, 3_000)])
    func randomCentroidsTileTheBoxWithConvexCells(seed: UInt64, count: Int) {
        let lower = [-2.0, 10.0]
        let upper = [3.0, 11.5]
        var random = FixtureRandom(seed: seed)
        let centroids = ReportFixtures.uniformPoints(count: count, lower: lower, upper: upper, using: &random)
        let cells = VoronoiTessellation.cells(centroids: centroids, lower: lower, upper: upper)
        let boxArea = (upper[0] - lower[0]) * (upper[1] - lower[1])
        let total = cells.reduce(0) { $0 + $1.area }
        #expect(abs(total - boxArea) <= 1e-9 * boxArea, "seed \(seed): areas sum to \(total), not \(boxArea)")
        #expect(cells.allSatisfy { !$0.isEmpty && $0.area > 0 }, "seed \(seed)")
        #expect(cells.allSatisfy { isConvexCounterClockwise($0) }, "seed \(seed): a cell is not convex")
        // Each vertex is at least as near to its own centroid as to any other.
        for (site, cell) in cells.enumerated() {
            for k in 0..<cell.count {
                let own = squaredDistance(cell.xs[k], cell.ys[k], centroids, site)
                let nearest = (0..<count).map { squaredDistance(cell.xs[k], cell.ys[k], centroids, $0) }.min()!
                #expect(own <= nearest + 1e-9, "seed \(seed): vertex \(k) of cell \(site) is nearer another centroid")
            }
        }
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func bucketSearchMatchesClippingByEveryCentroid(seed: UInt64) {
        var random = FixtureRandom(seed: seed)
        // Clustered centroids stress the bucket grid: most buckets are empty.
        var centroids = [Double]()
        for _ in 0..<300 {
            let cluster = Double(Int.random(in: 0..<3, using: &random))
            centroids.append(min(1, max(0, 0.2 + 0.3 * cluster + Double.random(in: -0.05...0.05, using: &random))))
            centroids.append(min(1, max(0, Double.random(in: 0...1, using: &random) * 0.1 + 0.45)))
        }
        let cells = VoronoiTessellation.cells(centroids: centroids, lower: unit.lower, upper: unit.upper)
        var scratch = ConvexPolygon(xs: [], ys: [])
        for site in 0..<(centroids.count / 2) {
            var reference = ConvexPolygon(rectangleFrom: 0, 0, to: 1, 1)
            let (cx, cy) = (centroids[2 * site], centroids[2 * site + 1])
            for other in 0..<(centroids.count / 2) where other != site {
                let (qx, qy) = (centroids[2 * other], centroids[2 * other + 1])
                reference.clip(nx: qx - cx, ny: qy - cy, offset: (qx * qx + qy * qy - cx * cx - cy * cy) / 2, scratch: &scratch)
            }
            #expect(abs(cells[site].area - reference.area) < 1e-12, "seed \(seed), cell \(site)")
        }
    }

    @Test func intervalsSplitAtMidpointsAndSkipDuplicates() {
        let intervals = VoronoiTessellation.intervals(centroids: [0.8, 0.2, 0.5, 0.2], lower: 0, upper: 1)
        #expect(intervals[0] == 0.65...1)
        #expect(intervals[1] == 0...0.35)
        #expect(intervals[2] == 0.35...0.65)
        #expect(intervals[3] == nil)
    }

    @Test func clippingKeepsTheInsideOfAHalfPlane() {
        var square = ConvexPolygon(rectangleFrom: 0, 0, to: 2, 2)
        var scratch = ConvexPolygon(xs: [], ys: [])
        square.clip(nx: 1, ny: 1, offset: 2, scratch: &scratch)  // x + y <= 2: the lower-left triangle
        #expect(square.count == 3)
        #expect(abs(square.area - 2) < 1e-12)
        square.clip(nx: 1, ny: 0, offset: -1, scratch: &scratch)  // x <= -1: nothing left
        #expect(square.isEmpty)
    }

    private func squaredDistance(_ x: Double, _ y: Double, _ centroids: [Double], _ site: Int) -> Double {
        let dx = x - centroids[2 * site]
        let dy = y - centroids[2 * site + 1]
        return dx * dx + dy * dy
    }
}
