import TesseraStore

extension RunConfiguration {
    /// Bytes one genome row with its descriptor and bookkeeping takes in the archive.
    var archiveRowBytes: Double { Double(dimension + archiveDescriptorDimension + 4) * 8 + observationBytes }
    /// Bytes of one kept observation (an image of `--image-size` pixels a side), 0 when
    /// the run learns no descriptor.
    var observationBytes: Double {
        guard learnsDescriptors else { return 0 }
        let side = Double(integer(.imageSize) ?? 32)
        return side * side * 4
    }
    /// Bytes one row of a batch takes while it is made, evaluated and inserted (child,
    /// parent copy, evaluation, index), with room for the workers' chunk copies.
    var batchRowBytes: Double { Double(3 * dimension + task.descriptorDimension + 6) * 8 + observationBytes }

    /// Checks the archive, the batch and the archive's construction (k-means samples)
    /// against `limits`, naming the setting to change and the largest value that fits.
    func checkMemory(_ limits: MachineLimits) throws(ConfigurationError) {
        let budget = Double(limits.memoryBytes)
        let archive = algorithm.archive
        let cells = Double(cellCount)
        let archiveBytes = cells * archiveRowBytes
        if archiveBytes > budget {
            let defaultCells = Double(RunConfiguration(task: task, algorithm: algorithm, dimension: dimension).cellCount)
            if defaultCells * archiveRowBytes > budget || cells <= defaultCells {
                let most = Int(budget / cells / 8) - task.descriptorDimension - 4
                throw ConfigurationError(setting: .dims, problem: "is too large: the archive of \(ReportNumber.grouped(cellCount)) cells would need "
                    + "\(limits.describe(archiveBytes)); at most \(ReportNumber.grouped(max(0, most))) fits \(limits.describeBudget)")
            }
            throw ConfigurationError(setting: archive.sizeSetting,
                                     problem: "is too large: \(ReportNumber.grouped(cellCount)) cells of \(dimension)-D genomes"
                                        + (learnsDescriptors ? " with \(integer(.imageSize) ?? 32) x \(integer(.imageSize) ?? 32) observations" : "")
                                        + " would need "
                                        + "\(limits.describe(archiveBytes)); at most \(ReportNumber.grouped(Int(budget / archiveRowBytes))) "
                                        + "cells fit \(limits.describeBudget)")
        }
        let stateBytes = algorithm.stateBytes(self)
        if stateBytes > budget {
            throw ConfigurationError(setting: .dims, problem: "is too large for \(algorithm.name): the emitters' own state would need "
                + "\(limits.describe(stateBytes)) \(limits.describeBudget)"
                + (algorithm.option(.es) != nil ? "; --es sep or --es lm-ma keep far less, as do fewer --emitters" : ""))
        }
        let batchBytes = Double(iterationBatchSize) * batchRowBytes + stateBytes
        if batchBytes > budget {
            throw ConfigurationError(setting: .batchSize, problem: "is too large: a batch of \(dimension)-D genomes would need "
                + "\(limits.describe(batchBytes)); at most \(ReportNumber.grouped(Int(budget / batchRowBytes))) fits \(limits.describeBudget)")
        }
        var constructionBytes = 0.0
        if let (setting, each, count) = archive.constructionBytes(self) {
            constructionBytes = Double(count) * each
            if constructionBytes > budget {
                throw ConfigurationError(setting: setting, problem: "is too large: k-means would need \(limits.describe(constructionBytes)); "
                    + "at most \(ReportNumber.grouped(Int(budget / each))) fit \(limits.describeBudget)")
            }
        }
        let total = archiveBytes + batchBytes + constructionBytes
        if total > budget {
            let largest: RunSetting = archiveBytes >= max(batchBytes, constructionBytes) ? archive.sizeSetting
                : batchBytes >= constructionBytes ? .batchSize : (archive.constructionBytes(self)?.0 ?? .batchSize)
            throw ConfigurationError(setting: largest, problem: "is too large together with the other sizes: the run would need "
                + "\(limits.describe(total)) \(limits.describeBudget)")
        }
    }
}
