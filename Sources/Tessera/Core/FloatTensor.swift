/// A genome of Float32 values with a shape: a latent of a diffusion model, the weights of
/// a layer.
///
/// The values are stored flat in row-major (C) order: element `(i, j)` of a `[rows, columns]`
/// tensor is `values[i * columns + j]`, as numpy lays out `np.float32` arrays. Tensors of
/// one archive share one shape, and an archive stores them back to back in a
/// ``TensorColumn``.
public struct FloatTensor: Genome, Hashable {
    /// Tensors are stored row by row in one flat `[Float]` buffer.
    public typealias Column = TensorColumn

    /// The size of each dimension, outermost first; every size is at least 1.
    public let shape: [Int]
    /// The values in row-major order; `values.count` is the product of ``shape``.
    public var values: [Float]

    /// Creates a tensor of `shape` holding `values` in row-major order.
    ///
    /// - Parameters:
    ///   - shape: At least one dimension, each of size at least 1.
    ///   - values: Exactly the product of `shape` values.
    /// - Throws: ``ParameterError`` for an empty shape, a size below 1, a shape too large
    ///   to count, or a number of values other than the product of the shape.
    public init(shape: [Int], values: [Float]) throws(ParameterError) {
        if let problem = TensorColumn.layoutProblem(shape) { throw ParameterError(type: "FloatTensor", parameter: "shape", problem: problem) }
        let count = TensorColumn.elementCount(shape)
        try ParameterError.require(values.count == count, Self.self, "values",
                                   "must hold \(count) values for shape \(TensorColumn.describe(shape)) (got \(values.count))")
        self.shape = shape
        self.values = values
    }

    /// Creates a tensor of `shape` with every value equal to `value`.
    ///
    /// - Throws: ``ParameterError`` for an empty shape, a size below 1 or a shape too
    ///   large to count.
    public init(repeating value: Float, shape: [Int]) throws(ParameterError) {
        if let problem = TensorColumn.layoutProblem(shape) { throw ParameterError(type: "FloatTensor", parameter: "shape", problem: problem) }
        try self.init(shape: shape, values: [Float](repeating: value, count: TensorColumn.elementCount(shape)))
    }

    /// Wraps values already checked against `shape`.
    init(unchecked shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    /// The number of values: the product of ``shape``.
    public var count: Int { values.count }

    private enum CodingKeys: String, CodingKey { case shape, values }

    /// Decodes a tensor, checking it as ``init(shape:values:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ParameterError``'s message
    ///   for a bad shape or a wrong number of values; any error of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let shape = try c.decode([Int].self, forKey: .shape)
        let values = try c.decode([Float].self, forKey: .values)
        self = try DecodingError.validating(decoder) { () throws(ParameterError) in try Self(shape: shape, values: values) }
    }
}
