import Foundation

extension TextDomain {
    /// The largest domain file read (1 MiB).
    public static let maximumFileBytes = 1 << 20

    /// Reads and checks a domain file.
    ///
    /// - Throws: ``TextDomainError`` in one line naming the file and the field.
    public init(contentsOf url: URL) throws(TextDomainError) {
        let file = url.lastPathComponent
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? Int, size > Self.maximumFileBytes {
                throw TextDomainError("\(file): the file is \(size) bytes; a domain file is at most \(Self.maximumFileBytes)")
            }
            data = try Data(contentsOf: url)
        } catch let error as TextDomainError {
            throw error
        } catch {
            throw TextDomainError("\(file): cannot be read (\(error.localizedDescription))")
        }
        try self.init(json: data, source: file)
    }

    /// Reads and checks a domain from JSON.
    ///
    /// - Parameter source: What to call the JSON in errors (its file name).
    /// - Throws: ``TextDomainError`` in one line naming the field.
    public init(json data: Data, source: String) throws(TextDomainError) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw TextDomainError("\(source): not a JSON object")
        }
        let reader = FieldReader(source: source)
        try reader.onlyKeys(object, ["name", "summary", "seeds", "generation", "quality", "axes", "rewrite", "calibration"], at: "")
        name = try reader.text(object["name"], at: "name", maximum: 64)
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw reader.error("name", "letters, digits, - and _ only (got '\(name)')")
        }
        summary = try reader.text(object["summary"], at: "summary", maximum: 300)
        seeds = try reader.texts(object["seeds"], at: "seeds", minimum: 3, maximum: 1000, length: 4000)
        let generationObject = try reader.object(object["generation"], at: "generation")
        try reader.onlyKeys(generationObject, ["template", "max_tokens", "temperature", "top_p", "stop"], at: "generation")
        generation = Generation(
            template: try reader.text(generationObject["template"], at: "generation.template", maximum: 2000),
            maxTokens: try reader.integer(generationObject["max_tokens"], at: "generation.max_tokens", range: 1...4096, default: 100),
            temperature: try reader.number(generationObject["temperature"], at: "generation.temperature", range: 0...5, default: 0.8),
            topP: try reader.number(generationObject["top_p"], at: "generation.top_p", range: 0...1, default: 0.95),
            stop: try reader.texts(generationObject["stop"], at: "generation.stop", minimum: 0, maximum: 4, length: 32, default: ["###"],
                                   blankAllowed: true))
        quality = try reader.question(object["quality"], at: "quality", extra: [])
        guard quality.options.count == 2 else { throw reader.error("quality.options", "a yes/no question has two options") }
        guard let axisObjects = object["axes"] as? [Any], (1...2).contains(axisObjects.count) else {
            throw reader.error("axes", "one or two axes")
        }
        var axes = [Axis]()
        for (index, raw) in axisObjects.enumerated() {
            let path = "axes[\(index)]"
            let axisObject = try reader.object(raw, at: path)
            let question = try reader.question(axisObject, at: path, extra: ["name", "kind", "edges", "bins", "range"])
            let axisName = try reader.text(axisObject["name"], at: "\(path).name", maximum: 64)
            let kind: Axis.Kind
            switch try reader.text(axisObject["kind"] ?? "probability", at: "\(path).kind", maximum: 16) {
            case "probability":
                guard axisObject["range"] == nil else { throw reader.error("\(path).range", "applies to rating axes only") }
                kind = .probability(edges: try reader.edges(axisObject, at: path, range: 0...1, defaultEdges: Self.qdaifEdges))
            case "categorical":
                for key in ["edges", "bins", "range"] where axisObject[key] != nil {
                    throw reader.error("\(path).\(key)", "a categorical axis has one bin per option")
                }
                kind = .categorical
            case "rating":
                let bounds = try reader.numbers(axisObject["range"] ?? [1, 10], at: "\(path).range", count: 2)
                guard bounds[0] < bounds[1] else { throw reader.error("\(path).range", "lower must be below upper") }
                let range = bounds[0]...bounds[1]
                let uniform = (1..<20).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / 20 }
                kind = .rating(range: range, edges: try reader.edges(axisObject, at: path, range: range, defaultEdges: uniform))
            case let other:
                throw reader.error("\(path).kind", "'\(other)' is not a kind (probability, categorical, rating)")
            }
            axes.append(Axis(name: axisName, question: question, kind: kind))
        }
        guard Set(axes.map(\.name)).count == axes.count else { throw reader.error("axes", "two axes have the same name") }
        self.axes = axes
        if let raw = object["rewrite"] {
            let template = try reader.text(raw, at: "rewrite", maximum: 2000)
            guard template.contains("{target}") else { throw reader.error("rewrite", "must contain {target}") }
            rewrite = template
        } else {
            rewrite = nil
        }
        calibration = try object["calibration"].map { raw throws(TextDomainError) in
            try reader.texts(raw, at: "calibration", minimum: 1, maximum: 16, length: 4000, blankAllowed: true)
        }
    }
}

/// Reads fields of a domain's JSON, each error naming the field.
private struct FieldReader {
    let source: String

