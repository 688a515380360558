import Testing
import WaitgapCore

/// Gap statistics against published values (`Reference/`); each test names its case and source.
@Suite struct ComparisonTests {
    static let means = ReferenceCase.load("means")
    static let medians = ReferenceCase.load("medians")
    static let proportions = ReferenceCase.load("proportions")
    static let sii = ReferenceCase.load("sii")
    static let standardisation = ReferenceCase.load("standardisation")

    func close(_ actual: Double, _ expected: Double, _ tolerance: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(abs(actual - expected) <= tolerance, "\(what): \(actual) vs \(expected)", sourceLocation: sourceLocation)
    }

    func moments(_ values: [Double]) -> (count: Int, mean: Double, standardDeviation: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (values.count, mean, variance.squareRoot())
    }

    @Test func meanIntervalMatchesPHEIndicatorMethodsAt95And998() throws {
        // means-phe-area1: PHEindicatormethods testdata_Mean.xlsx (ukhsa-collaboration/PHEindicatormethods
        // @093fd288), relative tolerance 1e-9.
        let reference = Self.means["means-phe-area1"]!
        let m = moments(reference.inputNumbers("x"))
        let at95 = try #require(Compare.mean(count: m.count, mean: m.mean, standardDeviation: m.standardDeviation))
        close(at95.lower, reference.number("lower95"), 1e-9 * reference.number("lower95"), "lower95")
        close(at95.upper, reference.number("upper95"), 1e-9 * reference.number("upper95"), "upper95")
        let at998 = try #require(Compare.mean(count: m.count, mean: m.mean, standardDeviation: m.standardDeviation, confidence: 0.998))
        close(at998.lower, reference.number("lower99_8"), 1e-9 * reference.number("lower99_8"), "lower99_8")
        close(at998.upper, reference.number("upper99_8"), 1e-9 * reference.number("upper99_8"), "upper99_8")
    }

    @Test func meanIntervalMatchesStatpsychFromSummaries() throws {
        // means-statpsych-ci.mean: dgbonett/statpsych ci.mean example, 7 s.f.
        let interval = try #require(Compare.mean(count: 10, mean: 38.3, standardDeviation: 8.14))
        close(interval.lower, 32.47699, 5e-6, "lower")
        close(interval.upper, 44.12301, 5e-6, "upper")
    }

    @Test func welchDifferenceMatchesRsTTestOnTheSleepData() throws {
        // means-welch-R-sleep: R stats::t.test(extra ~ group, data = sleep), df 3 d.p., CI 7 d.p.
        let reference = Self.means["means-welch-R-sleep"]!
        let result = try #require(Compare.meanDifference(moments(reference.inputNumbers("x")), moments(reference.inputNumbers("y"))))
        close(result.estimate.value, -1.58, 1e-12, "difference")
        close(result.degreesOfFreedom, 17.776, 5e-4, "df")
        close(result.estimate.lower, reference.number("lower"), 5e-8, "lower")
        close(result.estimate.upper, reference.number("upper"), 5e-8, "upper")
    }

    @Test func welchDifferenceMatchesStatpsychFromSummaries() throws {
        // means-welch-statpsych-summary: dgbonett/statpsych ci.mean2 example (exact 7.0222563/9.1777437).
        let result = try #require(Compare.meanDifference((40, 19.4, 2.7), (40, 11.3, 2.1)))
        close(result.standardError, 0.5408327, 5e-8, "SE")
        close(result.degreesOfFreedom, 73.54, 5e-3, "df")
        close(result.estimate.lower, 7.0222563, 5e-7, "lower")
        close(result.estimate.upper, 9.1777437, 5e-7, "upper")
    }

    @Test(arguments: ["medians-statpsych-ci.median", "medians-altman-2000-beta-endorphin"])
    func medianIntervalRanksMatchThePublishedOnes(id: String) throws {
        // statpsych ci.median example; Altman et al. (2000) Statistics with Confidence p.38
        // (data as reproduced in EBPI-Biostatistics/biostatUZH R/confIntMedian.R).
        let reference = Self.medians[id]!
        let interval = try #require(Compare.medianInterval(SortedSample(reference.inputNumbers("x"))))
        #expect(interval.lowerRank == Int(reference.number("rank_lower")))
        #expect(interval.upperRank == Int(reference.number("rank_upper")))
        close(interval.lower, reference.number("lower"), 1e-9, "lower")
        close(interval.upper, reference.number("upper"), 1e-9, "upper")
        #expect(interval.coverage >= 0.95)
    }

