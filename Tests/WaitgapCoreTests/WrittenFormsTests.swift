import Testing

@testable import WaitgapCore

/// The code a column's built-in forms give raw field bytes, as text.
private func lookUp(_ field: [UInt8], in forms: WrittenForms) -> String? {
    field.withUnsafeBufferPointer { forms.code(for: $0) { String(decoding: $0, as: UTF8.self) } }
}

/// The code a column's built-in forms give a value.
private func lookUp(_ value: String, _ column: CodedColumn) -> String? {
    lookUp(Array(value.utf8), in: .builtIn(column))
}

/// The code a set of forms gives a value.
private func lookUp(_ value: String, in forms: WrittenForms) -> String? {
    lookUp(Array(value.utf8), in: forms)
}

// The expectations below are written by hand from the sources named in docs/input.md ("Values as trusts write them")
// (NHS Data Dictionary code lists, the FSSA priority levels, RTT statistics names), never from
// the tables. nil means the value must not decode.
@Suite struct WrittenFormsTests {
    @Test(
        arguments: [
            ("A", "A"), ("White - British", "A"), ("white british", "A"), ("WHITE: British", "A"),
            ("White\u{2013}British", "A"), ("White \u{2014} British", "A"), ("White\u{00A0}British", "A"),
            ("  White  -  British\t", "A"), ("White_British", "A"), ("White/British", "A"), ("White. British", "A"),
            ("British", "A"), ("A - White British", "A"), ("A White - British", "A"), ("A: British", "A"),
            ("(A) White - British", "A"), ("White - British (A)", "A"), ("British (White)", "A"),
            ("White - Irish", "B"), ("Irish", "B"), ("B - Irish", "B"),
            ("White - Any other White background", "C"), ("any other white background", "C"),
            ("Mixed - White and Black Caribbean", "D"), ("Mixed - White & Black Caribbean", "D"), ("White and Black Caribbean", "D"),
            ("Mixed - White and Black African", "E"), ("Mixed - White and Asian", "F"),
            ("Mixed - Any other mixed background", "G"),
            ("Asian or Asian British - Indian", "H"), ("Indian", "H"), ("H - Indian", "H"), ("Indian or British Indian", "H"),
            ("Asian or Asian British - Pakistani", "J"), ("Pakistani", "J"),
            ("Asian or Asian British - Bangladeshi", "K"), ("Bangladeshi", "K"),
            ("Asian or Asian British - Any other Asian background", "L"),
            ("Black or Black British - Caribbean", "M"), ("Caribbean", "M"),
            ("Black or Black British - African", "N"), ("African", "N"),
            ("Black or Black British - Any other Black background", "P"),
            ("Other Ethnic Groups - Chinese", "R"), ("Chinese", "R"), ("R: Chinese", "R"),
            ("Other Ethnic Groups - Any other ethnic group", "S"), ("Any other ethnic group", "S"),
            ("Not stated", "Z"), ("NOT STATED", "Z"), ("Z - Not stated", "Z"),
            ("Not known", "99"), ("99 - Not known", "99"),
            // Ambiguous, unknown, or another column's.
            ("Any other", nil), ("Other", nil), ("White", nil), ("Mixed", nil), ("Asian or Asian British", nil),
            ("Other ethnic group", nil), ("White - Martian", nil), ("A - Indian", nil), ("Male", nil), ("9", nil),
            ("", nil), (" - ", nil),
        ] as [(String, String?)])
    func ethnicCategory(form: String, code: String?) {
        #expect(lookUp(form, .ethnicCategory) == code)
    }

