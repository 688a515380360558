import Testing
import WaitgapCore
import WaitgapScorer

@Suite struct RankedListTests {
    let scorer = try! Scorer(weights: .default)

    /// A P2 tier of `count` pathways with waits so that score order is A1, A2, … (longest first).
    func tier(_ count: Int, tier: Tier = .p2, prefix: String = "A") -> [ScoringInput] {
        (1...count).map { ScoringInput(pathwayID: "\(prefix)\($0)", tier: tier, waitDays: 1000 - $0, learningDisability: .no) }
    }

    func ids(_ ranked: RankedList, _ tier: Tier = .p2) -> [String] {
        ranked.positions(in: tier).map { ranked.list.pathwayID(ranked.entries[$0].pathway) }
    }

    func rank(_ inputs: [ScoringInput]) -> RankedList {
        var list = WaitingList()
        for input in inputs { list.append(input) }
        return scorer.order(list)
    }

    @Test func theCompactListGivesBackWhatWentIn() {
        var weights = ScoringWeights.default
        weights.columns = [.init(column: "smoker", codePoints: ["Y": 2], unknownPoints: 0.5)]
        let scorer = try! Scorer(weights: weights)
        let input = ScoringInput(
            pathwayID: "RTT1", tier: .p3, waitDays: 100, imdDecile: IMDDecile(2), learningDisability: .yes, ageYears: 80,
            columns: ["smoker": "Y"])
        var list = WaitingList(extraColumns: ["smoker"])
        list.append(input, ethnicGroup: .black)
        #expect(list.input(0) == input)
        #expect(list.ethnicGroup(0) == .black && list.deprivation(0) == .mostDeprived)
        let ranked = scorer.order(list)
        #expect(ranked.entries[0].score == scorer.score(input).score)
        // 100 days is 14.3 weeks: 10 points per 12-week target gives 11.9.
        #expect(
            scorer.explanation(list, 0)
                == "Wait against the P3 target of 12.0 weeks = 14.3 weeks: 11.9; IMD decile = 2: 3.0; Learning disability = Y: 3.0; smoker = Y: 2.0"
        )
    }

    @Test func pinsHoldAndMovesComeFirst() {
        var ranked = rank(tier(10))
        let outcomes = ranked.apply([
            ListOverride(pathwayID: "A9", tier: .p2, action: .pin(position: 2), note: "pin"),
            ListOverride(pathwayID: "A1", tier: .p2, action: .move(places: 3), note: "move"),
            ListOverride(pathwayID: "A10", tier: .p2, action: .pin(position: 1), note: "pin"),
        ])
        // A1 moves down 3 (to 4) first; then A9 and A10 are taken out and put back, A10 at 1, A9 at 2.
        #expect(ids(ranked) == ["A10", "A9", "A2", "A3", "A4", "A1", "A5", "A6", "A7", "A8"])
        #expect(outcomes[0] == .applied(pathwayID: "A9", tier: .p2, from: 9, to: 2))
        #expect(outcomes[1] == .applied(pathwayID: "A1", tier: .p2, from: 1, to: 4))
        #expect(ranked.overrideNotes.count == 3)
        #expect(ranked.rank(at: ranked.positions(in: .p2)[0]) == 1)
    }

    @Test func carriedOverridesLapseOrClampButNeverCrossATier() {
        var ranked = rank(tier(3) + tier(2, tier: .p3, prefix: "B"))
        let outcomes = ranked.apply([
            ListOverride(pathwayID: "gone", tier: .p2, action: .pin(position: 1), note: ""),
            ListOverride(pathwayID: "B1", tier: .p2, action: .pin(position: 1), note: ""),
            ListOverride(pathwayID: "A1", tier: .p2, action: .pin(position: 9), note: ""),
        ])
        #expect(outcomes[0] == .notOnList(pathwayID: "gone"))
        #expect(outcomes[1] == .tierChanged(pathwayID: "B1", from: .p2, to: .p3))
        #expect(outcomes[2] == .clamped(pathwayID: "A1", tier: .p2, from: 1, to: 3))
        #expect(ids(ranked) == ["A2", "A3", "A1"])
        #expect(ids(ranked, .p3) == ["B1", "B2"])
    }

    @Test func anOverrideThatWouldLeaveItsTierIsRefused() {
        let up = ListOverride(pathwayID: "A", tier: .p3, action: .move(places: -5), note: "")
        #expect(throws: ListOverride.Refusal.self) { try up.checkedTarget(from: 3, tierSize: 10) }
        #expect(try! up.checkedTarget(from: 6, tierSize: 10) == 1)
        let pin = ListOverride(pathwayID: "A", tier: .p3, action: .pin(position: 11), note: "")
        #expect(throws: ListOverride.Refusal.self) { try pin.checkedTarget(from: 3, tierSize: 10) }
    }

    @Test func theFingerprintFollowsTheOrderAndTheCensus() {
        let census = Day(year: 2026, month: 10, day: 31)!
        var ranked = rank(tier(4))
        let before = ranked.fingerprint(censusDate: census)
        var manual = ListFingerprint(censusDate: census)
        let part = ListFingerprint.partKey(group: "specialty not recorded", reordered: true, tier: "P2")
        for id in ["A1", "A2", "A3", "A4"] { manual.add(tier: part, pathwayID: id) }
        #expect(before == manual.value)
        #expect(before != ranked.fingerprint(censusDate: Day(year: 2026, month: 11, day: 1)!))
        _ = ranked.apply([ListOverride(pathwayID: "A4", tier: .p2, action: .pin(position: 1), note: "")])
        #expect(ranked.fingerprint(censusDate: census) != before)
    }

    @Test(arguments: 1...20)
    func overridesOnRandomListsKeepEveryTierAndEveryPin(seed: Int) {
        // Property: whatever overrides are carried, each tier holds exactly the pathways it held,
        // the order is a permutation of the entries, and every pin applied exactly holds.
        var random = SplitMix64(seed: UInt64(seed))
        func next(_ bound: Int) -> Int { random.below(bound) }
        let inputs = (0..<(20 + next(200))).map { index in
            ScoringInput(
                pathwayID: "P\(index)", tier: [Tier.p2, .p3, .p4][next(3)], waitDays: next(700), imdDecile: IMDDecile(1 + next(10)),
                learningDisability: .no)
        }
        var ranked = rank(inputs)
        let before = Tier.allCases.map { Set(ids(ranked, $0)) }
        let overrides = (0..<(1 + next(12))).map { _ -> ListOverride in
            let input = inputs[next(inputs.count)]
            let tier = next(5) == 0 ? Tier.p3 : input.tier  // now and then a tier that has changed
            let action: ListOverride.Action = next(2) == 0 ? .pin(position: 1 + next(60)) : .move(places: next(41) - 20)
            return ListOverride(pathwayID: next(8) == 0 ? "gone" : input.pathwayID, tier: tier, action: action, note: "")
        }
        let unique = overrides.reduce(into: [ListOverride]()) { kept, override in
            if !kept.contains(where: { $0.pathwayID == override.pathwayID }) { kept.append(override) }
        }
        let outcomes = ranked.apply(unique)
        #expect(Tier.allCases.map { Set(ids(ranked, $0)) } == before)
        #expect(Set(ranked.entries.map(\.pathway)) == Set(0..<inputs.count))
        let pinsAt = zip(unique, outcomes).compactMap { override, outcome -> (String, Tier, Int)? in
            guard case .pin = override.action, case .applied(let id, let tier, _, let to) = outcome else { return nil }
            return (id, tier, to)
        }
        for (id, tier, to) in pinsAt where pinsAt.filter({ $0.1 == tier && $0.2 == to }).count == 1 {
            #expect(ids(ranked, tier)[to - 1] == id, "pin of \(id) at \(to) in \(tier.key)")
        }
    }
}
