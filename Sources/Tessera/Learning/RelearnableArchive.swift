/// An archive that can follow a learned descriptor space: after each re-training its elites
/// are re-inserted under their new codes (``DescriptorLearning``).
///
/// Grid archives re-fit their box to the codes and keep their shape; unstructured archives
/// take the codes' box as their nominal range and, when they admit by distance (AURORA),
/// restart from the initial distance of the ``ContainerSizeControl``. CVT archives would
/// need new centroids and do not conform.
public protocol RelearnableArchive: Archive {
    /// The archive with every elite re-inserted under `descriptors` (row-major, in
    /// insertion order, the learner's code dimension each).
    ///
    /// - Returns: The new archive and the number of elites it dropped.
    /// - Throws: ``ArchiveError`` when `descriptors` does not fit.
    func relearned(descriptors: [Double], learning: DescriptorLearning) throws -> (archive: Self, dropped: Int)

    /// One step of container-size control between trainings; the default does nothing.
    mutating func controlSize(_ control: ContainerSizeControl)
}

extension RelearnableArchive {
    public mutating func controlSize(_ control: ContainerSizeControl) {}
}

extension Box {
    /// The length of the box's diagonal.
    public var diagonal: Double {
        zip(lower, upper).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }.squareRoot()
    }

    /// The bounding box of `points` (row-major, `dimension` each) widened by `margin` of its
    /// width on each side; a side of zero width becomes ±0.5 around its value; `nil` when
    /// there are no points or one is not finite.
    public static func fitted(to points: [Double], dimension k: Int, margin: Double = 0.05) -> Box? {
        let n = points.count / max(k, 1)
        guard n > 0, points.allSatisfy(\.isFinite) else { return nil }
        var lower = [Double](repeating: .infinity, count: k), upper = [Double](repeating: -.infinity, count: k)
        for i in 0..<n {
            for j in 0..<k {
                lower[j] = min(lower[j], points[i * k + j])
                upper[j] = max(upper[j], points[i * k + j])
            }
        }
        for j in 0..<k {
            let width = upper[j] - lower[j]
            if width > 0 {
                lower[j] -= margin * width
                upper[j] += margin * width
            } else {
                lower[j] -= 0.5
                upper[j] += 0.5
            }
        }
        return Box(lower: lower, upper: upper)
    }
}

extension GridArchive: RelearnableArchive {
    /// The grid's shape over the codes' box (widened by 5%), every elite re-inserted; two
    /// elites that now share a cell keep the better one.
    public func relearned(descriptors: [Double], learning: DescriptorLearning) throws -> (archive: Self, dropped: Int) {
        let box = Box.fitted(to: descriptors, dimension: descriptorSpace.dimension) ?? descriptorSpace
        let (archive, dropped) = try reindexed(descriptorSpace: box, descriptors: descriptors)
        return (archive, dropped.count)
    }
}

extension UnstructuredArchive: RelearnableArchive {
    /// The codes' box as nominal range and every elite re-inserted; an archive that admits
    /// by distance gets the initial distance of the learning's size control for the new
    /// codes (its own distance without one) and re-inserts with it tightened by ε.
    public func relearned(descriptors: [Double], learning: DescriptorLearning) throws -> (archive: Self, dropped: Int) {
        let box = Box.fitted(to: descriptors, dimension: descriptorSpace.dimension) ?? descriptorSpace
        if case .distanceAbove(let old) = admission {
            let control = learning.sizeControl
            let distance = control?.initialDistance(descriptors: descriptors, dimension: descriptorSpace.dimension) ?? old
            let tightened = distance * (1 - (control?.epsilon ?? 0))
            let (archive, dropped) = try reindexed(descriptorSpace: box, descriptors: descriptors,
                                                   tightened: tightened > 0 ? tightened : distance, distance: distance)
            return (archive, dropped.count)
        }
        let (archive, dropped) = try reindexed(descriptorSpace: box, descriptors: descriptors)
        return (archive, dropped.count)
    }

    /// The CSC step on the admission distance; other admission rules are left alone.
    public mutating func controlSize(_ control: ContainerSizeControl) {
        guard case .distanceAbove(let distance) = admission else { return }
        let next = control.adjusted(distance, size: count)
        if next.isFinite && next > 0 { try? setAdmission(.distanceAbove(next)) }
    }
}
