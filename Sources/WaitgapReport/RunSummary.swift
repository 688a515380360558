import Foundation
import WaitgapCore

/// The run's figures as JSON for schedulers and dashboards (`--summary-json`). Versioned:
/// `schema` and `version` change only together with `docs/summary-json.md`. It holds no
/// identifier, but its counts are exact (not suppressed), so it is not for publication.
public struct RunSummary: Sendable, Codable, Equatable {
    /// Always "waitgap-run-summary".
    public var schema = "waitgap-run-summary"
    /// The schema version: 2 added `dimensions`; 3 `exitStatus`, `failure`, `outputs`,
    /// `measures`, `completeness` and `files`.
    public var version = 3
    /// 0 when the run wrote its pack; else the exit status it ended with (`failure` says why).
    public var exitStatus = 0
    /// Why the run failed, when it did (the line it printed on stderr).
    public var failure: String?
    /// Every file the run wrote for the board or the analyst (pack formats, tables, aggregate).
    public var outputs: [String] = []
    /// Every pre-specified measure: this month, its change, and its SPC verdict.
    public var measures: [MeasureFigures] = []
    /// The completeness of each optional field the extract has.
    public var completeness: [String: FieldFigures] = [:]
    /// How each extract was read.
    public var files: [FileReading] = []

    /// One pre-specified measure; estimates are `[value, lower, upper]` (95%).
    public struct MeasureFigures: Sendable, Codable, Equatable {
        public var code: String
        public var label: String
        public var unit: String
        public var estimate: [Double]?
        /// A finding with every measure tested together (Holm).
        public var significant: Bool
        /// Whether it could be tested (50 patients a side or more).
        public var tested: Bool
        public var changeSinceLastMonth: [Double]?
        public var changeSinceBaseline: [Double]?
        /// Making Data Count's variation of the latest month (`common_cause`, `special_cause_improvement`, …).
        public var variation: String?
        /// Assurance against a gap of 0 (`consistently_pass`, `consistently_fail`, `inconsistent`); absent with trial limits.
        public var assurance: String?
        public var trialLimits: Bool?
    }

    /// One field's recording.
    public struct FieldFigures: Sendable, Codable, Equatable {
        public var recorded: Int
        public var notRecorded: Int
        public var invalid: Int
        /// recorded / (recorded + not recorded + invalid).
        public var completeness: Double?
    }
    /// waitgap's version.
    public var waitgapVersion: String
    /// The census date, `YYYY-MM-DD`.
    public var censusDate: String?
    /// The board pack written.
    public var packFile: String?
    /// The quarantine file written, if any rows were quarantined.
    public var quarantineFile: String?
    /// Where every row went.
    public var accounting: AccountingFigures
    /// Statistics per group, by dimension (`all`, `ethnicGroup`, `deprivationQuintile`,
    /// `learningDisability`): version 1's keys, kept for dashboards that read them.
    public var groups: [String: [GroupFigures]]
    /// Every equity dimension of the registry, by its code: its groups and their gaps.
    public var dimensions: [String: DimensionFigures]

    /// One dimension's figures.
    public struct DimensionFigures: Sendable, Codable, Equatable {
        public var title: String
        /// The reference group's code.
        public var reference: String
        /// Why the run cannot give the dimension (then no groups), or absent.
        public var unavailable: String?
        public var groups: [GroupFigures]
        /// Each group against the reference (compared dimensions only).
        public var gaps: [GapFigures]
    }

    /// One group's gap from its dimension's reference, in weeks with 95% intervals.
    public struct GapFigures: Sendable, Codable, Equatable {
        /// The group's code, or `combined` for the focus groups together.
        public var group: String
        public var label: String
        public var meanGap: [Double]?
        public var adjustedMeanGap: [Double]?
        public var medianGap: [Double]?
        /// Whether the gap in mean is significant (its interval excludes zero).
        public var significant: Bool
    }

    /// Row accounting.
    public struct AccountingFigures: Sendable, Codable, Equatable {
        public var files: Int
        public var rowsIn: Int
        public var analysed: Int
        /// Rows not analysed because they are not RTT pathways (`--scope rtt`).
        public var outOfScope: Int
        /// Out-of-scope rows by waiting list type code.
        public var outOfScopeByListType: [String: Int]
        public var quarantined: Int
        public var blankLines: Int
        /// Quarantined rows by reason code.
        public var quarantinedByReason: [String: Int]

        /// The figures of a run's accounting, keyed by code.
        public init(_ accounting: Accounting) {
            files = accounting.files
            rowsIn = accounting.rowsIn
            analysed = accounting.analysed
            outOfScope = accounting.outOfScope
            outOfScopeByListType = Dictionary(uniqueKeysWithValues: accounting.outOfScopeByListType.map { ($0.key.rawValue, $0.value) })
            quarantined = accounting.quarantined
            blankLines = accounting.blankLines
            quarantinedByReason = Dictionary(uniqueKeysWithValues: accounting.quarantinedByReason.map { ($0.key.rawValue, $0.value) })
        }
    }

