import Tessera

/// The "linear projection" descriptors of Fontaine et al. (2020), used by the sphere and
/// Rastrigin tasks: components outside [−5.12, 5.12] are folded to `5.12 / x`, then the
/// first ⌊D/2⌋ components are summed into d₁ and the rest into d₂ (over whole batches by
/// the C kernel `tk_sphere_rows`).
enum LinearProjection {
    /// The descriptor box: [−D/2 · 5.12, D/2 · 5.12]² (pyribs' measure ranges).
    static func descriptorSpace(dimension: Int) -> Box {
        let bound = Double(dimension) / 2 * 5.12
        return Box(dimension: 2, range: -bound...bound)
    }
}
