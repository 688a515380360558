import Testing
import WaitgapCSV
import WaitgapCore
import WaitgapTestSupport

func bytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    Array(text.utf8).withUnsafeBufferPointer(body)
}

@Suite struct CodeTests {
    @Test func ethnicCategoriesDecodeToTheirNHSBroadGroups() {
        #expect(bytes(" a ") { EthnicCategory(code: $0) } == .britishWhite)
        #expect(bytes("R") { EthnicCategory(code: $0) }?.broadGroup == .other)
        #expect(bytes("N") { EthnicCategory(code: $0) }?.broadGroup == .black)
        #expect(bytes("99") { EthnicCategory(code: $0) } == .notKnown)
        #expect(bytes("Z") { EthnicCategory(code: $0) }?.broadGroup == .notStated)
        #expect(bytes("I") { EthnicCategory(code: $0) } == nil)
        #expect(bytes("9") { EthnicCategory(code: $0) } == nil)
    }

    @Test func prioritiesAcceptTheSpellingsRealExtractsUse() {
        #expect(bytes("P1a") { ClinicalPriority(code: $0) } == .p1a)
        #expect(bytes("1A") { ClinicalPriority(code: $0) } == .p1a)
        #expect(bytes("p1B") { ClinicalPriority(code: $0) } == .p1b)
        #expect(bytes("P1") { ClinicalPriority(code: $0) } == .p1)
        #expect(bytes(" 2 ") { ClinicalPriority(code: $0) } == .p2)
        #expect(bytes("P7") { ClinicalPriority(code: $0) } == nil)
        #expect(bytes("P1c") { ClinicalPriority(code: $0) } == nil)
    }

    @Test func learningDisabilityFlagsAcceptYNU10TrueFalse() {
        #expect(bytes("Y") { LearningDisabilityGroup(code: $0) } == .yes)
        #expect(bytes("true") { LearningDisabilityGroup(code: $0) } == .yes)
        #expect(bytes("0") { LearningDisabilityGroup(code: $0) } == .no)
        #expect(bytes("") { LearningDisabilityGroup(code: $0) } == .notRecorded)
        #expect(bytes("u") { LearningDisabilityGroup(code: $0) } == .notRecorded)
        #expect(bytes("maybe") { LearningDisabilityGroup(code: $0) } == nil)
    }

    @Test func deprivationDecilesComeFromNumbersAndRanks() {
        #expect(bytes("1") { IMDDecile(code: $0) }?.quintile == .mostDeprived)
        #expect(bytes("10") { IMDDecile(code: $0) }?.quintile == .leastDeprived)
        #expect(bytes("11") { IMDDecile(code: $0) } == nil)
        // PROVENANCE.md: IoD2019 decile bounds 1: 1–3,284; 10: 29,560–32,844.
        #expect(IMDDecile(rank: 3_284, of: 32_844)?.value == 1)
        #expect(IMDDecile(rank: 3_285, of: 32_844)?.value == 2)
        #expect(IMDDecile(rank: 29_560, of: 32_844)?.value == 10)
        #expect(IMDDecile(rank: 32_845, of: 32_844) == nil)
    }

    @Test func treatmentFunctionsGroupIntoRTTSpecialties() {
        #expect(RTTSpecialty(treatmentFunction: 110) == .traumaAndOrthopaedics)
        #expect(RTTSpecialty(treatmentFunction: 502) == .gynaecology)
        #expect(RTTSpecialty(treatmentFunction: 999) == .other)
    }

    @Test func nhsNumbersPassOrFailTheModulus11Check() {
        // 943 476 5919 is the NHS Data Dictionary's worked example of a valid number.
        #expect(bytes("9434765919") { NHSNumber.isValid($0) })
        #expect(bytes("943 476 5919") { NHSNumber.isValid($0) })
        #expect(!bytes("9434765918") { NHSNumber.isValid($0) })
        #expect(!bytes("943476591") { NHSNumber.isValid($0) })
    }

    @Test func datesParseInBothFormatsAndRejectImpossibleDays() {
        #expect(bytes("2024-02-29") { DateFormat.iso.parse($0) } == Day(year: 2024, month: 2, day: 29))
        #expect(bytes("2023-02-29") { DateFormat.iso.parse($0) } == nil)
        #expect(bytes("2024-03-01 00:00:00") { DateFormat.iso.parse($0) } == Day(year: 2024, month: 3, day: 1))
        #expect(bytes("01/03/2024") { DateFormat.dayFirst.parse($0) } == Day(year: 2024, month: 3, day: 1))
        #expect(bytes("2024-3-1") { DateFormat.iso.parse($0) } == nil)
        #expect(Day(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(Day(year: 2026, month: 10, day: 31)?.description == "2026-10-31")
        let day = Day(daysSinceEpoch: 20_000)
        let (y, m, d) = day.components
        #expect(Day(year: y, month: m, day: d) == day)
    }
}