    @Test func noMedianIntervalExistsForFiveOrFewer() {
        #expect(Compare.medianInterval(SortedSample([1, 2, 3, 4, 5])) == nil)
        #expect(Compare.medianInterval(SortedSample([1, 2, 3, 4, 5, 6])) != nil)
    }

    @Test func medianStandardErrorMatchesStatpsych() throws {
        // medians-statpsych-ci.median: se_price_bonett 3.261774 (7 s.f.).
        let se = try #require(Compare.medianStandardError(SortedSample(Self.medians["medians-statpsych-ci.median"]!.inputNumbers("x"))))
        close(se, 3.261774, 5e-7, "SE")
    }

    @Test func medianDifferenceMatchesBonettAndPricesWorkedExample() throws {
        // medians-bonett-price-ci.median2: Bonett & Price (2002) Psychol Methods 7:370; statpsych ci.median2.
        let reference = Self.medians["medians-bonett-price-ci.median2"]!
        let result = try #require(
            Compare.medianDifference(SortedSample(reference.inputNumbers("x")), SortedSample(reference.inputNumbers("y"))))
        close(result.value, -85, 1e-12, "difference")
        close(result.lower, -157.7441, 5e-5, "lower")
        close(result.upper, -12.25589, 5e-6, "upper")
    }

    @Test(arguments: [
        "proportions-newcombe1998b-56-70-vs-48-80", "proportions-newcombe1998b-9-10-vs-3-10", "proportions-fagerland-perondi-rd",
    ])
    func riskDifferenceMatchesNewcombesHybridScoreInterval(id: String) throws {
        // Newcombe (1998) Stat Med 17:873 Table II (via m-Py/propint tests); Fagerland et al.
        // (2015) SMMR 24:224 (ocbe-uio/contingencytables test-ch4.R). 4 d.p.
        let reference = Self.proportions[id]!
        let result = try #require(
            Compare.riskDifference(
                reference.inputInt("x1"), of: reference.inputInt("n1"), versus: reference.inputInt("x2"), of: reference.inputInt("n2")))
        close(result.lower, reference.number("lower"), 5e-5, "\(id) lower")
        close(result.upper, reference.number("upper"), 5e-5, "\(id) upper")
    }

    @Test func relativeRiskMatchesKatzIntervals() throws {
        // proportions-fagerland-perondi-rr-katz (4 d.p.) and proportions-sahai-khurshid-chd-rr
        // (Sahai & Khurshid 1996 Ex. 3.1, SciPy relative_risk docs, full precision).
        let perondi = try #require(Compare.relativeRisk(7, of: 34, versus: 1, of: 34))
        close(perondi.value, 7, 1e-12, "RR")
        close(perondi.lower, 0.9096, 5e-5, "lower")
        close(perondi.upper, 53.8695, 5e-5, "upper")
        let chd = Self.proportions["proportions-sahai-khurshid-chd-rr"]!
        let result = try #require(Compare.relativeRisk(27, of: 122, versus: 44, of: 487))
        close(result.value, chd.number("rr"), 1e-12, "RR")
        close(result.lower, chd.number("lower"), 1e-9, "lower")
        close(result.upper, chd.number("upper"), 1e-9, "upper")
        #expect(Compare.relativeRisk(0, of: 34, versus: 1, of: 34) == nil)
    }

    @Test(arguments: [
        "sii-phe-deciles-normal-area1", "sii-phe-deciles-normal-area2", "sii-phe-deciles-normal-99-area1",
        "sii-phe-deciles-normal-99-area2", "sii-phe-quintiles-normal-area1", "sii-phe-quintiles-normal-area2",
        "sii-phe-deciles-normal-intercept-area1", "sii-phe-deciles-normal-intercept-area2",
    ])
    func slopeIndexMatchesPHEIndicatorMethods(id: String) throws {
        // PHEindicatormethods testdata_SII.xlsx (@093fd288): SII, RII and intercept to relative 1e-9;
        // simulated CI limits to within 1% of the published CI width (README.md of Reference/).
        let reference = Self.sii[id]!
        let confidence = (reference.input["confidence"] as! Double)
        let index = try #require(
            SlopeIndex(
                values: reference.inputNumbers("value"), populations: reference.inputNumbers("population"),
                standardErrors: reference.inputNumbers("se"), confidence: confidence))
        close(index.sii.value, reference.number("sii"), 1e-9 * abs(reference.number("sii")), "\(id) SII")
        close(index.rii.value, reference.number("rii"), 1e-9 * abs(reference.number("rii")), "\(id) RII")
        if reference.expected["intercept"] != nil {
            close(index.intercept, reference.number("intercept"), 1e-9 * abs(reference.number("intercept")), "\(id) intercept")
        }
        if reference.expected["sii_lower"] != nil {
            let width = reference.number("sii_upper") - reference.number("sii_lower")
            close(index.sii.lower, reference.number("sii_lower"), 0.01 * width, "\(id) SII lower")
            close(index.sii.upper, reference.number("sii_upper"), 0.01 * width, "\(id) SII upper")
            // RII's interval is a delta-method approximation to PHE's simulated one: within 2% of
            // its width on every case (up to 1.4%), where the exact-normal SII meets 1%.
            let riiWidth = reference.number("rii_upper") - reference.number("rii_lower")
            close(index.rii.lower, reference.number("rii_lower"), 0.02 * riiWidth, "\(id) RII lower")
            close(index.rii.upper, reference.number("rii_upper"), 0.02 * riiWidth, "\(id) RII upper")
        }
    }

    @Test(arguments: [("std-phe-byars-65", 65), ("std-phe-byars-1045", 1045), ("std-phe-byars-1", 1)])
    func byarsLimitsMatchPHEIndicatorMethods(id: String, observed: Int) {
        // PHEindicatormethods testdata_Byars_Wilson.xlsx (@093fd288), relative 1e-9.
        let reference = Self.standardisation[id]!
        let (lower, upper) = Standardise.byarsInterval(observed: observed)
        close(lower, reference.number("lower"), 1e-9 * reference.number("lower"), "\(id) lower")
        close(upper, reference.number("upper"), 1e-9 * reference.number("upper"), "\(id) upper")
    }

    @Test(arguments: ["std-phe-isr-big", "std-phe-isr-small", "std-phe-isr-tiny"])
    func indirectlyStandardisedRatioMatchesPHEIndicatorMethods(id: String) throws {
        // PHEindicatormethods testdata_DSR_ISR.xlsx (@093fd288): Byar's for O >= 10, exact below; relative 1e-9.
        let reference = Self.standardisation[id]!
        // Missing cells (blank in PHE's sheet) add nothing, as PHE's na.rm does.
        let counts = reference.inputOptionalNumbers("count")
        let pops = reference.inputOptionalNumbers("pop")
        let referenceCounts = reference.inputOptionalNumbers("ref_count")
        let referencePops = reference.inputOptionalNumbers("ref_pop")
        let observed = Int(counts.reduce(0) { $0 + ($1 ?? 0) })
        var expected = 0.0
        for index in pops.indices {
            guard let pop = pops[index], let count = referenceCounts[index], let refPop = referencePops[index], refPop > 0 else { continue }
            expected += pop * count / refPop
        }
        close(expected, reference.number("expected"), 1e-9 * reference.number("expected"), "\(id) expected")
        let ratio = try #require(Standardise.ratio(observed: observed, expected: expected))
        close(ratio.value, reference.number("ratio"), 1e-9 * reference.number("ratio"), "\(id) ratio")
        close(ratio.lower, reference.number("lower95"), 1e-8 * reference.number("lower95"), "\(id) lower")
        close(ratio.upper, reference.number("upper95"), 1e-8 * reference.number("upper95"), "\(id) upper")
    }

    @Test func indirectStandardisationOfAMeanMatchesTheWorkedBedDaysExample() throws {
        // std-stackexchange-indirect-mean-bed-days (https://stats.stackexchange.com/questions/260814):
        // expected 2150 bed-days against 1625 observed; exact ratio 75.5814%.
        let reference = Self.standardisation["std-stackexchange-indirect-mean-bed-days"]!
        let refN = reference.inputNumbers("ref_n"), refTotal = reference.inputNumbers("ref_total")
        let studyN = reference.inputNumbers("study_n"), studyTotal = reference.inputNumbers("study_total")
        let strata = (0..<3).map {
            Standardise.Stratum(count: Int(studyN[$0]), total: studyTotal[$0], totalOfSquares: 0, referenceMean: refTotal[$0] / refN[$0])
        }
        let result = try #require(Standardise.mean(strata))
        let n = studyN.reduce(0, +)
        close(result.expected * n, 2150, 1e-9, "expected total")
        close(result.observed * n, 1625, 1e-9, "observed total")
        close(100 * result.observed / result.expected, 75.5814, 5e-5, "ratio")
        close(result.observed, 1.547619, 5e-7, "observed mean")
        close(result.expected, 2.047619, 5e-7, "expected mean")
    }
}
