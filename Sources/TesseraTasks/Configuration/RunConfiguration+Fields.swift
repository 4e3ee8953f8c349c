extension RunConfiguration {
    /// The configuration as ordered, human-readable key/value pairs (the `run_config`
    /// table of archive files; `tessera info`): the common settings, then each of the
    /// algorithm's options, then the task's QD score offset.
    public var fields: [(String, String)] {
        [("task", task.name), ("algorithm", algorithm.name), ("dims", String(dimension)), ("seed", String(seed)),
         ("evaluations", String(evaluations)), ("batch_size", String(batchSize))]
            + resolvedOptions.map { ($0.option.setting.key, $0.option.describe($0.value)) }
            + [("qd_score_offset", String(task.qdScoreOffset))]
    }
}