    func error(_ path: String, _ problem: String) -> TextDomainError {
        TextDomainError("\(source): \(path.isEmpty ? "" : "\(path): ")\(problem)")
    }

    func onlyKeys(_ object: [String: Any], _ keys: Set<String>, at path: String) throws(TextDomainError) {
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw error(path.isEmpty ? unknown : "\(path).\(unknown)", "is not a field (the fields are \(keys.sorted().joined(separator: ", ")))")
        }
    }

    func object(_ value: Any?, at path: String) throws(TextDomainError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw error(path, value == nil ? "is missing" : "must be an object") }
        return object
    }

    func text(_ value: Any?, at path: String, maximum: Int, blankAllowed: Bool = false) throws(TextDomainError) -> String {
        guard let value else { throw error(path, "is missing") }
        guard let text = value as? String else { throw error(path, "must be a string") }
        guard !text.isEmpty, blankAllowed || !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw error(path, "is empty") }
        guard text.count <= maximum else { throw error(path, "is longer than \(maximum) characters") }
        return text
    }

    func texts(_ value: Any?, at path: String, minimum: Int, maximum: Int, length: Int,
               default fallback: [String]? = nil, blankAllowed: Bool = false) throws(TextDomainError) -> [String] {
        if value == nil, let fallback { return fallback }
        guard let list = value as? [Any] else { throw error(path, value == nil ? "is missing" : "must be a list of strings") }
        guard (minimum...maximum).contains(list.count) else { throw error(path, "must hold \(minimum) to \(maximum) strings (got \(list.count))") }
        var out = [String]()
        for (index, item) in list.enumerated() {
            out.append(try text(item, at: "\(path)[\(index)]", maximum: length, blankAllowed: blankAllowed))
        }
        return out
    }

    func number(_ value: Any?, at path: String, range: ClosedRange<Double>, default fallback: Double) throws(TextDomainError) -> Double {
        guard let value else { return fallback }
        guard !(value is Bool), let number = (value as? NSNumber)?.doubleValue, number.isFinite else { throw error(path, "must be a number") }
        guard range.contains(number) else { throw error(path, "must be in \(range.lowerBound)...\(range.upperBound) (got \(number))") }
        return number
    }

    func integer(_ value: Any?, at path: String, range: ClosedRange<Int>, default fallback: Int) throws(TextDomainError) -> Int {
        guard let value else { return fallback }
        guard let number = (value as? NSNumber)?.doubleValue, let whole = Int(exactly: number) else {
            throw error(path, "must be a whole number")
        }
        guard range.contains(whole) else { throw error(path, "must be in \(range.lowerBound)...\(range.upperBound) (got \(whole))") }
        return whole
    }

    func numbers(_ value: Any?, at path: String, count: Int) throws(TextDomainError) -> [Double] {
        guard let list = value as? [Any], list.count == count else { throw error(path, "must be a list of \(count) numbers") }
        var out = [Double]()
        for item in list {
            guard let number = (item as? NSNumber)?.doubleValue, number.isFinite else { throw error(path, "must be a list of \(count) numbers") }
            out.append(number)
        }
        return out
    }

    func question(_ value: Any?, at path: String, extra: Set<String>) throws(TextDomainError) -> TextDomain.Question {
        let object = try self.object(value, at: path)
        try onlyKeys(object, Set(["instruction", "options", "response"]).union(extra), at: path)
        let instruction = try text(object["instruction"], at: "\(path).instruction", maximum: 4000)
        let options = try texts(object["options"], at: "\(path).options", minimum: 2, maximum: 20, length: 40)
        let keys = options.map(OptionScores.normalized)
        guard !keys.contains(""), Set(keys).count == keys.count else {
            throw error("\(path).options", "must be distinct once case and punctuation are set aside")
        }
        let response = try object["response"].map { raw throws(TextDomainError) in try text(raw, at: "\(path).response", maximum: 200) }
        return TextDomain.Question(instruction: instruction, options: options, response: response)
    }

    /// Inner bin edges: given (`edges`), uniform (`bins`), or the default.
    func edges(_ object: [String: Any], at path: String, range: ClosedRange<Double>, defaultEdges: [Double]) throws(TextDomainError) -> [Double] {
        if object["edges"] != nil && object["bins"] != nil { throw error("\(path).bins", "give edges or bins, not both") }
        if let raw = object["edges"] {
            guard let list = raw as? [Any], (1...999).contains(list.count) else { throw error("\(path).edges", "must be a list of 1 to 999 numbers") }
            var edges = [Double]()
            for item in list {
                guard let number = (item as? NSNumber)?.doubleValue, number.isFinite else { throw error("\(path).edges", "must be numbers") }
                edges.append(number)
            }
            guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }), range.contains(edges.first!), range.contains(edges.last!),
                  edges.first! > range.lowerBound, edges.last! < range.upperBound else {
                throw error("\(path).edges", "must increase strictly, inside (\(range.lowerBound), \(range.upperBound))")
            }
            return edges
        }
        if let raw = object["bins"] {
            let bins = try integer(raw, at: "\(path).bins", range: 2...1000, default: 20)
            return (1..<bins).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(bins) }
        }
        return defaultEdges
    }
}
