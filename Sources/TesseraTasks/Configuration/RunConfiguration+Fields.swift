extension RunConfiguration {
    /// The configuration as ordered, human-readable key/value pairs (the `run_config`
    /// table of archive files; `tessera info`): the common settings, then each of the
    /// algorithm's options, then the task's QD score offset, then where an evaluator outside
    /// the process is (never a token).
    public var fields: [(String, String)] {
        [("task", task.name), ("algorithm", algorithm.name), ("dims", String(dimension)), ("seed", String(seed)),
         ("evaluations", String(evaluations)), ("batch_size", String(batchSize))]
            + resolvedOptions.map { ($0.option.setting.key, $0.option.describe($0.value)) }
            + [("qd_score_offset", String(task.qdScoreOffset))]
            + externalFields
    }

    private var externalFields: [(String, String)] {
        guard let external = task.external else { return [] }
        var fields: [(String, String)]
        switch external.transport {
        case .process(let command, let folder): fields = [("evaluator", command), ("evaluator_folder", folder)]
        case .http(let url, let variable): fields = [("evaluator", url)] + (variable.map { [("token_variable", $0)] } ?? [])
        }
        if let dask = external.dask { fields.append(("dask", dask)) }
        return fields + [("descriptor_names", external.domain.descriptorNames.joined(separator: ", "))]
    }
}