@Suite struct ColumnMappingTests {
    @Test func headersMatchCanonicalNamesAndAliasesIgnoringCaseSpacesAndUnderscores() throws {
        let mapping = try ColumnMapping(
            header: ["Patient Pathway Identifier", "REFERRAL_TO_TREATMENT_PERIOD_START_DATE", " census date ", "Ethnicity", "Extra"],
            censusDateGiven: false)
        #expect(mapping[.pathwayID] == 0)
        #expect(mapping[.rttPeriodStartDate] == 1)
        #expect(mapping[.censusDate] == 2)
        #expect(mapping[.ethnicCategory] == 3)
    }

    @Test func aMissingRequiredColumnIsADataProblemNamingTheColumn() {
        #expect(throws: ColumnMapping.Problem.missing(.rttPeriodStartDate, looksLike: nil)) {
            try ColumnMapping(header: ["pathway_id", "census_date"], censusDateGiven: false)
        }
        #expect(throws: ColumnMapping.Problem.missing(.censusDate, looksLike: nil)) {
            try ColumnMapping(header: ["pathway_id", "clock start"], censusDateGiven: false)
        }
        #expect((try? ColumnMapping(header: ["pathway_id", "clock start"], censusDateGiven: true)) != nil)
    }

    @Test func aNearMissHeaderIsNamedAndAMissingCensusDateNamesTheOption() throws {
        let mapping = try ColumnMapping(
            header: ["pathway_id", "rtt_period_start_date", "census_date", "ethnic_catgory", "Learnng Disability Flag", "procedure"],
            censusDateGiven: false)
        #expect(mapping.looksLike(at: 3) == .ethnicCategory)
        #expect(mapping.looksLike(at: 4) == .learningDisability)
        #expect(mapping.looksLike(at: 5) == nil)
        #expect(mapping.looksLike(at: 0) == nil)
        let problem = ColumnMapping.Problem.missing(.censusDate, looksLike: "census_dat")
        #expect(problem.description.contains("'census_dat' looks like 'census_date'") && problem.description.contains("--census-date"))
        #expect(throws: ColumnMapping.Problem.missing(.rttPeriodStartDate, looksLike: "rtt_period_strat_date")) {
            try ColumnMapping(header: ["pathway_id", "rtt_period_strat_date"], censusDateGiven: true)
        }
    }

    @Test func aColumnNamedTwiceIsAUsageError() {
        #expect(throws: ColumnMapping.Problem.namedTwice(.rttPeriodStartDate, first: "RTT Start Date", second: "Clock Start")) {
            try ColumnMapping(header: ["pathway_id", "RTT Start Date", "Clock Start"], censusDateGiven: true)
        }
        #expect(ColumnMapping.Problem.namedTwice(.sex, first: "a", second: "b").isUsage)
        #expect(!ColumnMapping.Problem.missing(.sex, looksLike: nil).isUsage)
    }

    @Test func aMappingFileRenamesAnyColumn() throws {
        let mapping = try ColumnMapping(
            header: ["PathID", "Started", "Snap"],
            renames: ["pathid": "pathway_id", "Started": "rtt period start date", "SNAP": "census_date"],
            censusDateGiven: false)
        #expect(mapping[.pathwayID] == 0 && mapping[.rttPeriodStartDate] == 1 && mapping[.censusDate] == 2)
    }
}

@Suite struct RowDecoderTests {
    static let header = "pathway_id,rtt_period_start_date,census_date,ethnic_category,imd_decile,learning_disability,priority,nhs_number\n"

    func decode(_ rows: String, options: DecodingOptions = DecodingOptions()) throws -> ([Result<Pathway, RowIssue>], DataQuality) {
        let reader = CSVReader(bytes: Array((Self.header + rows).utf8))
        let mapping = try ColumnMapping(header: try reader.readHeader(), censusDateGiven: options.censusDate != nil)
        var decoder = RowDecoder(mapping: mapping, options: options)
        var quality = DataQuality()
        var results: [Result<Pathway, RowIssue>] = []
        try reader.forEachRecord {
            switch decoder.decode($0, quality: &quality) {
            case .analysed(let pathway): results.append(.success(pathway))
            case .quarantined(let issue): results.append(.failure(issue))
            case .outOfScope(let type): Issue.record("unexpected out-of-scope \(type)")
            }
        } onMalformed: { _ in
        }
        return (results, quality)
    }

