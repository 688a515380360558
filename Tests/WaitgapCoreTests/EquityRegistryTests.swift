import Foundation
import Testing
import WaitgapCore

/// The registry's promises, for every dimension it lists: its groups partition the analysed
/// patients, split-and-merge gives the whole, and a stored census gives back every group's
/// waits. A dimension added to the registry is covered by these tests without a line more.
@Suite struct EquityRegistryTests {
    /// Pathways of every kind: each field random, including its not-known values.
    static func pathways(_ count: Int, seed: UInt64, plus: Bool = true) -> [Pathway] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var pathway = Pathway(
                waitDays: random.below(900),
                ethnicCategory: random.below(20) == 0 ? nil : EthnicCategory.allCases[random.below(EthnicCategory.allCases.count)],
                imdDecile: IMDDecile(random.below(11)),
                learningDisability: [.yes, .no, .notRecorded][random.below(3)],
                priority: random.below(9) == 8 ? nil : ClinicalPriority.allCases[random.below(ClinicalPriority.allCases.count)],
                specialty: RTTSpecialty.allCases[random.below(RTTSpecialty.allCases.count)],
                waitingListType: random.below(10) == 0 ? nil : [.admittedRTT, .nonAdmittedRTT][random.below(2)],
                ageYears: random.below(12) == 0 ? nil : random.below(100),
                sex: [Sex.male, .female, .indeterminate, nil][random.below(4)])
            if plus { pathway.plus = [.member, .nonMember, .notRecorded][random.below(3)] }
            return pathway
        }
    }

    static let plusGroup = PlusGroupDefinition(column: "inclusion_flag", values: ["Y"], name: "inclusion health")

    static func census(_ pathways: [Pathway]) -> Census {
        var census = Census(censusDate: Day(year: 2026, month: 10, day: 31), plus: plusGroup)
        for pathway in pathways { census.add(pathway) }
        return census
    }

    @Test func theRegistryIsTheOnlyListAndItsCodesAreUnique() {
        let ids = EquityDimension.registry.map(\.id)
        #expect(Set(ids).count == ids.count)
        for dimension in EquityDimension.registry {
            let codes = dimension.groups.map(\.code)
            #expect(Set(codes).count == codes.count, "\(dimension.id)")
            #expect(dimension.ordinal(of: dimension.defaultReference) != nil, "\(dimension.id)")
            #expect(!dimension.isStored || dimension.key != nil, "\(dimension.id): a stored dimension needs a key")
            if case .derived(let source, let groupOf) = dimension.storage {
                let sourceDimension = try! #require(EquityDimension.named(source))
                #expect(sourceDimension.isStored, "\(dimension.id) derives from a stored dimension")
                #expect(groupOf.count == sourceDimension.groups.count && groupOf.allSatisfy(dimension.groups.indices.contains))
            }
        }
        // Stored layout 1 (0.2.0) indexes cells by these three, in this order.
        #expect(CrossTable.axes.map(\.id) == ["ethnic-group", "imd-quintile", "learning-disability"])
        #expect(CaseMixTable.dimensions.prefix(3).map(\.id) == ["ethnic-group", "imd-quintile", "learning-disability"])
    }

    @Test func everyDimensionsGroupsAddUpToTheAnalysedPatients() throws {
        let pathways = Self.pathways(3_000, seed: 7)
        let census = Self.census(pathways)
        #expect(census.inconsistency == nil)
        for dimension in EquityDimension.registry {
            let waits = try #require(census.waits(dimension), "\(dimension.id)")
            #expect(waits.count == dimension.groups.count)
            #expect(waits.reduce(0) { $0 + $1.count } == pathways.count, "\(dimension.id)")
            let days = waits.reduce(0) { $0 + $1.totalDays }
            #expect(days == pathways.reduce(0) { $0 + $1.waitDays }, "\(dimension.id)")
        }
    }

    @Test func aStoredDimensionCountsEachPathwayInItsOwnGroup() throws {
        // By hand: one pathway, and the group each dimension must put it in.
        var census = Census(plus: Self.plusGroup)
        var pathway = Pathway(
            waitDays: 70, ethnicCategory: .britishWhite, imdDecile: IMDDecile(2), learningDisability: .yes, ageYears: 80, sex: .female)
        pathway.plus = .member
        census.add(pathway)
        let expected: [EquityDimension.ID: String] = [
            "ethnic-group": "white", "ethnic-category": "A", "ethnic-group-white-british": "white-british", "imd-quintile": "1",
            "imd-decile": "2", "core20": "core20", "learning-disability": "Y", "sex": "2", "age-band": "75+", "plus": "member",
        ]
        for dimension in EquityDimension.registry {
            let waits = try #require(census.waits(dimension))
            let code = try #require(expected[dimension.id], "add \(dimension.id) to this table")
            #expect(waits[dimension.ordinal(of: code)!].count == 1, "\(dimension.id)")
        }
    }

    @Test func splittingAndMergingGivesTheWholeForEveryDimension() throws {
        let pathways = Self.pathways(2_000, seed: 11)
        let whole = Self.census(pathways)
        var first = Self.census(Array(pathways[..<700]))
        first.merge(Self.census(Array(pathways[700...])))
        #expect(first == whole)
        for dimension in EquityDimension.registry {
            #expect(first.waits(dimension) == whole.waits(dimension), "\(dimension.id)")
            for ordinal in dimension.groups.indices {
                #expect(first.strata(dimension, group: ordinal) == whole.strata(dimension, group: ordinal), "\(dimension.id)")
            }
        }
        for slice in Slice.allSlices {
            for dimension in CrossTable.axes {
                #expect(first.moments(dimension, in: slice) == whole.moments(dimension, in: slice))
            }
        }
    }

    @Test func aStoredCensusGivesBackEveryDimensionAndSlice() throws {
        let census = Self.census(Self.pathways(2_500, seed: 13))
        let data = try JSONEncoder().encode(census)
        let decoded = try JSONDecoder().decode(Census.self, from: data)
        let same = decoded == census
        #expect(same)
        for dimension in EquityDimension.registry {
            #expect(decoded.waits(dimension) == census.waits(dimension), "\(dimension.id)")
        }
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(object["layout"] as? Int == Census.layout)
    }

    @Test func aPlusGroupNotDefinedOrDefinedDifferentlyIsUnavailable() {
        var undefined = Census()
        undefined.add(Pathway(waitDays: 3))
        #expect(undefined.waits(.plus) == nil)
        #expect(undefined.unavailability(of: .plus)?.contains("--plus-column") == true)
        var one = Census(plus: Self.plusGroup)
        one.add(Pathway(waitDays: 3))
        var other = Census(plus: PlusGroupDefinition(column: "homeless", values: ["1"]))
        other.add(Pathway(waitDays: 4))
        one.merge(other)
        #expect(one.waits(.plus) == nil)
        #expect(one.unavailability(of: .plus) == "the aggregates merged define the PLUS group differently")
        // The other dimensions still merge.
        #expect(one.waits(.ethnicGroup)?.reduce(0) { $0 + $1.count } == 2)
    }

    @Test func aCodeOrALayoutThisWaitgapDoesNotKnowIsRefused() throws {
        let census = Self.census(Self.pathways(50, seed: 17))
        let text = String(decoding: try JSONEncoder().encode(census), as: UTF8.self)
        let newer = text.replacingOccurrences(of: "\"layout\":2", with: "\"layout\":3")
        #expect(newer != text)
        #expect(throws: CensusLayoutError.self) { try JSONDecoder().decode(Census.self, from: Data(newer.utf8)) }
        // A group code that a later waitgap might add must not land in another group's cell.
        let unknownGroup = text.replacingOccurrences(of: "\"white\"", with: "\"white-other\"")
        #expect(unknownGroup != text)
        #expect(throws: CensusLayoutError.self) { try JSONDecoder().decode(Census.self, from: Data(unknownGroup.utf8)) }
        let unknownDimension = text.replacingOccurrences(of: "\"age-band\"", with: "\"religion\"")
        #expect(unknownDimension != text)
        #expect(throws: CensusLayoutError.self) { try JSONDecoder().decode(Census.self, from: Data(unknownDimension.utf8)) }
    }
}

