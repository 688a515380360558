import WaitgapCSV
import WaitgapCore

/// Which pathways a worklist holds: patients in the groups asked for (Core20, learning
/// disability; anyone when none is asked for) whose wait meets the condition asked for (over a
/// number of weeks, or past their tier's target; any wait when none is asked for). At least one
/// filter must be given.
public struct WorklistFilter: Sendable, Equatable {
    /// The most deprived 20% of areas nationally (IMD deciles 1 and 2).
    public var core20 = false
    /// A learning disability flag of Y.
    public var learningDisability = false
    /// A wait of more than this many weeks.
    public var overWeeks: Int?
    /// A wait past the tier's target in the weights (`tierTargetWeeks`).
    public var pastTarget = false

    public init(core20: Bool = false, learningDisability: Bool = false, overWeeks: Int? = nil, pastTarget: Bool = false) {
        self.core20 = core20
        self.learningDisability = learningDisability
        self.overWeeks = overWeeks
        self.pastTarget = pastTarget
    }

    /// Whether no filter is set (a worklist of everyone is the list itself: refused).
    public var isEmpty: Bool { !core20 && !learningDisability && overWeeks == nil && !pastTarget }

    /// The filters as options, for the file's header and the audit trail.
    public var options: String {
        var parts: [String] = []
        if core20 { parts.append("--core20") }
        if learningDisability { parts.append("--learning-disability") }
        if let overWeeks { parts.append("--over-weeks \(overWeeks)") }
        if pastTarget { parts.append("--past-target") }
        return parts.joined(separator: " ")
    }

    /// The filters in words.
    public var description: String {
        var groups: [String] = []
        if core20 { groups.append("Core20 (IMD deciles 1-2)") }
        if learningDisability { groups.append("learning disability") }
        var waits: [String] = []
        if let overWeeks { waits.append("waiting over \(overWeeks) weeks") }
        if pastTarget { waits.append("past their tier's target") }
        let who = groups.isEmpty ? "all patients" : groups.joined(separator: " or ")
        return waits.isEmpty ? who : "\(who), \(waits.joined(separator: " or "))"
    }

    /// Why pathway `index` is listed (`Core20; over 52 weeks`), or nil when it is not.
    public func reason(_ list: WaitingList, _ index: Int, weights: ScoringWeights) -> String? {
        var groups: [String] = []
        if core20, list.deprivation(index) == .mostDeprived { groups.append("Core20") }
        if learningDisability, list.learningDisability(index) == .yes { groups.append("learning disability") }
        guard groups.isEmpty == !(core20 || learningDisability) else { return nil }
        var waits: [String] = []
        let weeks = Double(list.waitDays(index)) / 7
        if let overWeeks, weeks > Double(overWeeks) { waits.append("over \(overWeeks) weeks") }
        if pastTarget, let target = weights.tierTargetWeeks[list.tier(index).key], weeks > target {
            waits.append("past the \(list.tier(index).key) target")
        }
        guard waits.isEmpty == (overWeeks == nil && !pastTarget) else { return nil }
        return (groups + waits).joined(separator: "; ")
    }
}

/// Per-specialty lists of the pathways a trust wants to act on (validating long waiters,
/// contacting patients, "waiting well" support): pathway ID, wait, tier, specialty and why it is
/// listed, longest wait first, no free text. They name pathways, so they are written owner-only.
public enum Worklist {
    /// The columns.
    public static let header = ["pathway_id", "weeks_waited", "tier", "specialty", "reason"]

    /// One specialty's worklist.
    public struct Part: Sendable, Equatable {
        public var specialty: String
        public var path: String
        public var count: Int
    }

    /// The pathways of `list` the filter keeps, by specialty number, longest wait first.
    public static func select(_ list: WaitingList, filter: WorklistFilter, weights: ScoringWeights) -> [[Int]] {
        var bySpecialty = [[Int]](repeating: [], count: list.specialties.count)
        for index in 0..<list.count where filter.reason(list, index, weights: weights) != nil {
            bySpecialty[list.specialtyNumber(index)].append(index)
        }
        for number in bySpecialty.indices {
            bySpecialty[number].sort { list.waitDays($0) != list.waitDays($1) ? list.waitDays($0) > list.waitDays($1) : $0 < $1 }
        }
        return bySpecialty
    }

    /// A file name's part for a specialty code: letters, digits and `-` kept, anything else `_`.
    public static func fileSafe(_ specialty: String) -> String {
        guard !specialty.isEmpty else { return "not-recorded" }
        return String(specialty.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
    }

    /// Writes a worklist per specialty with any pathway listed, owner-only, into `directory`:
    /// `worklist-<census>-<specialty>.csv`, a `#` line naming the census, specialty and filters,
    /// then the header and rows.
    /// - Returns: each file written, by specialty code.
    public static func write(
        _ list: WaitingList, filter: WorklistFilter, weights: ScoringWeights, censusDate: Day, to directory: String
    ) throws(OutputError) -> [Part] {
        let selected = select(list, filter: filter, weights: weights)
        var parts: [Part] = []
        var names: Set<String> = []
        let order = (0..<list.specialties.count).sorted {
            list.specialties.bytes($0).lexicographicallyPrecedes(list.specialties.bytes($1))
        }
        for number in order where !selected[number].isEmpty {
            let specialty = list.specialties.value(number)
            var name = "worklist-\(censusDate)-\(fileSafe(specialty))"
            while names.contains(name) { name += "_" }
            names.insert(name)
            let path = "\(directory)/\(name).csv"
            var writer = CSVWriter()
            writer.appendRaw(
                Array(
                    "# waitgap worklist, census \(censusDate), specialty \(specialty.isEmpty ? "not recorded" : specialty): \(filter.description) (\(filter.options))\n"
                        .utf8))
            writer.record(header)
            for index in selected[number] {
                list.withPathwayID(index) { writer.field($0) }
                writer.field(Scorer.format(Double(list.waitDays(index)) / 7))
                writer.field(list.tier(index).key)
                writer.field(list.specialties.bytes(number))
                writer.field(filter.reason(list, index, weights: weights) ?? "")
                writer.endRecord()
            }
            let file = try OutputFile(path: path, mode: 0o600)
            try file.write(writer.bytes)
            try file.commit()
            parts.append(Part(specialty: specialty, path: path, count: selected[number].count))
        }
        return parts
    }
}