    func outcomes(_ text: String, options: DecodingOptions = DecodingOptions()) throws -> ([RowDecoder.Outcome], DataQuality) {
        let reader = CSVReader(bytes: Array(text.utf8))
        let mapping = try ColumnMapping(header: try reader.readHeader(), censusDateGiven: options.censusDate != nil)
        var decoder = RowDecoder(mapping: mapping, options: options)
        var quality = DataQuality()
        var results: [RowDecoder.Outcome] = []
        try reader.forEachRecord {
            results.append(decoder.decode($0, quality: &quality))
        } onMalformed: { _ in
        }
        return (results, quality)
    }

    @Test func nonRTTListsAreOutOfScopeByDefaultAndAddNothingToDataQuality() throws {
        let text =
            "pathway_id,rtt_period_start_date,census_date,waiting_list_type,sex\nP1,2026-01-01,2026-01-31,INON,1\nP2,2026-01-01,2026-01-31,ORTT,1\nP3,2026-01-01,2026-01-31,,2\nP4,2026-01-01,2026-01-31,Non-admitted non-RTT,2\n"
        let (rtt, quality) = try outcomes(text)
        #expect(rtt[0] == .outOfScope(.admittedNonRTT))
        #expect(rtt[3] == .outOfScope(.nonAdmittedNonRTT))
        if case .analysed = rtt[1] {} else { Issue.record("ORTT is analysed") }
        if case .analysed = rtt[2] {} else { Issue.record("a blank list type stays in") }
        #expect(quality.sex.total == 2 && quality.waitingListType.total == 2)
        let (all, _) = try outcomes(text, options: DecodingOptions(scope: .all))
        #expect(all.allSatisfy { if case .analysed = $0 { true } else { false } })
    }

    @Test func aRegisterReadsBlankAsNotOnItOnlyWhenAskedTo() throws {
        let text =
            "pathway_id,rtt_period_start_date,census_date,learning_disability\nP1,2026-01-01,2026-01-31,Y\nP2,2026-01-01,2026-01-31,\n"
        let (_, plainQuality) = try outcomes(text)
        #expect(plainQuality.learningDisability.blank == 1 && plainQuality.learningDisability.recorded == 1)
        let (register, quality) = try outcomes(text, options: DecodingOptions(learningDisabilityRegister: true))
        #expect(register[1] == .analysed(Pathway(waitDays: 30, learningDisability: .no)))
        #expect(quality.learningDisability.recorded == 2 && quality.learningDisability.blank == 0)
    }

    @Test func labelsAndUKDatesDecodeAsTheirCodesAndAreCountedAsWrittenForms() throws {
        let (results, quality) = try outcomes(
            "pathway_id,rtt_period_start_date,census_date,ethnic_category,priority,sex\nP1,1/1/2026,31/01/2026,White - British,Priority 2,Female\n"
        )
        #expect(results == [.analysed(Pathway(waitDays: 30, ethnicCategory: .britishWhite, priority: .p2, sex: .female))])
        #expect(quality.ethnicity.byWrittenForm == 1 && quality.priority.byWrittenForm == 1 && quality.sex.byWrittenForm == 1)
    }

    @Test func aDateThatReadsOnlyMonthFirstIsQuarantinedWithItsOwnReason() throws {
        let (results, _) = try outcomes("pathway_id,rtt_period_start_date,census_date\nP1,03/25/2026,31/10/2026\n")
        guard case .quarantined(let issue) = results[0] else {
            Issue.record("expected quarantine")
            return
        }
        #expect(issue.reason == .monthFirstDate)
    }

    @Test func aValidRowBecomesAPathwayWithItsWaitInDays() throws {
        let (results, quality) = try decode("P1,2026-01-01,2026-01-31, H ,2,Y,P2,9434765919\n")
        let pathway = try results[0].get()
        #expect(pathway.waitDays == 30)
        #expect(pathway.ethnicGroup == .asian)
        #expect(pathway.deprivation == .mostDeprived)
        #expect(pathway.learningDisability == .yes)
        #expect(pathway.priority == .p2)
        #expect(quality.ethnicity.recorded == 1 && quality.nhsNumber.recorded == 1)
    }