@Suite struct MeasureAndBoundsTests {
    @Test func aMeasureThatCannotBeComputedOrTestedAsPageOneSaysIsRefused() throws {
        #expect(try Measure.parse("imd-quintile,1,priority:P2,mean-gap\n# a comment\n").count == 1)
        // Sex is counted for all patients only.
        #expect(throws: MeasureError.self) { try Measure.parse("sex,2,priority:P2,mean-gap") }
        // No medians are kept within a specialty: a gap in mean there could not be tested as page one says.
        #expect(throws: MeasureError.self) { try Measure.parse("imd-quintile,1,specialty:C_110,mean-gap") }
        #expect(try Measure.parse("imd-quintile,1,specialty:C_110,over-52-gap").count == 1)
        #expect(throws: MeasureError.self) { try Measure.parse("imd-quintile,9,all,mean-gap") }
    }

    @Test func theUnrecordedBoundsAreInWeeksBesideTheReportedGap() throws {
        // A 10-week gap: one unrecorded patient among hundreds moves it a little, not by a factor of 7.
        var census = Census()
        for index in 0..<400 {
            let hasOne = index % 4 == 0
            census.add(Pathway(waitDays: 70 + index % 50 + (hasOne ? 70 : 0), learningDisability: hasOne ? .yes : .no))
        }
        census.add(Pathway(waitDays: 100, learningDisability: .notRecorded))
        let findings = EquityFindings(census: census)
        let unrecorded = try #require(findings[.learningDisability].unrecorded)
        let reported = try #require(unrecorded.reported?.value)
        let (lowest, highest) = (try #require(unrecorded.lowest), try #require(unrecorded.highest))
        #expect(lowest <= highest)
        #expect(abs(lowest - reported) < 0.5 && abs(highest - reported) < 0.5, "\(lowest) \(reported) \(highest)")
    }
}
