import Testing
import WaitgapCore
import WaitgapScorer

@Suite struct EquitySimulationTests {
    /// Three P3 patients, one treated a week for two weeks, worked by hand. Decile 1 is worth 100
    /// points, so in score order C (decile 1, just referred) goes first.
    @Test func aSmallListRunsAsWorkedByHand() throws {
        var weights = ScoringWeights.default
        weights.imdDecilePoints["1"] = 100
        let scorer = try Scorer(weights: weights)
        var list = WaitingList()
        list.append(ScoringInput(pathwayID: "A", tier: .p3, waitDays: 70, imdDecile: IMDDecile(10), learningDisability: .no))
        list.append(ScoringInput(pathwayID: "B", tier: .p3, waitDays: 35, imdDecile: IMDDecile(10), learningDisability: .no))
        list.append(ScoringInput(pathwayID: "C", tier: .p3, waitDays: 0, imdDecile: IMDDecile(1), learningDisability: .no))
        // 3 recent referrals over 13 weeks is 0.23 a week: none arrive in two weeks.
        let result = EquitySimulation.run(list, scorer: scorer, settings: .init(weeks: 2, weeklyCapacity: [.p3: 1]))
        let (byWait, byScore) = (result.outcomes[0], result.outcomes[1])
        // Wait order: A at 70 days in week 1, B at 35 + 7 in week 2; C waits 14 days at the end.
        #expect(byWait.treated.meanDays == 56)
        #expect(byWait.waiting.count == 1 && byWait.waiting.meanDays == 14)
        #expect(byWait.census.waits(.imdQuintile)![DeprivationQuintile.mostDeprived.ordinal].meanDays == 14)
        // Score order: C at 0 days, then A at 77; B waits 35 + 14 = 49 days at the end.
        #expect(byScore.treated.meanDays == 38.5)
        #expect(byScore.census.waits(.imdQuintile)![DeprivationQuintile.leastDeprived.ordinal].meanDays == 49)
        #expect(byScore.census.waits(.imdQuintile)![DeprivationQuintile.mostDeprived.ordinal].count == 0)
        #expect(result.rates.map(\.capacitySource) == [.given])
    }

    /// The same three patients booked B, C, A: the booking baseline treats B then C, and A waits.
    @Test func theBookingBaselineTreatsInTheOrderGiven() throws {
        let scorer = try Scorer(weights: .default)
        var list = WaitingList()
        list.append(ScoringInput(pathwayID: "A", tier: .p3, waitDays: 70, imdDecile: IMDDecile(10), learningDisability: .no))
        list.append(ScoringInput(pathwayID: "B", tier: .p3, waitDays: 35, imdDecile: IMDDecile(10), learningDisability: .no))
        list.append(ScoringInput(pathwayID: "C", tier: .p3, waitDays: 0, imdDecile: IMDDecile(1), learningDisability: .no))
        let result = EquitySimulation.run(
            list, scorer: scorer, settings: .init(weeks: 2, weeklyCapacity: [.p3: 1], bookingOrder: [3, 1, 2]))
        #expect(result.outcomes.map(\.policy) == [.waitOrder, .scoreOrder, .bookingOrder])
        let booked = result.outcomes[2]
        // B at 35 days in week 1, C at 7 in week 2: A waits 84 days at the end.
        #expect(booked.treated.meanDays == 21 && booked.waiting.meanDays == 84)
        // Booked longest wait first, it is the wait order exactly.
        let asWaited = EquitySimulation.run(
            list, scorer: scorer, settings: .init(weeks: 2, weeklyCapacity: [.p3: 1], bookingOrder: [1, 2, 3]))
        #expect(asWaited.outcomes[2].treated.meanDays == asWaited.outcomes[0].treated.meanDays)
        #expect(asWaited.outcomes[2].waiting.meanDays == asWaited.outcomes[0].waiting.meanDays)
        // Without a booking order, two policies only.
        #expect(EquitySimulation.run(list, scorer: scorer, settings: .init(weeks: 2)).outcomes.count == 2)
    }

    @Test func capacityFromHistoryIsWhatExplainsTheChangeInATiersSize() {
        let since = Day(year: 2026, month: 9, day: 30)!
        // 1,000 four weeks ago, 50 joining a week, 1,040 now: 160 treated, 40 a week.
        let capacity = EquitySimulation.Capacity.estimated(before: 1000, now: 1040, weeks: 4, arrivalsPerWeek: 50, since: since)
        #expect(capacity == .init(perWeek: 40, source: .history(since: since)))
        #expect(EquitySimulation.Capacity.estimated(before: 10, now: 500, weeks: 4, arrivalsPerWeek: 1, since: since).perWeek == 0)
    }

    func randomList(seed: UInt64, count: Int) -> WaitingList {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { random.below(bound) }
        var list = WaitingList()
        for index in 0..<count {
            list.append(
                ScoringInput(
                    pathwayID: "P\(index)", tier: [.p2, .p3, .p4, .notPrioritised][next(4)], waitDays: next(600),
                    imdDecile: IMDDecile(1 + next(10)), learningDisability: next(20) == 0 ? .yes : .no, ageYears: next(90)),
                ethnicGroup: EthnicGroup.allCases[next(7)])
        }
        return list
    }

    @Test func aSeedGivesTheSameRunAndBothOrdersSeeTheSameReferrals() throws {
        let list = randomList(seed: 7, count: 3000)
        let scorer = try Scorer(weights: .default)
        let settings = EquitySimulation.Settings(weeks: 20, seed: 42)
        let first = EquitySimulation.run(list, scorer: scorer, settings: settings)
        let second = EquitySimulation.run(list, scorer: scorer, settings: settings)
        for (a, b) in zip(first.outcomes, second.outcomes) {
            #expect(a.waiting == b.waiting && a.treated == b.treated && a.passed == b.passed)
        }
        let (byWait, byScore) = (first.outcomes[0], first.outcomes[1])
        #expect(byWait.treated.count == byScore.treated.count)
        #expect(byWait.waiting.count == byScore.waiting.count)
        #expect(byWait.treated.count + byWait.waiting.count > list.count)
    }

    @Test func weightingDeprivationShortensTheMostDeprivedWaitsAndTheDefaultsNarrowTheGap() throws {
        let list = randomList(seed: 11, count: 4000)
        let settings = EquitySimulation.Settings(weeks: 26)
        func gapWeeks(_ outcome: EquitySimulation.Outcome) -> Double {
            let most = outcome.census.waits(.imdQuintile)![DeprivationQuintile.mostDeprived.ordinal].meanDays!
            let least = outcome.census.waits(.imdQuintile)![DeprivationQuintile.leastDeprived.ordinal].meanDays!
            return (most - least) / 7
        }
        let result = EquitySimulation.run(list, scorer: try Scorer(weights: .default), settings: settings)
        // The defaults give quintile 1 three points and quintile 5 none: about a week's wait in P2
        // and nine in not prioritised, so quintile 1's projected waits fall against quintile 5's.
        let (byWait, byScore) = (gapWeeks(result.outcomes[0]), gapWeeks(result.outcomes[1]))
        #expect(byScore < byWait - 1, "wait order \(byWait), score order \(byScore)")
    }
}