    @Test(
        arguments: [
            ("P2", "P2"), ("2", "P2"), ("Priority 2", "P2"), ("priority level 2", "P2"), ("P2 - Urgent", "P2"),
            ("Surgery that can be deferred for up to 4 weeks", "P2"), ("P2 - Surgery that can be deferred for up to 4 weeks", "P2"),
            ("P1a", "P1a"), ("P1A", "P1a"), ("1a", "P1a"), ("Priority 1a", "P1a"), ("P1a - Emergency", "P1a"),
            ("Emergency - operation needed within 24 hours", "P1a"),
            ("Priority level 1a Emergency - operation needed within 24 hours", "P1a"),
            ("P1b", "P1b"), ("Priority 1b", "P1b"), ("P1b - Urgent", "P1b"), ("Urgent - operation needed within 72 hours", "P1b"),
            ("Priority 1", "P1"),
            ("Surgery that can be delayed for up to 3 months", "P3"), ("P3: Surgery that can be delayed for up to 3 months", "P3"),
            ("Surgery that can be delayed for more than 3 months", "P4"), ("Priority 4", "P4"),
            ("Patient wishes to postpone (COVID concerns)", "P5"), ("P5 - Patient wishes to postpone (COVID concerns)", "P5"),
            ("Patient wishes to postpone (non-COVID)", "P6"), ("Patient wishes to postpone - non COVID", "P6"),
            // Ambiguous, unknown, or another column's.
            ("Urgent", nil), ("Emergency", nil), ("P3 - Urgent", nil), ("Routine", nil), ("P7", nil), ("Priority 7", nil),
            ("Patient wishes to postpone", nil), ("White - British", nil),
        ] as [(String, String?)])
    func priority(form: String, code: String?) {
        #expect(lookUp(form, .priority) == code)
    }

    @Test(
        arguments: [
            ("1", "1"), ("M", "1"), ("m", "1"), ("Male", "1"), ("MALE", "1"), ("1 - Male", "1"), ("M - Male", "1"), ("Male (1)", "1"),
            ("2", "2"), ("F", "2"), ("Female", "2"), ("2 - Female", "2"),
            ("9", "9"), ("I", "9"), ("Indeterminate", "9"), ("Not specified", "9"), ("9 - Indeterminate", "9"),
            ("Indeterminate (unable to be classified as either male or female)", "9"),
            ("X", "X"), ("x", "X"), ("U", "X"), ("0", "X"), ("Not known", "X"), ("Not Known (not recorded)", "X"), ("Unknown", "X"),
            ("X - Not Known", "X"),
            // Contradictory, unknown, or another column's.
            ("1 - Female", nil), ("Man", nil), ("Not stated", nil), ("White - British", nil), ("Yes", nil),
        ] as [(String, String?)])
    func sex(form: String, code: String?) {
        #expect(lookUp(form, .sex) == code)
    }

    @Test(
        arguments: [
            ("IRTT", "IRTT"), ("irtt", "IRTT"), ("Admitted", "IRTT"), ("Inpatient", "IRTT"), ("Admitted RTT", "IRTT"),
            ("IRTT - Admitted", "IRTT"), ("Admitted (IRTT)", "IRTT"), ("IRTT - Current RTT Admitted", "IRTT"),
            ("Current RTT Non-admitted", "ORTT"), ("Not current RTT Admitted", "INON"), ("Not current RTT Non-admitted", "ONON"),
            ("Non-admitted", "ORTT"), ("Non admitted", "ORTT"), ("NON-ADMITTED RTT", "ORTT"), ("Outpatient", "ORTT"),
            ("ORTT - Non-admitted", "ORTT"),
            ("Admitted non-RTT", "INON"), ("Inpatient non-RTT", "INON"),
            ("Non-admitted non-RTT", "ONON"), ("Outpatient non RTT", "ONON"),
            ("PTLI", "PTLI"), ("rtto", "RTTO"),
            // Ambiguous, contradictory, or another column's.
            ("RTT", nil), ("Non-RTT", nil), ("IRTT - Non-admitted", nil), ("Day case", nil), ("Yes", nil),
        ] as [(String, String?)])
    func waitingListType(form: String, code: String?) {
        #expect(lookUp(form, .waitingListType) == code)
    }

