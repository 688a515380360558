import Testing
import WaitgapCore
import WaitgapScorer

/// Ranks where booking happens: within each tier of each specialty (or consultant, site, trust),
/// and only admitted, prioritised pathways reordered by default.
@Suite struct BookingOrderTests {
    let scorer = try! Scorer(weights: .default)

    /// A random list: specialties, consultants, tiers, list types and waits drawn from `seed`.
    func randomList(seed: Int, within: RankWithin) -> (WaitingList, [ScoringInput]) {
        var random = SplitMix64(seed: UInt64(seed))
        func next(_ bound: Int) -> Int { random.below(bound) }
        let specialties = ["100", "101", "110", "130", "502", ""]
        let inputs = (0..<(1 + next(400))).map { index in
            let specialty = specialties[next(specialties.count)]
            return ScoringInput(
                pathwayID: "P\(index)", tier: Tier.allCases[next(Tier.allCases.count)], waitDays: next(800),
                imdDecile: next(5) == 0 ? nil : IMDDecile(1 + next(10)), learningDisability: [.yes, .no, .notRecorded][next(3)],
                specialty: specialty,
                group: within == .specialty ? nil : within == .trust ? "" : "C\(next(4))",
                listType: [WaitingList.ListType.admitted, .nonAdmitted, .notKnown][next(3)])
        }
        var list = WaitingList(rankWithin: within)
        for input in inputs { list.append(input) }
        return (list, inputs)
    }

    @Test(arguments: 1...30)
    func ranksRestartWithinEachTierOfEachGroupAndNonAdmittedKeepTheirWaitOrder(seed: Int) {
        // Property, on random lists: every pathway appears once; a group's rows are contiguous;
        // each segment holds one group, one tier and one order, its ranks by score run 1...n;
        // a reordered segment is in score order, and one kept in wait order (non-admitted or
        // not prioritised) is exactly in wait order, so non-admitted pathways are never reordered.
        let within = RankWithin.allCases[seed % RankWithin.allCases.count]
        let (list, _) = randomList(seed: seed, within: within)
        let ranked = scorer.order(list)
        #expect(Set(ranked.entries.map(\.pathway)) == Set(0..<list.count))
        #expect(ranked.segments.map(\.range.count).reduce(0, +) == list.count)
        var groupsSeen: [Int] = []
        for segment in ranked.segments {
            if groupsSeen.last != segment.group {
                #expect(!groupsSeen.contains(segment.group), "group \(segment.group) split")
                groupsSeen.append(segment.group)
            }
            let members = segment.range.map { ranked.entries[$0] }
            #expect(members.allSatisfy { list.groupNumber($0.pathway) == segment.group && list.tier($0.pathway) == segment.tier })
            #expect(segment.range.map { ranked.rank(at: $0) } == Array(1...segment.range.count))
            #expect(members.map(\.rankByScore) == Array(1...members.count))
            #expect(members.map(\.rankByWait).sorted() == Array(1...members.count))
            let reorderable = members.map {
                Scorer.isReordered(tier: segment.tier, listType: list.listType($0.pathway), reorderAll: false)
            }
            #expect(reorderable.allSatisfy { $0 == segment.reordered })
            if segment.reordered {
                #expect(zip(members, members.dropFirst()).allSatisfy { $0.score >= $1.score })
            } else {
                #expect(members.map(\.rankByWait) == Array(1...members.count))
                #expect(zip(members, members.dropFirst()).allSatisfy { list.waitDays($0.pathway) >= list.waitDays($1.pathway) })
                #expect(members.allSatisfy { list.listType($0.pathway) == .nonAdmitted || segment.tier == .notPrioritised })
            }
        }
        // Within a group, tiers in clinical order among the reordered parts, then among the rest.
        for group in groupsSeen {
            for reordered in [true, false] {
                let tiers = ranked.segments.filter { $0.group == group && $0.reordered == reordered }.map(\.tier)
                #expect(tiers == tiers.sorted())
            }
        }
        if within == .trust { #expect(groupsSeen.count <= 1) }
    }

    @Test func reorderAllReordersNonAdmittedAndUnprioritisedToo() {
        var list = WaitingList()
        // Two non-admitted P3 pathways: the shorter wait scores more (IMD 1, learning disability).
        list.append(
            ScoringInput(
                pathwayID: "long", tier: .p3, waitDays: 100, imdDecile: IMDDecile(10), learningDisability: .no, specialty: "110",
                listType: .nonAdmitted))
        list.append(
            ScoringInput(
                pathwayID: "short", tier: .p3, waitDays: 95, imdDecile: IMDDecile(1), learningDisability: .yes, specialty: "110",
                listType: .nonAdmitted))
        let kept = scorer.order(list)
        #expect(kept.segments.map(\.reordered) == [false])
        #expect(kept.entries.map { list.pathwayID($0.pathway) } == ["long", "short"])
        let all = scorer.order(list, reorderAll: true)
        #expect(all.segments.map(\.reordered) == [true])
        #expect(all.entries.map { list.pathwayID($0.pathway) } == ["short", "long"])
    }

    @Test func specialtiesAreListedInCodeOrderEachWithItsOwnRanks() {
        var list = WaitingList()
        for (id, specialty) in [("a", "130"), ("b", "110"), ("c", "130"), ("d", "110")] {
            list.append(
                ScoringInput(pathwayID: id, tier: .p2, waitDays: 10, learningDisability: .no, specialty: specialty, listType: .admitted))
        }
        let ranked = scorer.order(list)
        #expect(ranked.segments.map { list.groupLabel($0.group) } == ["specialty 110", "specialty 130"])
        #expect(ranked.entries.indices.map { ranked.rank(at: $0) } == [1, 2, 1, 2])
        #expect(ranked.entries.map { list.specialty($0.pathway) } == ["110", "110", "130", "130"])
    }
}