    /// One group's statistics; weeks are days / 7.
    public struct GroupFigures: Sendable, Codable, Equatable {
        public var group: String
        public var label: String
        public var count: Int
        public var meanWeeks: Double?
        public var medianWeeks: Double?
        public var p92Weeks: Double?
        /// Patients waiting more than N weeks, keyed by N ("18", "52", …).
        public var over: [String: Int]
    }

    /// Builds the summary of a census; its gaps are the findings' (as in the pack, computed once).
    public init(
        census: Census, findings: EquityFindings? = nil, version: String, packFile: String?, quarantineFile: String?
    ) {
        let findings = findings ?? EquityFindings(census: census)
        waitgapVersion = version
        censusDate = census.censusDate?.description
        self.packFile = packFile
        self.quarantineFile = quarantineFile
        self.accounting = AccountingFigures(census.accounting)
        func figures(_ dimension: EquityDimension) -> [GroupFigures] {
            let found = findings[dimension]
            return dimension.groups.indices.map {
                Self.figures(group: dimension.groups[$0].code, label: dimension.groups[$0].label, found.summaries[$0])
            }
        }
        // Version 1's keys, whose group codes are the registry's.
        groups = [
            "all": [Self.figures(group: "all", label: "All patients", findings.allSummary)],
            "ethnicGroup": figures(.ethnicGroup),
            "deprivationQuintile": figures(.imdQuintile),
            "learningDisability": figures(.learningDisability),
        ]
        func estimate(_ value: Estimate?) -> [Double]? { value.map { [$0.value, $0.lower, $0.upper] } }
        measures = findings.measures.map { found in
            MeasureFigures(
                code: found.measure.code, label: found.label, unit: found.measure.unit, estimate: estimate(found.estimate),
                significant: found.significant, tested: found.tested, changeSinceLastMonth: estimate(found.series?.changeSinceLastMonth),
                changeSinceBaseline: estimate(found.series?.changeSinceBaseline), variation: found.series?.chart?.variation?.rawValue,
                assurance: found.series?.chart?.assurance?.rawValue, trialLimits: found.series?.chart?.hasTrialLimits)
        }
        for field in DataQuality.Field.allCases where census.quality.presentFields.contains(field) {
            let counts = census.quality[field]
            completeness[field.rawValue] = FieldFigures(
                recorded: counts.recorded, notRecorded: counts.notRecorded, invalid: counts.invalid, completeness: counts.completeness)
        }
        files = census.reading.files
        dimensions = Dictionary(
            uniqueKeysWithValues: findings.dimensions.map { found in
                let dimension = found.dimension
                let groups =
                    found.unavailable == nil
                    ? dimension.groups.indices.map {
                        Self.figures(group: dimension.groups[$0].code, label: dimension.groups[$0].label, found.summaries[$0])
                    }
                    : []
                let gaps = (found.gaps?.groups ?? []).filter { !$0.isReference }.map { gap in
                    GapFigures(
                        group: gap.code, label: gap.label, meanGap: estimate(gap.meanGap), adjustedMeanGap: estimate(gap.adjustedGap),
                        medianGap: estimate(gap.medianGap), significant: gap.meanGapIsSignificant)
                }
                return (
                    dimension.id,
                    DimensionFigures(
                        title: dimension.title, reference: found.referenceGroup.code, unavailable: found.unavailable, groups: groups,
                        gaps: gaps)
                )
            })
    }

    private static func figures(group: String, label: String, _ summary: WaitSummary) -> GroupFigures {
        var over: [String: Int] = [:]
        for (weeks, share) in zip(WaitSummary.thresholdWeeks, summary.over) { over[String(weeks)] = share.numerator }
        return GroupFigures(
            group: group, label: label, count: summary.count, meanWeeks: summary.meanWeeks,
            medianWeeks: summary.medianWeeks, p92Weeks: summary.p92Weeks, over: over)
    }

    /// The summary of a run that failed after it began reading: what it had counted (nothing
    /// when it failed while reading), its exit status and why.
    public static func failed(census: Census?, version: String, exitStatus: Int32, failure: String) -> RunSummary {
        let counted = census ?? Census()
        var summary = RunSummary(
            census: counted, findings: EquityFindings(census: counted), version: version, packFile: nil, quarantineFile: nil)
        summary.exitStatus = Int(exitStatus)
        summary.failure = failure
        summary.measures = []
        return summary
    }

    /// The summary as pretty-printed JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)).map { $0 + "\n" } ?? "{}\n"
    }
}