    @Test func requiredValuesQuarantineTheRowWithAReasonAndColumn() throws {
        let (results, _) = try decode(
            """
            ,2026-01-01,2026-01-31,A,1,N,P2,
            P2,,2026-01-31,A,1,N,P2,
            P3,2026-02-30,2026-01-31,A,1,N,P2,
            P4,2026-02-01,2026-01-31,A,1,N,P2,
            P5,2010-01-01,2026-01-31,A,1,N,P2,
            P6,2026-01-01,,A,1,N,P2,
            P7,2026-01-01,2026-01-31,A,1,N,P2,

            """)
        let reasons = results.map { (try? $0.get()) == nil ? $0.failureReason : nil }
        #expect(
            reasons == [.missingPathwayID, .missingStartDate, .invalidStartDate, .startAfterCensus, .waitTooLong, .missingCensusDate, nil])
        if case .failure(let issue) = results[2] {
            #expect(issue.column == 2 && issue.columnName == "rtt_period_start_date")
            #expect(issue.position.row == 4)
            #expect(!issue.message.contains("2026-02-30"))
        }
    }

    @Test func theFirstValidCensusDateSetsTheRunsAndLaterDifferentOnesAreQuarantined() throws {
        let (results, _) = try decode("P1,2026-01-01,2026-01-31,A,1,N,P2,\nP2,2026-01-01,2026-01-24,A,1,N,P2,\n")
        #expect(results[1].failureReason == .censusDateMismatch)
    }

    @Test func theCensusDateOptionWinsAndBlankRowCensusDatesTakeIt() throws {
        let options = DecodingOptions(censusDate: Day(year: 2026, month: 1, day: 31))
        let (results, _) = try decode("P1,2026-01-01,,A,1,N,P2,\nP2,2026-01-01,2026-01-30,A,1,N,P2,\n", options: options)
        #expect((try results[0].get()).waitDays == 30)
        #expect(results[1].failureReason == .censusDateMismatch)
    }

    @Test func unusableOptionalValuesAreCountedNotQuarantined() throws {
        let (results, quality) = try decode("P1,2026-01-01,2026-01-31,9,12,maybe,P9,1234567890\nP2,2026-01-01,2026-01-31,Q,,,,\n")
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(quality.withdrawnEthnicCode == 1)
        #expect(quality.ethnicity.invalidValues == ["Q": 1])
        #expect(quality.deprivation.invalid == 1 && quality.deprivation.notRecorded == 1)
        #expect(quality.learningDisability.invalid == 1)
        #expect(quality.priority.invalid == 1 && quality.priority.notRecorded == 1)
        // An invalid NHS number is counted, never kept.
        #expect(quality.nhsNumber.invalid == 1 && quality.nhsNumber.invalidValues.isEmpty)
    }

    @Test func invalidValuesShownInThePackHaveLongDigitRunsMasked() {
        var field = FieldQuality()
        bytes("12345678") { field.noteInvalid($0) }
        bytes("P12") { field.noteInvalid($0) }
        #expect(field.invalidValues == ["########": 1, "P12": 1])
    }
}

extension Result where Failure == RowIssue {
    var failureReason: RowIssue.Reason? {
        if case .failure(let issue) = self { return issue.reason }
        return nil
    }
}

@Suite struct OrdinalTests {
    @Test func everyOrdinalIsItsPositionInAllCases() {
        // The ordinals index aggregates; hand-written switches must agree with allCases.
        for (index, value) in EthnicCategory.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in RTTSpecialty.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in ClinicalPriority.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in WaitingListType.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in EthnicGroup.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in DeprivationQuintile.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in LearningDisabilityGroup.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in EthnicCategoryGroup.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in DecileGroup.allCases.enumerated() { #expect(value.ordinal == index) }
        for (index, value) in Slice.allSlices.enumerated() { #expect(value.ordinal == index) }
    }
}

@Suite struct ValueShapeTests {
    @Test(arguments: [
        ("LS1 4AB", ValueShape.postcodeLike), ("SW1A1AA", .postcodeLike), ("WF10 5QP", .postcodeLike),
        ("14/03/1980", .dateLike), ("1980-06-30", .dateLike), ("14 Mar 1980", .dateLike), ("12345", .number),
        ("Jane Smith", .lettersAndSpaces), ("O'Neil-Jones", .lettersAndSpaces), ("P2X", .lettersAndDigits),
        ("E01011229", .lettersAndDigits), ("<b>", .other), ("12 34", .other),
    ])
    func valuesAreClassifiedByShape(value: String, shape: ValueShape) {
        var text = value
        text.withUTF8 { #expect(ValueShape($0) == shape, "\(value)") }
    }

    @Test func publishableKeepsOnlyValuesTenRowsShareAndAccountsForTheRestByShape() {
        var field = FieldQuality()
        for _ in 0..<12 { bytes("unknown") { field.noteInvalid($0) } }
        bytes("LS1 4AB") { field.noteInvalid($0) }
        bytes("14/03/1980") { field.noteInvalid($0) }
        let published = field.publishable()
        #expect(published.invalidValues == ["unknown": 12])
        #expect(published.invalid == 14 && published.otherInvalid == 2)
        #expect(published.unshownShapes.map(\.shape).sorted { $0.rawValue < $1.rawValue } == [.dateLike, .postcodeLike])
    }
}
