import WaitgapCore

/// What a set of weights would do to waits, before anyone adopts them: the list is run forward
/// week by week, once treating each tier in wait order (longest first) and once in score order,
/// with the same capacity and the same new referrals, and the waits of each group compared.
///
/// The model: each tier treats its weekly capacity from the top of its order; new referrals join
/// each tier at its recent rate (clock starts in the last `recentWeeks`), drawn with replacement
/// from its recent referrals so the mix stays as it is; nobody moves between tiers. Given a seed
/// it is deterministic. Gibbs et al. (2025, MDM Policy & Practice) modelled the same question for
/// prioritising the most deprived quintile.
public enum EquitySimulation {
    /// How to run it.
    public struct Settings: Sendable, Equatable {
        /// Weeks to run forward.
        public var weeks: Int
        /// Seeds the draw of new referrals.
        public var seed: UInt64
        /// Patients treated a week, by tier; a tier not given treats its arrival rate, so its list
        /// holds its size.
        public var weeklyCapacity: [Tier: Capacity]
        /// The window (weeks) whose clock starts give each tier's arrival rate and mix.
        public var recentWeeks: Int
        /// Whether every pathway is ordered by score, as `waitgap score --reorder-all` orders the
        /// list; otherwise pathways the list keeps in wait order (non-admitted, not prioritised)
        /// count by their wait's points alone, so that among themselves they go by wait.
        public var reorderAll: Bool
        /// The list's current booking order, by pathway index (lower first; nil for a pathway
        /// without one, which comes after those with one): when given, a third baseline is run
        /// that treats each tier in this order, new referrals after it in order of arrival.
        public var bookingOrder: [Double]?

        /// Creates settings.
        public init(
            weeks: Int, seed: UInt64 = 1, weeklyCapacity: [Tier: Capacity] = [:], recentWeeks: Int = 13, reorderAll: Bool = false,
            bookingOrder: [Double]? = nil
        ) {
            self.weeks = weeks
            self.seed = seed
            self.weeklyCapacity = weeklyCapacity
            self.recentWeeks = recentWeeks
            self.reorderAll = reorderAll
            self.bookingOrder = bookingOrder
        }
    }

    /// A tier's weekly capacity and where it came from.
    public struct Capacity: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
        /// Where a capacity came from.
        public enum Source: Sendable, Equatable {
            /// Given as an option.
            case given
            /// Estimated from the change in the tier's size since a stored run of this census.
            case history(since: Day)
            /// Not known: the tier treats its arrival rate.
            case referrals
        }

        public var perWeek: Double
        public var source: Source

        /// Creates a capacity.
        public init(perWeek: Double, source: Source) {
            self.perWeek = perWeek
            self.source = source
        }

        public init(floatLiteral value: Double) { self.init(perWeek: value, source: .given) }
        public init(integerLiteral value: Int) { self.init(perWeek: Double(value), source: .given) }

