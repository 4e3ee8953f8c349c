/// Everything a report shows about one saved run, in plain values.
///
/// The report module does not depend on the engine: the caller copies the archive's
/// layout, its elites and the run's history into this struct.
public struct ReportInput: Sendable, Equatable {
    /// The page title, e.g. the run's name.
    public var title: String
    /// The run configuration, shown as a table in this order.
    public var configuration: [ReportField]
    /// The archive layout that the heatmap draws.
    public var archive: ReportArchive
    /// The elites, in any order; at most one per cell is drawn (the best).
    public var elites: [ReportElite]
    /// The run's progress, in increasing order of evaluations.
    public var history: [ReportHistoryPoint]
    /// Headline figures such as QD score, coverage, evaluations and failed evaluations.
    public var summary: [ReportField]
    /// Lines and points drawn over the 2-D archive plot (a maze's walls), if any.
    public var overlay: ReportOverlay?
    /// What the objective is called: in the texts' notes and the "Best objective" chart's
    /// title and y axis (`quality` for a text run, `reward` for a diffusion run).
    public var objectiveName = "objective"
    /// What one unit of the run's budget is called: the x axis title of every progress
    /// chart (`NFE`, network function evaluations, for a diffusion run).
    public var evaluationName = "evaluations"
    /// Outputs of the best elites drawn as shaded heightfields, in display order; when there
    /// are any, the report shows them in an "Outputs" section after the archive plot.
    public var pictures: [ReportPicture] = []
    /// The descriptors' names for the plots' axes (`descriptor 0`, … when empty or of
    /// another count).
    public var descriptorNames: [String] = []

    /// Creates a report input.
    ///
    /// - Parameters:
    ///   - title: The page title.
    ///   - configuration: The run configuration, in display order.
    ///   - archive: The archive layout.
    ///   - elites: The elites.
    ///   - history: The run's progress, in increasing order of evaluations.
    ///   - summary: Headline figures.
    public init(title: String, configuration: [ReportField] = [], archive: ReportArchive,
                elites: [ReportElite], history: [ReportHistoryPoint] = [], summary: [ReportField] = [],
                overlay: ReportOverlay? = nil) {
        self.overlay = overlay
        self.title = title
        self.configuration = configuration
        self.archive = archive
        self.elites = elites
        self.history = history
        self.summary = summary
    }
}
