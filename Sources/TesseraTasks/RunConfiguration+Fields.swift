extension RunConfiguration {
    /// The configuration as ordered, human-readable key/value pairs (the `run_config`
    /// table of archive files; `tessera info`).
    public var fields: [(String, String)] {
        var out: [(String, String)] = [
            ("task", task.rawValue),
            ("algorithm", algorithm.rawValue),
            ("dims", String(dimension)),
            ("seed", String(seed)),
            ("evaluations", String(evaluations)),
            ("batch_size", String(batchSize)),
        ]
        if algorithm.usesCVT {
            out += [("cells", String(cells)), ("cvt_samples", String(cvtSamples))]
        } else {
            out.append(("grid", grid.map(String.init).joined(separator: "x")))
        }
        switch algorithm {
        case .mapElites, .cvtMapElites: out.append(("sigma", String(sigma)))
        case .lineMapElites: out += [("iso_sigma", String(isoSigma)), ("line_sigma", String(lineSigma))]
        case .random: break
        }
        out.append(("qd_score_offset", String(task.qdScoreOffset)))
        return out
    }
}