        /// The capacity that explains a tier's change in size: it held `before` patients `weeks`
        /// ago, holds `now`, and `arrivalsPerWeek` joined meanwhile; never below zero.
        public static func estimated(before: Int, now: Int, weeks: Double, arrivalsPerWeek: Double, since: Day) -> Capacity {
            let treated = Double(before) + arrivalsPerWeek * weeks - Double(now)
            return Capacity(perWeek: max(0, treated / weeks), source: .history(since: since))
        }
    }

    /// Each tier's patients and recent arrival rate (clock starts in the last `recentWeeks`, a week).
    public static func tierRates(_ list: WaitingList, recentWeeks: Int = 13) -> [Tier: (patients: Int, arrivalsPerWeek: Double)] {
        var patients = [Int](repeating: 0, count: Tier.allCases.count)
        var recent = patients
        for index in 0..<list.count {
            let tier = list.tier(index).rawValue
            patients[tier] += 1
            if joinedRecently(waitDays: list.waitDays(index), recentWeeks: recentWeeks) { recent[tier] += 1 }
        }
        var rates: [Tier: (patients: Int, arrivalsPerWeek: Double)] = [:]
        for tier in Tier.allCases where patients[tier.rawValue] > 0 {
            rates[tier] = (patients[tier.rawValue], Double(recent[tier.rawValue]) / Double(recentWeeks))
        }
        return rates
    }

    /// Whether a pathway's clock started in the last `recentWeeks`: the referrals whose rate and
    /// mix new referrals follow.
    static func joinedRecently(waitDays: Int, recentWeeks: Int) -> Bool { waitDays < recentWeeks * 7 }

    /// The order a tier is treated in.
    public enum Policy: String, Sendable, CaseIterable {
        case waitOrder = "wait order"
        case scoreOrder = "score order"
        /// The list as it is booked now (`Settings.bookingOrder`): run only when it is given.
        case bookingOrder = "current booking order"
    }

    /// A tier's rates, as the simulation used them.
    public struct TierRates: Sendable, Equatable {
        public var tier: Tier
        public var patients: Int
        public var arrivalsPerWeek: Double
        public var capacityPerWeek: Double
        public var capacitySource: Capacity.Source
    }

    /// Waits at the end of the run, and of those treated during it, for one policy.
    public struct Outcome: Sendable {
        public var policy: Policy
        /// Still waiting at the end, as a census: every equity dimension the list carries (not a
        /// PLUS group), so the summary lays out its findings as the pack does.
        public var census: Census
        /// Still waiting at the end, all together.
        public var waiting: WaitDistribution
        /// The waits of those treated during the run.
        public var treated: WaitDistribution
        /// Patients whose wait passed 52, 65 and 78 weeks at some point in the run (treated
        /// after it, or still waiting beyond it at the end).
        public var passed: [Int: Int]
    }

    /// The simulation's result.
    public struct Result: Sendable {
        public var settings: Settings
        public var rates: [TierRates]
        /// One per policy run, in `Policy.allCases` order: wait and score order, then the
        /// current booking order when it was given.
        public var outcomes: [Outcome]
    }

    /// The breach thresholds reported, in weeks.
    public static let thresholds = [52, 65, 78]

    /// Runs `list` forward under both policies.
    public static func run(_ list: WaitingList, scorer: Scorer, settings: Settings) -> Result {
        var rates: [TierRates] = []
        let policies = settings.bookingOrder == nil ? [Policy.waitOrder, .scoreOrder] : Policy.allCases
        var outcomes = policies.map { policy in
            Outcome(
                policy: policy, census: Census(), waiting: WaitDistribution(), treated: WaitDistribution(),
                passed: Dictionary(uniqueKeysWithValues: thresholds.map { ($0, 0) }))
        }
        var members = [[Int]](repeating: [], count: Tier.allCases.count)
        for index in 0..<list.count { members[list.tier(index).rawValue].append(index) }
        let recentRates = tierRates(list, recentWeeks: settings.recentWeeks)
        let fixed = (0..<list.count).map { index in
            Scorer.isReordered(tier: list.tier(index), listType: list.listType(index), reorderAll: settings.reorderAll)
                ? scorer.fixedPoints(list, index) : 0
        }
        for tier in Tier.allCases where !members[tier.rawValue].isEmpty {
            let current = members[tier.rawValue]
            let recent = current.filter { joinedRecently(waitDays: list.waitDays($0), recentWeeks: settings.recentWeeks) }
            let arrivals = recentRates[tier]!.arrivalsPerWeek
            let capacity = settings.weeklyCapacity[tier] ?? Capacity(perWeek: arrivals, source: .referrals)
            rates.append(
                TierRates(
                    tier: tier, patients: current.count, arrivalsPerWeek: arrivals, capacityPerWeek: capacity.perWeek,
                    capacitySource: capacity.source))
            for (policyIndex, policy) in policies.enumerated() {
                runTier(
                    list, current: current, recent: recent, fixed: fixed, booking: settings.bookingOrder,
                    pointsPerDay: scorer.waitPointsPerDay(tier),
                    arrivals: arrivals, capacity: capacity.perWeek, policy: policy,
                    seed: settings.seed &+ UInt64(tier.rawValue) &* 0x9E37_79B9_7F4A_7C15, weeks: settings.weeks,
                    into: &outcomes[policyIndex])
            }
        }
        return Result(settings: settings, rates: rates, outcomes: outcomes)
    }

    /// One patient in the run: `startDay` is the day its clock started, counted from the census
    /// (negative for those already waiting), so its wait on day `t` is `t - startDay`.
    private struct Patient {
        var key: Double
        var startDay: Int32
        var pathway: UInt32
        var serial: UInt32
    }

    private static func runTier(
        _ list: WaitingList, current: [Int], recent: [Int], fixed: [Double], booking: [Double]?, pointsPerDay: Double,
        arrivals: Double,
        capacity: Double, policy: Policy, seed: UInt64, weeks: Int, into outcome: inout Outcome
    ) {
        // Keys are fixed for life: every waiting patient's wait grows by the same days, so a
        // score order set today holds tomorrow, and only newcomers need placing.
        // Booking order: those on the list now by their place (those without one after them),
        // then newcomers in order of arrival.
        var arrived = 0.0
        func key(pathway: Int, startDay: Int, newcomer: Bool = false) -> Double {
            switch policy {
            case .waitOrder: return Double(-startDay)
            case .scoreOrder: return fixed[pathway] - pointsPerDay * Double(startDay)
            case .bookingOrder:
                if newcomer {
                    arrived += 1
                    return -(2e15 + arrived)
                }
                guard let place = booking?[pathway], place.isFinite else { return -1e15 - Double(startDay) }
                return -place
            }
        }
        var heap = PatientHeap()
        var serial: UInt32 = 0
        for pathway in current {
            let start = -list.waitDays(pathway)
            heap.push(
                Patient(key: key(pathway: pathway, startDay: start), startDay: Int32(start), pathway: UInt32(pathway), serial: serial))
            serial += 1
        }
        var random = SplitMix64(seed: seed)
        let pool = recent.isEmpty ? current : recent
        var arrivalCarry = 0.0
        var capacityCarry = 0.0
        func finish(_ patient: Patient, waitDays: Int, treated: Bool) {
            let pathway = Int(patient.pathway)
            if treated {
                outcome.treated.add(days: waitDays)
            } else {
                outcome.waiting.add(days: waitDays)
                outcome.census.add(list.pathway(pathway, waitDays: waitDays))
            }
            for weeks in thresholds where waitDays > weeks * 7 { outcome.passed[weeks, default: 0] += 1 }
        }
        for week in 0..<weeks {
            let day = week * 7
            arrivalCarry += arrivals
            while arrivalCarry >= 1 {
                arrivalCarry -= 1
                let pathway = pool[random.below(pool.count)]
                heap.push(
                    Patient(
                        key: key(pathway: pathway, startDay: day, newcomer: true), startDay: Int32(day), pathway: UInt32(pathway),
                        serial: serial))
                serial &+= 1
            }
            capacityCarry += capacity
            while capacityCarry >= 1, let patient = heap.pop() {
                capacityCarry -= 1
                finish(patient, waitDays: day - Int(patient.startDay), treated: true)
            }
            // Capacity nobody was waiting for is lost, not saved up for a later week.
            if heap.isEmpty { capacityCarry = capacityCarry.truncatingRemainder(dividingBy: 1) }
        }
        let end = weeks * 7
        while let patient = heap.pop() { finish(patient, waitDays: end - Int(patient.startDay), treated: false) }
    }

    /// A binary max-heap on key; equal keys go to the earlier clock start, then the earlier serial.
    private struct PatientHeap {
        private var items: [Patient] = []

        var isEmpty: Bool { items.isEmpty }

        private static func before(_ a: Patient, _ b: Patient) -> Bool {
            if a.key != b.key { return a.key > b.key }
            if a.startDay != b.startDay { return a.startDay < b.startDay }
            return a.serial < b.serial
        }

        mutating func push(_ patient: Patient) {
            items.append(patient)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.before(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Patient? {
            guard !items.isEmpty else { return nil }
            items.swapAt(0, items.count - 1)
            let top = items.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var best = parent
                if left < items.count, Self.before(items[left], items[best]) { best = left }
                if right < items.count, Self.before(items[right], items[best]) { best = right }
                if best == parent { break }
                items.swapAt(parent, best)
                parent = best
            }
            return top
        }
    }
}

