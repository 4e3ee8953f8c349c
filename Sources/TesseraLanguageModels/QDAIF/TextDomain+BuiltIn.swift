import Foundation

extension TextDomain {
    /// The JSON text of the built-in domains, by name: copies of the files in `QDAIF/Domains/`
    /// (a test checks that they agree), so the binary needs no resource files.
    static let builtInJSON: [(name: String, json: String)] = [
        ("opinions", #"""
{
  "name": "opinions",
  "summary": "short opinion pieces on eating vegetables and plant-based food; one axis: sentiment (QDAIF's Opinions domain)",
  "seeds": [
    "Plant-based meals leave me full of energy, and my grocery bill has never been lower.",
    "I tried going vegetarian for a month and missed cheese more than I can say; it is not for me.",
    "Vegetables are fine as a side dish, but building every dinner around them feels like a chore.",
    "Roasted carrots with cumin converted my whole family: nobody asks where the meat is anymore.",
    "Bland steamed broccoli is why so many people think they hate vegetables."
  ],
  "generation": {
    "template": "Here is a random opinion piece about eating vegetables and plant-based foods:\n",
    "max_tokens": 50,
    "temperature": 0.8,
    "top_p": 0.95,
    "stop": ["###", "\n\n"]
  },
  "quality": {
    "instruction": "Determine whether the text is a relevant, well-written opinion piece about eating vegetables or plant-based foods. Answer \"yes\" if it is, otherwise answer \"no\".",
    "options": ["yes", "no"]
  },
  "axes": [
    {
      "name": "sentiment",
      "instruction": "Determine the sentiment of the opinion about eating vegetables and plant-based foods. Answer \"positive\" or \"negative\".",
      "options": ["positive", "negative"],
      "response": "The sentiment of the text is"
    }
  ],
  "rewrite": "Rewrite the following opinion to be more {target}, keeping it about vegetables and plant-based food:\n"
}
"""#),
        ("stories", #"""
{
  "name": "stories",
  "summary": "short stories about a suspicious spy and a rich politician; axes: genre (romance or horror) and ending (happy or tragic) (QDAIF's Stories domain)",
  "seeds": [
    "The spy watched the politician count his money twice, then smiled when the second count came up short.",
    "At the gala the politician asked the stranger to dance, never guessing she had copied his keys an hour before.",
    "Nobody left the senator's mansion that night; by morning only the spy's footprints led away from it.",
    "The politician bought the spy's silence with a yacht, and the spy sailed it straight to the newspapers.",
    "Years after the scandal, the retired spy and the disgraced politician met for tea and laughed about it all."
  ],
  "generation": {
    "template": "Here is a random example of a short story about a suspicious spy and a rich politician:\n",
    "max_tokens": 100,
    "temperature": 0.8,
    "top_p": 0.95,
    "stop": ["###"]
  },
  "quality": {
    "instruction": "Determine whether the text is a high-quality short story with two characters, a suspicious spy and a rich politician. Answer \"yes\" if it is, otherwise answer \"no\".",
    "options": ["yes", "no"]
  },
  "axes": [
    {
      "name": "genre",
      "instruction": "Determine the genre of the story. Answer \"romance\" or \"horror\".",
      "options": ["romance", "horror"],
      "response": "The genre of the story is"
    },
    {
      "name": "ending",
      "instruction": "Determine how the story ends. Answer \"happy\" or \"tragic\".",
      "options": ["happy", "tragic"],
      "response": "The ending of the story is"
    }
  ],
  "rewrite": "Rewrite the following story to be more {target}, keeping the spy and the politician:\n"
}
"""#),
        ("poetry", #"""
{
  "name": "poetry",
  "summary": "poems; a categorical grid of genre (haiku, sonnet, ballad, limerick, hymn) by tone (happy, dark, mysterious, romantic, reflective) (QDAIF's Poetry domain)",
  "seeds": [
    "Morning frost on reeds,\na heron lifts, slow and grey;\nthe pond keeps its breath.",
    "There once was a cook from Peru\nwho boiled every shoe in a stew;\nshe served it with flair,\nto guests who weren't there,\nand ate the whole potful on cue.",
    "Beneath the hill the lantern-bearers go,\nthey sing of ships that sank a year ago,\nand every verse the widows softly know.",
    "O light that wakes the valley and the sea,\nwe raise our voices, grateful, glad and free.",
    "I counted every hour you were away,\nand found the clocks had nothing more to say."
  ],
  "generation": {
    "template": "Here is a random short poem:\n",
    "max_tokens": 100,
    "temperature": 0.8,
    "top_p": 0.95,
    "stop": ["###"]
  },
  "quality": {
    "instruction": "Determine whether the text is a well-written poem. Answer \"yes\" if it is, otherwise answer \"no\".",
    "options": ["yes", "no"]
  },
  "axes": [
    {
      "name": "genre",
      "kind": "categorical",
      "instruction": "Which genre is this poem closest to? Answer \"haiku\", \"sonnet\", \"ballad\", \"limerick\" or \"hymn\".",
      "options": ["haiku", "sonnet", "ballad", "limerick", "hymn"],
      "response": "The genre of the poem is"
    },
    {
      "name": "tone",
      "kind": "categorical",
      "instruction": "Which tone is this poem closest to? Answer \"happy\", \"dark\", \"mysterious\", \"romantic\" or \"reflective\".",
      "options": ["happy", "dark", "mysterious", "romantic", "reflective"],
      "response": "The tone of the poem is"
    }
  ],
  "rewrite": "Rewrite the following poem as a {target} poem of very high quality:\n"
}
"""#),
    ]

    /// The built-in domains: `opinions`, `stories` and `poetry`.
    public static let builtIn: [TextDomain] = builtInJSON.map { entry in
        do {
            return try TextDomain(json: Data(entry.json.utf8), source: "\(entry.name).json")
        } catch {
            preconditionFailure("the built-in domain \(entry.name) does not read: \(error)")
        }
    }

    /// The JSON the built-in domain called `name` is read from, or `nil`.
    public static func builtInSource(named name: String) -> String? { builtInJSON.first { $0.name == name }?.json }

    /// The built-in domain called `name`, or `nil`.
    public static func builtIn(named name: String) -> TextDomain? { builtIn.first { $0.name == name } }
}
