extension MazeMap {
    /// The text of `medium_maze.txt` from Joel Lehman's novelty-search-cpp, byte for byte
    /// (a copy ships in `Maps/`; a test checks that the two agree).
    public static let mediumText = """
11
30 22
0
270 100
293 7 289 130
289 130 6 134
6 134 8 5
8 5 292 7
241 130 58 65
114 7 73 42
130 91 107 46
196 8 139 51
219 122 182 63
267 9 214 63
271 129 237 88

"""

    /// The text of `hard_maze.txt` from Joel Lehman's novelty-search-cpp, byte for byte
    /// (a copy ships in `Maps/`; a test checks that the two agree).
    public static let hardText = """
13
36 184
0
31 20
41 5 3 8
3 8 4 49
4 49 57 53
4 49 7 202
7 202 195 198
195 198 186 8
186 8 39 5
56 54 56 157
57 106 158 162
77 201 108 164
6 80 33 121
192 146 87 91
56 55 133 30

"""

    /// The medium map of Lehman & Stanley 2011: 11 walls, start (30, 22) heading 0, goal
    /// (270, 100).
    public static let medium: MazeMap = shipped(mediumText, name: "medium")

    /// The hard map of Lehman & Stanley 2011: 13 walls, start (36, 184) heading 0, goal
    /// (31, 20).
    public static let hard: MazeMap = shipped(hardText, name: "hard")

    /// Parses embedded text that tests show to be valid.
    private static func shipped(_ text: String, name: String) -> MazeMap {
        do {
            return try parse(text, name: name)
        } catch {
            preconditionFailure("the shipped map is invalid: \(error)")
        }
    }
}