extension EquitySimulation {
    /// A gap the weights reverse: significant one way in wait order (or not significant), and
    /// significantly the other way in score order — the weights over-correct.
    public struct Reversal: Sendable, Equatable {
        public var dimension: EquityDimension.ID
        /// The group's ordinal in its dimension, and its reference's.
        public var group: Int
        public var reference: Int
        public var byWait: Estimate
        public var byScore: Estimate
    }

    /// The gaps (mean wait of a group less its reference's, in weeks) whose sign the weights
    /// reverse beyond the score-order gap's confidence interval: the interval excludes zero on
    /// the other side from the wait-order gap.
    public static func reversals(
        byWait: EquityFindings, byScore: EquityFindings, dimensions: [EquityDimension], references: ReferenceGroups
    ) -> [Reversal] {
        var found: [Reversal] = []
        for dimension in dimensions {
            let reference = references.ordinal(in: dimension)
            for (index, group) in dimension.groups.enumerated() where index != reference && !group.isNotKnown {
                guard let w = byWait[dimension].gaps?.groups[index].meanGap, let s = byScore[dimension].gaps?.groups[index].meanGap,
                    w.value != 0, s.excludes(0), (w.value > 0) != (s.value > 0)
                else { continue }
                found.append(Reversal(dimension: dimension.id, group: index, reference: reference, byWait: w, byScore: s))
            }
        }
        return found
    }
}
