/// A part of a run with state to save and restore under a stable name: an emitter today,
/// archives and learners as they grow state.
///
/// Only state is saved: a component's configuration comes from the code that rebuilds
/// the run, and files keep it once, apart, when they are created. ``Emitter`` refines
/// this protocol with defaults that save the whole emitter.
public protocol StateComponent {
    /// The stable name written in files, for example `tessera.vector-emitter`. Do not derive
    /// it from the Swift type name: renaming a type or a generic argument would orphan
    /// every saved run.
    static var stateIdentifier: String { get }

    /// The version of the state layout (start at 1; raise it when ``saveState()`` changes
    /// what it writes, and read older layouts in ``restoreState(from:)``).
    static var stateVersion: Int { get }

    /// The component's mutable state.
    ///
    /// - Throws: Encoding errors of JSON parts.
    func saveState() throws -> ComponentState

    /// Replaces the component's mutable state with a saved one, checking every value.
    ///
    /// - Throws: ``RestoreError`` for missing or mismatched parts; `DecodingError` for a
    ///   JSON part that cannot be read or holds a refused value.
    mutating func restoreState(from state: ComponentState) throws
}

extension StateComponent {
    /// Version 1.
    public static var stateVersion: Int { 1 }

    /// An empty state of this component, to fill with parts.
    public static func emptyState() -> ComponentState {
        ComponentState(identifier: stateIdentifier, version: stateVersion)
    }
}
