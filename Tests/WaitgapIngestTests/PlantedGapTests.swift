import Testing
import WaitgapCore
import WaitgapIngest
import WaitgapSample
import WaitgapTestSupport

/// Generated extracts with known, planted gaps (SampleData/README.md): waitgap must find them,
/// say how sure it is, and separate case mix from the rest.
@Suite struct PlantedGapTests {
    static let census: Census = {
        let directory = scratchDirectory("planted")
        let (path, _) = try! generatedExtract(rows: 150_000, seed: 2026, dirtyRate: 0, in: directory)
        return try! ExtractIngest.read(files: [path], options: IngestOptions(), quarantine: QuarantineWriter(directory: directory))
    }()

    func deprivationGaps() -> DimensionGaps {
        let census = Self.census
        return GapAnalysis.gaps(
            .imdQuintile, waits: census.waits(.imdQuintile)!, reference: DeprivationQuintile.leastDeprived.ordinal,
            strata: { census.strata(.imdQuintile, group: $0) })
    }

    @Test func theAdjustedDeprivationGapRecoversThePlantedFourWeeks() throws {
        // Planted: +4 weeks for quintile 1 against quintile 5, all else equal within strata.
        let gap = try #require(deprivationGaps().groups.first { $0.label.hasPrefix("1") }?.adjustedGap)
        #expect(
            gap.lower <= SampleGenerator.Planted.deprivationQuintile1Weeks
                && SampleGenerator.Planted.deprivationQuintile1Weeks <= gap.upper, "\(gap)")
        #expect(gap.excludes(0))
    }

    @Test func theRawGapIsLargerThanTheAdjustedOneByTheCaseMixConfounder() throws {
        // Planted confounder: quintile 1 is twice as likely to be in Trauma and Orthopaedics,
        // whose waits are 1.35 times longer: the raw gap must exceed the adjusted one, and the
        // planted +4 weeks must lie below the raw gap's interval.
        let quintile1 = try #require(deprivationGaps().groups.first { $0.label.hasPrefix("1") })
        let raw = try #require(quintile1.meanGap)
        let adjusted = try #require(quintile1.adjustedGap)
        #expect(raw.value - adjusted.value > 0.3, "raw \(raw.value) adjusted \(adjusted.value)")
        #expect(raw.lower > SampleGenerator.Planted.deprivationQuintile1Weeks)
    }

    @Test func quintileTwoAndLearningDisabilityGapsAreRecoveredToo() throws {
        let quintile2 = try #require(deprivationGaps().groups.first { $0.label == "2" }?.adjustedGap)
        #expect(quintile2.lower <= 2 && 2 <= quintile2.upper, "\(quintile2)")
        let census = Self.census
        let disability = GapAnalysis.gaps(
            .learningDisability, waits: census.waits(.learningDisability)!, reference: LearningDisabilityGroup.no.ordinal,
            strata: { census.strata(.learningDisability, group: $0) })
        let yes = try #require(disability.groups.first { $0.label == LearningDisabilityGroup.yes.label }?.adjustedGap)
        #expect(yes.lower <= 5 && 5 <= yes.upper, "\(yes)")
    }

    @Test func noGapIsFoundWhereNoneIsPlanted() throws {
        // Quintiles 3 and 4 have nothing planted against 5: their adjusted intervals cover zero.
        for label in ["3", "4"] {
            let gap = try #require(deprivationGaps().groups.first { $0.label == label }?.adjustedGap)
            #expect(gap.lower <= 0 && 0 <= gap.upper, "quintile \(label): \(gap)")
        }
    }

    @Test func theSlopeIndexShowsLongerWaitsAtTheDeprivedEnd() throws {
        let quintiles = Array(Self.census.waits(.imdQuintile)!.prefix(5))
        let index = try #require(GapAnalysis.slopeIndexOfMeanWait(quintiles))
        // Waits fall from the most to the least deprived end: a negative slope, significant.
        #expect(index.sii.upper < 0)
        #expect(index.rii.value < 1)
    }
}
