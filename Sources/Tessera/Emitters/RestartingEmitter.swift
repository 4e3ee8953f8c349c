/// An emitter that counts its restarts, so a ``BanditEmitter`` can tell when it
/// terminated and put it up for reselection.
///
/// This is pyribs' `emitter.restarts` attribute, which pyribs' `BanditScheduler` reads
/// with `reselect="terminated"`: an emitter whose count grew since the previous iteration
/// has restarted (a CMA-ES emitter that converged, say) and goes back into the pool.
public protocol RestartingEmitter: Emitter {
    /// How many times the emitter has restarted since it was created (0 before the first
    /// restart). It only grows, and it changes only in ``Emitter/tell(_:archive:)``.
    ///
    /// A negative value says the emitter does not restart at all: a ``BanditEmitter``
    /// then reselects it after every iteration, as pyribs reselects emitters without a
    /// `restarts` attribute (which it counts as −1).
    var restarts: Int { get }
}
