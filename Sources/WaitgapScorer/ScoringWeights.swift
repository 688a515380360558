import WaitgapCore

/// The weights of a HEARTT-style score: every factor visible, versioned, read from a JSON file
/// (`waitgap score --dump-weights` will print the defaults with a comment per factor).
///
/// A value that is not known scores the factor's `unknownPoints`, stated in the file: never a
/// silent zero.
public struct ScoringWeights: Codable, Sendable, Equatable {
    /// The file format's version; a newer one is refused.
    public var version: Int
    /// Clinical target in weeks for each tier (`P1a`…`P6`, `none` for not prioritised): the wait
    /// factor measures waits against it.
    public var tierTargetWeeks: [String: Double]
    /// Points per multiple of the tier's target waited (a patient at twice the target scores 2 × this).
    public var waitPointsPerTarget: Double
    /// Points by IMD decile (`"1"` most deprived … `"10"`).
    public var imdDecilePoints: [String: Double]
    /// Points when the IMD decile is not known.
    public var imdUnknownPoints: Double
    /// Points for a learning disability flag of Y, and when the flag is not recorded.
    public var learningDisabilityPoints: Double
    public var learningDisabilityUnknownPoints: Double
    /// Points by age band (`0-17`, `18-39`, `40-59`, `60-74`, `75+`), and when age is not known.
    public var ageBandPoints: [String: Double]
    public var ageUnknownPoints: Double
    /// What each setting means and why it is there, for the people who agree the weights: the
    /// rationale `waitgap weights approve` records for each factor (a column factor's is its
    /// `comment`).
    public var notes: [String: String]?
    /// Why a factor on a protected characteristic (Equality Act 2010) is lawful and needed, by the
    /// factor's setting (`ageBandPoints`, `learningDisabilityPoints`) or column name. Without one
    /// such a factor is refused (see docs/scoring.md, Governance).
    public var justifications: [String: String]?
    /// Further factors from any extract column (comorbidities, smoking, employment effect, repeat
    /// A&E attendances…), numeric or coded.
    public var columns: [ColumnFactor]

    /// A factor read from an extract column.
    public struct ColumnFactor: Codable, Sendable, Equatable {
        /// The extract's column name.
        public var column: String
        /// For a numeric column: points per unit, with the value clamped to `minimum...maximum`.
        public var pointsPerUnit: Double?
        public var minimum: Double?
        public var maximum: Double?
        /// For a coded column: points per code (codes matched case-insensitively, spaces trimmed).
        public var codePoints: [String: Double]?
        /// Points when the value is blank, not a number, or a code not listed.
        public var unknownPoints: Double
        /// Why the factor is there (shown to clinicians signing the list off).
        public var comment: String?
        /// Other header names the column goes by (matched as analyse matches its columns).
        public var aliases: [String]?

        /// Creates a factor.
        public init(
            column: String, pointsPerUnit: Double? = nil, minimum: Double? = nil, maximum: Double? = nil,
            codePoints: [String: Double]? = nil,
            unknownPoints: Double, comment: String? = nil, aliases: [String]? = nil
        ) {
            self.column = column
            self.pointsPerUnit = pointsPerUnit
            self.minimum = minimum
            self.maximum = maximum
            self.codePoints = codePoints
            self.unknownPoints = unknownPoints
            self.comment = comment
            self.aliases = aliases
        }

        /// Every name the column may have in an extract, the factor's own first, then the
        /// built-in names of a clinical factor waitgap knows (`asa_physical_status`).
        public var names: [String] { [column] + (aliases ?? []) + (builtIn?.aliases ?? []) }

        /// The clinical factor waitgap knows that this column is, if any.
        public var builtIn: BuiltInFactor? { BuiltInFactor(column: column) }
    }

    /// The version this waitgap reads.
    public static let currentVersion = 1

    /// The age bands `ageBandPoints` is keyed by, youngest first.
    public static let ageBands = ["0-17", "18-39", "40-59", "60-74", "75+"]

    /// A problem with a weights file, naming what is wrong and, once located, where.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var message: String
        /// The setting at fault (`["columns", "0", "codePoints"]`), used to find its line.
        public var keyPath: [String]
        /// The line of the file, when known.
        public var line: Int?

        /// Creates a problem.
        public init(message: String, keyPath: [String] = [], line: Int? = nil) {
            self.message = message
            self.keyPath = keyPath
            self.line = line
        }