    @Test(
        arguments: [
            ("Y", "Y"), ("yes", "Y"), ("YES", "Y"), ("True", "Y"), ("true", "Y"), ("1", "Y"), ("LD", "Y"),
            ("Learning disability", "Y"), ("Y - Yes", "Y"),
            ("N", "N"), ("No", "N"), ("FALSE", "N"), ("0", "N"), ("No learning disability", "N"),
            ("U", "U"), ("Unknown", "U"), ("Not known", "U"), ("Not recorded", "U"),
            // Unknown, or another column's.
            ("Maybe", nil), ("Learning", nil), ("", nil), ("2", nil), ("Male", nil),
        ] as [(String, String?)])
    func learningDisability(form: String, code: String?) {
        #expect(lookUp(form, .learningDisability) == code)
    }

    @Test(
        arguments: [
            ("1", "1"), ("01", "1"), ("5", "5"), ("05", "5"), ("10", "10"), ("Decile 1", "1"), ("decile 10", "10"),
            ("IMD decile 3", "3"), ("1 - Most deprived", "1"), ("1 (most deprived)", "1"), ("Decile 1 - most deprived", "1"),
            ("10 - Least deprived", "10"), ("10 (least deprived)", "10"), ("Most deprived 10%", "1"), ("Least deprived 10%", "10"),
            // Ambiguous, contradictory, out of range, or another column's.
            ("Most deprived", nil), ("Least deprived", nil), ("1 - Least deprived", nil), ("Most deprived 20%", nil),
            ("0", nil), ("11", nil), ("Decile 11", nil), ("Quintile 1", nil), ("Yes", nil),
        ] as [(String, String?)])
    func imdDecile(form: String, code: String?) {
        #expect(lookUp(form, .imdDecile) == code)
    }

    @Test(
        arguments: [
            ("110", "110"), ("110 - Trauma and Orthopaedics", "110"), ("Trauma and Orthopaedics", "110"), ("Trauma & Orthopaedics", "110"),
            ("TRAUMA AND ORTHOPAEDIC SERVICE", "110"), ("TFC 110", "110"), ("C_110", "110"), ("C_110 - Trauma & Orthopaedics", "110"),
            ("Trauma and Orthopaedics (110)", "110"),
            ("General Surgery", "100"), ("General Surgery Service", "100"), ("Urology", "101"),
            ("Ear, Nose and Throat", "120"), ("Ear Nose & Throat (ENT)", "120"), ("ENT", "120"), ("Ophthalmology", "130"),
            ("Oral Surgery", "140"), ("Neurosurgery", "150"), ("Neurosurgical Service", "150"), ("Plastic Surgery", "160"),
            ("Cardiothoracic Surgery", "170"), ("General Internal Medicine", "300"), ("General Medicine", "300"),
            ("Gastroenterology", "301"), ("Cardiology", "320"), ("Dermatology", "330"), ("Respiratory Medicine", "340"),
            ("Thoracic Medicine", "340"), ("Neurology", "400"), ("Rheumatology", "410"), ("Geriatric Medicine", "430"),
            ("Elderly Medicine Service", "430"), ("Gynaecology", "502"), ("502 - Gynaecology Service", "502"),
            // Unpublished, ambiguous, contradictory, or another column's.
            ("T&O", nil), ("Orthopaedics", nil), ("Other", nil), ("X01", nil), ("Surgery", nil), ("Medicine", nil),
            ("110 - Urology", nil), ("White - British", nil),
        ] as [(String, String?)])
    func treatmentFunction(form: String, code: String?) {
        #expect(lookUp(form, .treatmentFunction) == code)
    }

