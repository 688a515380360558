import WaitgapCore

/// The rules a set of weights must meet before a list made with it can be signed off: every
/// factor says why it is there, and a factor on a protected characteristic (Equality Act 2010)
/// is refused unless the file justifies it and the user allows it (see docs/scoring.md,
/// Governance).
public enum WeightsGovernance {
    /// A factor that gives points, as the approval records it.
    public struct Factor: Sendable, Equatable {
        /// The setting (`waitPointsPerTarget`, `imdDecilePoints`, …) or the column's name.
        public var key: String
        /// Its rationale from the file (`notes[key]`, or a column factor's `comment`).
        public var rationale: String?
        /// The Equality Act characteristic it weights, if any.
        public var protectedCharacteristic: String?
        /// Its justification from the file (`justifications[key]`).
        public var justification: String?
        /// Whether it only favours a disabled patient, which the Act allows without further
        /// justification of the difference in treatment (section 13(3)); it still needs a
        /// stated justification.
        public var onlyFavoursDisabled = false

        /// Whether it needs `--allow-protected`.
        public var needsPermission: Bool { protectedCharacteristic != nil && !onlyFavoursDisabled }
    }

    /// Weights that break a rule: one line naming the factor and the fix.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The characteristics the Equality Act 2010 protects (section 4), with words that name them
    /// in a column's name.
    static let protectedWords: [(characteristic: String, words: Set<String>)] = [
        ("age", ["age", "dob", "birth"]),
        ("disability", ["disability", "disabled", "ld"]),
        ("gender reassignment", ["reassignment", "transgender", "trans"]),
        ("marriage and civil partnership", ["marital", "marriage", "married", "partnership"]),
        ("pregnancy and maternity", ["pregnancy", "pregnant", "maternity"]),
        ("race", ["ethnic", "ethnicity", "race", "racial", "nationality"]),
        ("religion or belief", ["religion", "religious", "faith", "belief"]),
        ("sex", ["sex", "gender"]),
        ("sexual orientation", ["orientation", "sexuality"]),
    ]

    /// The protected characteristic a column's name points to: a column of the input contract
    /// whose equity dimension carries one (the registry's flag), else a word that names one.
    public static func protectedCharacteristic(ofColumn name: String) -> String? {
        let folded = Column.normalise(name)
        if let column = Column.allCases.first(where: { column in
            ([column.rawValue] + column.aliases).contains { Column.normalise($0) == folded }
        }),
            let dimension = EquityDimension.registry.first(where: { $0.columns.contains(column) && $0.protectedCharacteristic != nil })
        {
            return dimension.protectedCharacteristic!.rawValue
        }
        let words = Self.words(of: name)
        if let exact = protectedWords.first(where: { !$0.words.isDisjoint(with: words) }) { return exact.characteristic }
        // A name not split into words (`PATIENTGENDER`, `ethniccategory2`): the longer stems inside it.
        return protectedStems.first { entry in words.contains { word in entry.stems.contains { word.contains($0) } } }?.characteristic
    }

    /// Stems of five letters or more that name a characteristic wherever they appear in a word
    /// (shorter words, `sex`, `age`, `ld`, `race`, only as whole words: `average`, `sextant`).
    static let protectedStems: [(characteristic: String, stems: [String])] = [
        ("age", ["birth"]),
        ("disability", ["disab"]),
        ("gender reassignment", ["reassign", "transgend"]),
        ("marriage and civil partnership", ["marit", "marri", "partnership"]),
        ("pregnancy and maternity", ["pregnan", "matern"]),
        ("race", ["ethnic", "racial", "nationalit"]),
        ("religion or belief", ["relig", "faith", "belief"]),
        ("sex", ["gender"]),
        ("sexual orientation", ["orientation", "sexual"]),
    ]

    /// The words of a column's name, lower-cased: split at anything but a letter or digit, where
    /// a lower-case letter meets a capital (`PatientGender`), and between letters and digits
    /// (`Ethnic2`). `Column.normalise` alone splits only at spaces, `_`, `-` and tabs.
    static func words(of name: String) -> Set<String> {
        var words: Set<String> = []
        var current = ""
        var previous: Character?
        for character in name {
            let boundary: Bool
            if !(character.isLetter || character.isNumber) {
                boundary = true
            } else if let previous, previous.isLetter || previous.isNumber {
                boundary = (previous.isLowercase && character.isUppercase) || (previous.isLetter != character.isLetter)
            } else {
                boundary = false
            }
            if boundary, !current.isEmpty {
                words.insert(current.lowercased())
                current = ""
            }
            if character.isLetter || character.isNumber { current.append(character) }
            previous = character
        }
        if !current.isEmpty { words.insert(current.lowercased()) }
        return words
    }

