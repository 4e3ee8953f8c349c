import Foundation
import Tessera

/// What a run's file records of the denoising server it searched.
enum DiffusionServerFields {
    /// The server's `hello`, as JSON: a resumed run refuses a server that answers otherwise.
    static func describe(_ model: RemoteDiffusionModel) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(model), as: UTF8.self)
    }

    /// The configuration fields `info` and the report show: the model, its steps and
    /// latent, and where the picture of an output is (the report draws it).
    static func fields(of model: RemoteDiffusionModel) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("generator_model", model.summary), ("generator_steps", String(model.stepCount)),
            ("latent_shape", model.latentShape.map(String.init).joined(separator: "x")), ("mutation", model.mutation.rawValue),
            ("reward_description", model.reward.summary),
        ]
        if let picture = model.picture { fields.append(("picture", "\(picture.offset):\(picture.width)x\(picture.height)")) }
        return fields
    }
}