    /// Excel's Windows-1252 en dash (0x96), em dash (0x97) and non-breaking space (0xA0).
    @Test(
        arguments: [
            // "White \u{96} British", "White\u{97}British", "White\u{A0}British"
            ([0x57, 0x68, 0x69, 0x74, 0x65, 0x20, 0x96, 0x20, 0x42, 0x72, 0x69, 0x74, 0x69, 0x73, 0x68], .ethnicCategory, "A"),
            ([0x57, 0x68, 0x69, 0x74, 0x65, 0x97, 0x42, 0x72, 0x69, 0x74, 0x69, 0x73, 0x68], .ethnicCategory, "A"),
            ([0x57, 0x68, 0x69, 0x74, 0x65, 0xA0, 0x42, 0x72, 0x69, 0x74, 0x69, 0x73, 0x68], .ethnicCategory, "A"),
            // "P2 \u{96} Urgent"
            ([0x50, 0x32, 0x20, 0x96, 0x20, 0x55, 0x72, 0x67, 0x65, 0x6E, 0x74], .priority, "P2"),
            // "1\u{97}Male"
            ([0x31, 0x97, 0x4D, 0x61, 0x6C, 0x65], .sex, "1"),
            // "10\u{A0}(least deprived)"
            (
                [0x31, 0x30, 0xA0, 0x28, 0x6C, 0x65, 0x61, 0x73, 0x74, 0x20, 0x64, 0x65, 0x70, 0x72, 0x69, 0x76, 0x65, 0x64, 0x29],
                .imdDecile, "10"
            ),
            // "White\u{C4 96}British": the UTF-8 letter Ė, whose second byte is 0x96, is not a dash.
            ([0x57, 0x68, 0x69, 0x74, 0x65, 0xC4, 0x96, 0x42, 0x72, 0x69, 0x74, 0x69, 0x73, 0x68], .ethnicCategory, nil),
            // "White\u{E0}British" in UTF-8 (C3 A0): à is not a non-breaking space.
            ([0x57, 0x68, 0x69, 0x74, 0x65, 0xC3, 0xA0, 0x42, 0x72, 0x69, 0x74, 0x69, 0x73, 0x68], .ethnicCategory, nil),
        ] as [([UInt8], CodedColumn, String?)])
    func windows1252SeparatorsFoldAsTheirUTF8Twins(field: [UInt8], column: CodedColumn, code: String?) {
        #expect(lookUp(field, in: .builtIn(column)) == code)
    }

    @Test func foldingLowercasesASCIIAndCollapsesSeparators() {
        #expect(WrittenForms.fold("White - British") == "white british")
        #expect(WrittenForms.fold("  (A)  White\u{2013}British: ") == "a white british")
        #expect(WrittenForms.fold("C_110") == "c 110")
        #expect(WrittenForms.fold("Trauma & Orthopaedics") == "trauma & orthopaedics")
        #expect(WrittenForms.fold("Most deprived 10%") == "most deprived 10%")
        #expect(WrittenForms.fold("\u{00C9}TAT \u{00A0}civil") == "\u{00C9}tat civil")
        #expect(WrittenForms.fold(" -_./,:() ") == "")
        let windows1252: [UInt8] = [0x41, 0x20, 0x96, 0x20, 0x42]  // "A \u{96} B"
        #expect(windows1252.withUnsafeBufferPointer { WrittenForms.fold($0) } == "a b")
    }

    @Test func aValueLongerThanEveryFormIsRejected() {
        #expect(lookUp(String(repeating: "White British ", count: 1_000), .ethnicCategory) == nil)
    }

    @Test func decodeParsesTheCanonicalCode() {
        let forms = WrittenForms.builtIn(.ethnicCategory)
        let value = Array("Mixed \u{2013} White and Asian".utf8).withUnsafeBufferPointer { forms.decode($0, EthnicCategory.init(code:)) }
        #expect(value == .whiteAndAsian)
        let priority = Array("P1b - Urgent".utf8).withUnsafeBufferPointer {
            WrittenForms.builtIn(.priority).decode($0, ClinicalPriority.init(code:))
        }
        #expect(priority == .p1b)
        let unknown = Array("Martian".utf8).withUnsafeBufferPointer { forms.decode($0, EthnicCategory.init(code:)) }
        #expect(unknown == nil)
    }

    @Test func addingAFormMakesItDecodeInThatCopyOnly() {
        var forms = WrittenForms.builtIn(.ethnicCategory)
        #expect(lookUp("Blanc - Britannique", in: forms) == nil)
        forms.add(form: "Blanc - Britannique", code: "A")
        #expect(lookUp("blanc britannique", in: forms) == "A")
        #expect(lookUp("BLANC: Britannique", in: forms) == "A")
        #expect(lookUp("White - British", in: forms) == "A")
        #expect(lookUp("Blanc - Britannique", .ethnicCategory) == nil)
    }

