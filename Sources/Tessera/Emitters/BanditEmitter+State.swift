import Foundation

extension BanditEmitter {
    /// `tessera.bandit-emitter`, whatever the member type.
    public static var stateIdentifier: String { "tessera.bandit-emitter" }

    /// The key of the JSON part holding the bandit's own state.
    static var banditKey: String { "bandit" }

    /// The prefix of member `index`'s parts: `member.<index>.`.
    static func memberPrefix(_ index: Int) -> String { "member.\(index)." }

    /// The bandit's state and its members' states.
    ///
    /// A JSON part `bandit` holds ``active``, ``successes``, ``selections`` and
    /// ``restartsSeen`` (one entry per member) and each member's state identifier and
    /// version; member `i`'s own parts follow under keys prefixed `member.i.` (member 2's
    /// `mean` is `member.2.mean`). The configuration (the pool's parameters,
    /// ``activeCount``, ``zeta``, ``reselect``) is not saved: the caller rebuilds it.
    ///
    /// - Throws: The members' encoding errors.
    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        var headers: [MemberHeader] = []
        for (index, member) in pool.enumerated() {
            let own = try member.saveState()
            headers.append(MemberHeader(identifier: own.identifier, version: own.version))
            for (key, part) in own.parts { state.set(Self.memberPrefix(index) + key, part) }
        }
        try state.set(Self.banditKey, json: Saved(counts: Counts(active: active, successes: successes, selections: selections,
                                                                  restartsSeen: restartsSeen), members: headers))
        return state
    }

    /// Restores the bandit and every member, checking the counts: one entry per member,
    /// successes and selections finite with `0 ≤ successes ≤ selections`, restarts seen
    /// of at least −1, exactly ``activeCount`` members active, each member's state saved
    /// under its own identifier, and no part that belongs to no member. Nothing changes
    /// when a check or a member's restore fails.
    ///
    /// - Throws: ``RestoreError`` for a missing, mismatched or impossible part, and the
    ///   members' own restore errors.
    public mutating func restoreState(from state: ComponentState) throws {
        let saved = try state.decode(Saved.self, key: Self.banditKey)
        guard saved.members.count == pool.count else {
            throw refusal("state holds \(saved.members.count) members, the pool has \(pool.count)")
        }
        var memberParts = [[String: StatePart]](repeating: [:], count: pool.count)
        for (key, part) in state.parts where key != Self.banditKey {
            guard let index = pool.indices.first(where: { key.hasPrefix(Self.memberPrefix($0)) }) else {
                throw refusal("part '\(key)' belongs to no member of a pool of \(pool.count)")
            }
            memberParts[index][String(key.dropFirst(Self.memberPrefix(index).count))] = part
        }
        var restored = self
        for index in pool.indices {
            let header = saved.members[index]
            guard header.identifier == Member.stateIdentifier else {
                throw refusal("member \(index) was saved as \(header.identifier), expected \(Member.stateIdentifier)")
            }
            try restored.pool[index].restoreState(from: ComponentState(identifier: header.identifier, version: header.version,
                                                                        parts: memberParts[index]))
        }
        try restored.adopt(saved.counts)
        self = restored
    }

    /// The bandit's own state arrays, one entry per member.
    struct Counts: Codable, Hashable {
        var active: [Bool]
        var successes: [Double]
        var selections: [Double]
        var restartsSeen: [Int]
    }

    /// A member's state identifier and version, saved beside the counts.
    struct MemberHeader: Codable, Hashable {
        var identifier: String
        var version: Int
    }

    /// The `bandit` JSON part.
    struct Saved: Codable, Hashable {
        var counts: Counts
        var members: [MemberHeader]
    }

    /// Takes `counts` after checking them against the pool.
    mutating func adopt(_ counts: Counts) throws(RestoreError) {
        let n = pool.count
        guard counts.active.count == n, counts.successes.count == n, counts.selections.count == n, counts.restartsSeen.count == n else {
            throw refusal("state has \(counts.active.count) active flags, \(counts.successes.count) successes, "
                          + "\(counts.selections.count) selections and \(counts.restartsSeen.count) restart counts for a pool of \(n)")
        }
        for index in 0..<n {
            let success = counts.successes[index], selected = counts.selections[index]
            guard success.isFinite, selected.isFinite, success >= 0, success <= selected else {
                throw refusal("member \(index) has \(success) successes of \(selected) selections; "
                              + "they must be finite with 0 ≤ successes ≤ selections")
            }
            guard counts.restartsSeen[index] >= -1 else {
                throw refusal("member \(index) has \(counts.restartsSeen[index]) restarts seen, below −1")
            }
        }
        let activeNow = counts.active.count(where: \.self)
        guard activeNow == activeCount else {
            throw refusal("state has \(activeNow) active members, the bandit runs \(activeCount)")
        }
        active = counts.active
        successes = counts.successes
        selections = counts.selections
        restartsSeen = counts.restartsSeen
    }

    private func refusal(_ problem: String) -> RestoreError {
        RestoreError(message: "BanditEmitter: the saved \(problem)")
    }
}

extension BanditEmitter {
    /// The bandit's settings and each member's own configuration
    /// (``Emitter/configurationJSON()``), as one JSON object.
    public func configurationJSON() throws -> Data {
        let members = try pool.map { try JSONSerialization.jsonObject(with: $0.configurationJSON(), options: [.fragmentsAllowed]) }
        let object: [String: Any] = ["activeCount": activeCount, "zeta": zeta, "reselect": reselect.rawValue, "members": members]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
