import Tessera

extension MazeDomain {
    /// A canvas over the map's bounds on the observation of batch row `row`.
    private func canvas(_ observations: UnsafeMutableBufferPointer<Float>, row: Int, size: Int) -> ImageCanvas {
        let m = size * size
        let lower = descriptorSpace.lower, upper = descriptorSpace.upper
        return ImageCanvas(size: size, pixels: UnsafeMutableBufferPointer(rebasing: observations[row * m ..< (row + 1) * m]),
                           minX: lower[0], minY: lower[1], maxX: upper[0], maxY: upper[1])
    }

    /// Steps `simulation` as ``evaluate(_:into:)`` does, drawing each robot's path into the
    /// observations of batch rows `rows` (cleared first).
    ///
    /// A robot's path is a polyline from the start: a segment is drawn whenever the robot
    /// has moved at least one pixel from the end of the last one, and a last one to the
    /// final position, so the work follows the path's length in pixels, not the steps.
    /// - Complexity: O(steps × count) on top of the simulation, plus O(path length × width²).
    func trace(_ simulation: inout MazeSimulation, rows: Range<Int>, _ observation: MazeObservation,
               into results: inout EvaluationBatch) {
        let count = rows.count, steps = steps
        let width = MazeObservation.pathWidth, intensity = MazeObservation.pathIntensity
        results.observations.withUnsafeMutableBufferPointer { observations in
            let canvases = (0..<count).map { canvas(observations, row: rows.lowerBound + $0, size: observation.size) }
            for canvas in canvases { canvas.clear() }
            let (startU, startV) = canvases[0].pixel(x: map.start.x, y: map.start.y)
            var lastU = [Float](repeating: startU, count: count), lastV = [Float](repeating: startV, count: count)
            for _ in 0..<steps where !simulation.allStopped {
                simulation.step()
                for r in 0..<count {
                    let position = simulation.position(r)
                    let (u, v) = canvases[r].pixel(x: position.x, y: position.y)
                    let du = u - lastU[r], dv = v - lastV[r]
                    if du * du + dv * dv >= 1 {
                        canvases[r].segment(u0: lastU[r], v0: lastV[r], u1: u, v1: v, width: width, intensity: intensity)
                        lastU[r] = u
                        lastV[r] = v
                    }
                }
            }
            for r in 0..<count {
                let position = simulation.position(r)
                let (u, v) = canvases[r].pixel(x: position.x, y: position.y)
                canvases[r].segment(u0: lastU[r], v0: lastV[r], u1: u, v1: v, width: width, intensity: intensity)
            }
        }
    }

    /// Draws each robot's final position, clamped to the bounds as the descriptor is, into
    /// the observations of batch rows `rows`; clears them first unless a path was traced.
    ///
    /// - Complexity: O(count × size²) to clear, O(count) to draw.
    func drawFinal(_ simulation: MazeSimulation, rows: Range<Int>, _ observation: MazeObservation,
                   into results: inout EvaluationBatch) {
        let lower = descriptorSpace.lower, upper = descriptorSpace.upper
        results.observations.withUnsafeMutableBufferPointer { observations in
            for r in 0..<rows.count {
                let canvas = canvas(observations, row: rows.lowerBound + r, size: observation.size)
                if !observation.trajectory { canvas.clear() }
                let position = simulation.position(r)
                canvas.disc(x: min(max(position.x, lower[0]), upper[0]), y: min(max(position.y, lower[1]), upper[1]),
                            radius: MazeObservation.finalRadius(size: observation.size), intensity: 1)
            }
        }
    }
}
