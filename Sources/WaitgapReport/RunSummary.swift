import Foundation
import WaitgapCore

/// The run's figures as JSON for schedulers and dashboards (`--summary-json`). Versioned:
/// `schema` and `version` change only together with `docs/summary-json.md`. It holds no
/// identifier, but its counts are exact (not suppressed), so it is not for publication.
public struct RunSummary: Sendable, Codable, Equatable {
    /// Always "waitgap-run-summary".
    public var schema = "waitgap-run-summary"
    /// The schema version.
    public var version = 1
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
    /// Statistics per group, by dimension (`all`, `ethnicGroup`, `deprivationQuintile`, `learningDisability`).
    public var groups: [String: [GroupFigures]]

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

    /// Builds the summary of a census.
    public init(census: Census, version: String, packFile: String?, quarantineFile: String?) {
        waitgapVersion = version
        censusDate = census.censusDate?.description
        self.packFile = packFile
        self.quarantineFile = quarantineFile
        self.accounting = AccountingFigures(census.accounting)
        func figures<Group: Cohort>(_ breakdown: Breakdown<Group>) -> [GroupFigures]
        where Group: RawRepresentable, Group.RawValue == String {
            Group.allCases.map { Self.figures(group: $0.rawValue, label: $0.label, breakdown[$0]) }
        }
        groups = [
            "all": [Self.figures(group: "all", label: "All patients", census.all)],
            "ethnicGroup": figures(census.byEthnicGroup),
            "deprivationQuintile": figures(census.byDeprivation),
            "learningDisability": figures(census.byLearningDisability),
        ]
    }

    private static func figures(group: String, label: String, _ distribution: WaitDistribution) -> GroupFigures {
        let summary = WaitSummary(distribution)
        var over: [String: Int] = [:]
        for (weeks, share) in zip(WaitSummary.thresholdWeeks, summary.over) { over[String(weeks)] = share.numerator }
        return GroupFigures(
            group: group, label: label, count: summary.count, meanWeeks: summary.meanWeeks,
            medianWeeks: summary.medianWeeks, p92Weeks: summary.p92Weeks, over: over)
    }

    /// The summary as pretty-printed JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)).map { $0 + "\n" } ?? "{}\n"
    }
}