    @Test func addedCodesAreStoredInTheirCanonicalSpelling() {
        var priority = WrittenForms.builtIn(.priority)
        priority.add(form: "Soon", code: " 2 ")
        #expect(lookUp("soon", in: priority) == "P2")
        var flag = WrittenForms.builtIn(.learningDisability)
        flag.add(form: "Has LD", code: "true")
        #expect(lookUp("HAS LD", in: flag) == "Y")
        var decile = WrittenForms.builtIn(.imdDecile)
        decile.add(form: "Top decile", code: "01")
        #expect(lookUp("Top decile", in: decile) == "1")
        var sex = WrittenForms.builtIn(.sex)
        sex.add(form: "Homme", code: "1")
        #expect(lookUp("homme", in: sex) == "1")
    }

    @Test func aTrustsFormReplacesABuiltInOneWithTheSameKey() {
        var sex = WrittenForms.builtIn(.sex)
        sex.add(form: "u", code: "9")
        #expect(lookUp("U", in: sex) == "9")
        #expect(lookUp("Unknown", in: sex) == "X")
    }

    @Test func formsThatFoldToNothingAreIgnored() {
        var forms = WrittenForms.builtIn(.sex)
        forms.add(form: " - ", code: "1")
        #expect(lookUp(" - ", in: forms) == nil)
        #expect(lookUp("", in: forms) == nil)
    }

    @Test func manyAddedFormsAllDecode() {
        var forms = WrittenForms.builtIn(.treatmentFunction)
        for number in 0..<2_000 { forms.add(form: "Local clinic \(number)", code: String(100 + number % 900)) }
        for number in 0..<2_000 { #expect(lookUp("LOCAL CLINIC \(number)", in: forms) == String(100 + number % 900)) }
        #expect(lookUp("Trauma and Orthopaedics", in: forms) == "110")
        #expect(lookUp("Local clinic 2000", in: forms) == nil)
    }

    @Test(
        arguments: [
            (CodedColumn.ethnicCategory, ["A", "a", "S", "Z", "99", " C "], ["9", "I", "Q", "X", "", "White"]),
            (.priority, ["P1a", "P1b", "P1", "P2", "P6", "2", "1a"], ["P7", "P1c", "Urgent", ""]),
            (.sex, ["1", "2", "9", "X", "x"], ["M", "0", "3", "Male", ""]),
            (.waitingListType, ["IRTT", "ORTT", "INON", "ONON", "PTLI", "PTLO", "RTTI", "RTTO"], ["ADMT", "RTT", ""]),
            (.learningDisability, ["Y", "N", "U"], ["", " ", "maybe", "2"]),
            (.imdDecile, ["1", "5", "10"], ["0", "11", "Decile 1", ""]),
            (.treatmentFunction, ["110", "100", "999", "502"], ["11", "1100", "ABC", "C_110", ""]),
        ] as [(CodedColumn, [String], [String])])
    func validCodesAreTheColumnsOwn(column: CodedColumn, valid: [String], invalid: [String]) {
        for code in valid { #expect(column.isValidCode(code), "\(code)") }
        for code in invalid { #expect(!column.isValidCode(code), "\(code)") }
    }

    /// No two built-in forms of a column fold to one key with different codes, every code is
    /// valid, and the built table gives every form its code.
    @Test(arguments: CodedColumn.allCases)
    func builtInFormsDoNotCollide(column: CodedColumn) {
        let forms = WrittenForms.table(column).flatMap(\.writtenForms)
        #expect(forms.count > 10)
        var codeOfKey: [String: String] = [:]
        for (form, code) in forms {
            let key = WrittenForms.fold(form)
            #expect(!key.isEmpty, "\(form)")
            if let other = codeOfKey.updateValue(code, forKey: key) {
                #expect(other == code, "'\(form)' folds to '\(key)', which is both \(other) and \(code)")
            }
            #expect(column.isValidCode(code), "\(code)")
            #expect(lookUp(form, column) == code, "\(form)")
        }
    }
}