    /// The factors that give points, in the file's order.
    public static func factors(_ weights: ScoringWeights) -> [Factor] {
        func factor(_ key: String, _ characteristic: String? = nil) -> Factor {
            Factor(
                key: key, rationale: weights.notes?[key], protectedCharacteristic: characteristic,
                justification: weights.justifications?[key])
        }
        var factors = [factor("waitPointsPerTarget")]
        if weights.imdDecilePoints.values.contains(where: { $0 != 0 }) || weights.imdUnknownPoints != 0 {
            factors.append(factor("imdDecilePoints"))
        }
        if weights.learningDisabilityPoints != 0 || weights.learningDisabilityUnknownPoints != 0 {
            var disability = factor("learningDisabilityPoints", EquityDimension.learningDisability.protectedCharacteristic?.rawValue)
            disability.onlyFavoursDisabled =
                weights.learningDisabilityPoints >= max(0, weights.learningDisabilityUnknownPoints)
                && weights.learningDisabilityUnknownPoints >= 0
            factors.append(disability)
        }
        if weights.ageBandPoints.values.contains(where: { $0 != 0 }) || weights.ageUnknownPoints != 0 {
            factors.append(factor("ageBandPoints", EquityDimension.ageBand.protectedCharacteristic?.rawValue))
        }
        for column in weights.columns {
            let characteristic = column.names.lazy.compactMap(protectedCharacteristic(ofColumn:)).first
            factors.append(
                Factor(
                    key: column.column, rationale: column.comment ?? weights.notes?[column.column],
                    protectedCharacteristic: characteristic, justification: weights.justifications?[column.column]))
        }
        return factors
    }

    /// Checks the factors on protected characteristics.
    /// - Returns: those allowed (each justified, and allowed by `allowProtected` where needed).
    /// - Throws: `Refusal` naming the first factor that is not justified, or not allowed.
    public static func checkProtected(_ weights: ScoringWeights, allowProtected: Bool) throws(Refusal) -> [Factor] {
        let protected = factors(weights).filter { $0.protectedCharacteristic != nil }
        for factor in protected {
            let characteristic = factor.protectedCharacteristic!
            let justified = !(factor.justification ?? "").trimmingSpaces.isEmpty
            guard justified else {
                throw Refusal(
                    message:
                        "factor '\(factor.key)' weights \(characteristic), a protected characteristic (Equality Act 2010): refused unless the file's justifications.\(factor.key) says why it is lawful and needed (and --allow-protected is given); see docs/scoring.md, Governance"
                )
            }
            guard allowProtected || !factor.needsPermission else {
                throw Refusal(
                    message:
                        "factor '\(factor.key)' weights \(characteristic), a protected characteristic (Equality Act 2010): the file justifies it, but it is used only with --allow-protected, which the audit trail records"
                )
            }
        }
        return protected
    }

    /// Checks that every factor states its rationale (an approval records them).
    /// - Throws: `Refusal` naming the first factor without one.
    public static func checkRationales(_ weights: ScoringWeights) throws(Refusal) {
        for factor in factors(weights) where (factor.rationale ?? "").trimmingSpaces.isEmpty {
            let where_ = weights.columns.contains { $0.column == factor.key } ? "its comment" : "notes.\(factor.key)"
            throw Refusal(message: "factor '\(factor.key)' states no rationale: give one in \(where_) before approving")
        }
    }

    /// The rationales, one a line, as the approval records them.
    public static func rationales(_ weights: ScoringWeights) -> String {
        factors(weights).map { "\($0.key): \($0.rationale ?? "")" }.joined(separator: "\n")
    }

    /// The protected factors allowed, one a line, as the audit trail records them.
    public static func describe(_ factors: [Factor]) -> String {
        factors.map { "\($0.key) (\($0.protectedCharacteristic ?? "")): \($0.justification ?? "")" }.joined(separator: "\n")
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
    }
}