        public var description: String { (line.map { "line \($0): " } ?? "") + message }
    }

    /// Checks the weights: version, a positive target for every tier and no other, finite points,
    /// deciles and age bands that exist, and column factors of one kind each.
    public func validate() throws(Problem) {
        guard version <= Self.currentVersion else {
            throw Problem(
                message: "weights version \(version) is newer than this waitgap reads (\(Self.currentVersion))", keyPath: ["version"])
        }
        for tier in Tier.allCases where tierTargetWeeks[tier.key] == nil {
            throw Problem(message: "tierTargetWeeks has no target for \(tier.key)", keyPath: ["tierTargetWeeks"])
        }
        for (tier, weeks) in tierTargetWeeks.sorted(by: { $0.key < $1.key }) {
            guard Tier.allCases.contains(where: { $0.key == tier }) else {
                throw Problem(
                    message: "tierTargetWeeks.\(tier) is not a tier (P1a, P1b, P1, P2…P6, none)", keyPath: ["tierTargetWeeks", tier])
            }
            guard weeks > 0, weeks.isFinite else {
                throw Problem(message: "tierTargetWeeks.\(tier) must be a positive number of weeks", keyPath: ["tierTargetWeeks", tier])
            }
        }
        guard waitPointsPerTarget > 0, waitPointsPerTarget.isFinite else {
            throw Problem(
                message: "waitPointsPerTarget must be positive, or the longest waits would never rise up their tier",
                keyPath: ["waitPointsPerTarget"])
        }
        let deciles = Set((1...10).map(String.init))
        for (decile, points) in imdDecilePoints.sorted(by: { $0.key < $1.key }) {
            guard deciles.contains(decile) else {
                throw Problem(message: "imdDecilePoints.\(decile) is not a decile (1 to 10)", keyPath: ["imdDecilePoints", decile])
            }
            try Self.checkFinite(points, ["imdDecilePoints", decile])
        }
        for (band, points) in ageBandPoints.sorted(by: { $0.key < $1.key }) {
            guard Self.ageBands.contains(band) else {
                throw Problem(
                    message: "ageBandPoints.\(band) is not an age band (\(Self.ageBands.joined(separator: ", ")))",
                    keyPath: ["ageBandPoints", band])
            }
            try Self.checkFinite(points, ["ageBandPoints", band])
        }
        for (name, points) in [
            ("imdUnknownPoints", imdUnknownPoints), ("learningDisabilityPoints", learningDisabilityPoints),
            ("learningDisabilityUnknownPoints", learningDisabilityUnknownPoints), ("ageUnknownPoints", ageUnknownPoints),
        ] {
            try Self.checkFinite(points, [name])
        }
        for (index, factor) in columns.enumerated() {
            let path = ["columns", String(index)]
            guard (factor.pointsPerUnit == nil) != (factor.codePoints == nil) else {
                throw Problem(message: "column factor '\(factor.column)' needs either pointsPerUnit or codePoints", keyPath: path)
            }
            if let minimum = factor.minimum, let maximum = factor.maximum, minimum > maximum {
                throw Problem(message: "column factor '\(factor.column)': minimum is above maximum", keyPath: path + ["minimum"])
            }
            try Self.checkFinite(factor.unknownPoints, path + ["unknownPoints"])
        }
    }

    private static func checkFinite(_ points: Double, _ keyPath: [String]) throws(Problem) {
        guard points.isFinite, abs(points) <= 1_000_000 else {
            throw Problem(
                message: "\(keyPath.joined(separator: ".")) must be a number of points (at most a million either way)", keyPath: keyPath)
        }
    }
}

/// The order tiers are kept in: a patient never moves across them.
public enum Tier: Int, CaseIterable, Sendable, Comparable {
    case p1a, p1b, p1, p2, p3, p4, p5, p6, notPrioritised

    /// The tier of a clinical priority (nil = not prioritised).
    public init(_ priority: ClinicalPriority?) {
        switch priority {
        case .p1a: self = .p1a
        case .p1b: self = .p1b
        case .p1: self = .p1
        case .p2: self = .p2
        case .p3: self = .p3
        case .p4: self = .p4
        case .p5: self = .p5
        case .p6: self = .p6
        case nil: self = .notPrioritised
        }
    }

    /// The weights file's key: `P1a`…`P6`, `none`.
    public var key: String { self == .notPrioritised ? "none" : ["P1a", "P1b", "P1", "P2", "P3", "P4", "P5", "P6"][rawValue] }

    /// The tier with weights-file key `key` (`P1a`…`P6`, `none`; case-insensitive).
    public init?(key: String) {
        guard let tier = Tier.allCases.first(where: { $0.key.lowercased() == key.lowercased() }) else { return nil }
        self = tier
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Clinical factors waitgap knows by name: their usual column names and how their values are
/// written, so a weights file names the factor once and any of its spellings scores alike.
public enum BuiltInFactor: String, Sendable, CaseIterable {
    /// ASA physical status (American Society of Anesthesiologists): 1 a normal healthy patient,
    /// 2 mild systemic disease, 3 severe systemic disease, 4 a constant threat to life, 5
    /// moribund, 6 brain-dead (organ donation). Written `3`, `III`, `ASA 3`, `ASA III`, with an
    /// `E` (emergency) suffix at times: all read as `3`.
    case asaPhysicalStatus = "asa_physical_status"

    /// The factor a column of this name is, if any.
    public init?(column: String) {
        let folded = Column.normalise(column)
        func matches(_ factor: BuiltInFactor) -> Bool { ([factor.rawValue] + factor.aliases).map(Column.normalise).contains(folded) }
        guard let factor = Self.allCases.first(where: matches) else { return nil }
        self = factor
    }

    /// Header names it goes by in trust extracts and PTLs (matched as analyse matches columns).
    public var aliases: [String] {
        switch self {
        case .asaPhysicalStatus:
            ["ASA_PHYSICAL_STATUS_CLASSIFICATION_SYSTEM_CODE", "ASA Physical Status", "ASA Grade", "ASA_Grade", "ASA Score", "ASA"]
        }
    }

    /// A value in its canonical form (`3` for `ASA III-E`), or the value trimmed when it is not
    /// one the factor knows (so it scores the factor's unknown points).
    public func canonical(_ raw: String) -> String {
        switch self {
        case .asaPhysicalStatus:
            var text = raw.uppercased().filter { $0 != " " && $0 != "-" }
            if text.hasPrefix("ASA") { text.removeFirst(3) }
            if text.hasSuffix("E") { text.removeLast() }
            let roman = ["I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"]
            if let digit = roman[text] { return digit }
            return ["1", "2", "3", "4", "5", "6"].contains(text) ? text : raw
        }
    }
}
