extension ScoringWeights {
    /// The defaults: waits against each tier's clinical target dominate; deprivation and learning
    /// disability add a few points, so that within a tier patients of equal clinical need who are
    /// more disadvantaged come a little earlier. There is no age factor: age is a protected
    /// characteristic and nothing here justifies weighting it. Every number is a setting to be
    /// agreed locally, not a recommendation; the defaults are not approved for sign-off until a
    /// trust approves them (`waitgap weights approve`).
    public static let `default` = ScoringWeights(
        version: currentVersion,
        // P1a within 24 hours, P1b within 72, P2 within 4 weeks, P3 within 12, P4 longer (26 here);
        // P5/P6 are deferred by the patient's choice; not prioritised uses the 18-week RTT standard.
        tierTargetWeeks: ["P1a": 1.0 / 7, "P1b": 3.0 / 7, "P1": 3.0 / 7, "P2": 4, "P3": 12, "P4": 26, "P5": 52, "P6": 52, "none": 18],
        waitPointsPerTarget: 10,
        imdDecilePoints: ["1": 3, "2": 3, "3": 2, "4": 2, "5": 1, "6": 1, "7": 0, "8": 0, "9": 0, "10": 0],
        imdUnknownPoints: 1,
        learningDisabilityPoints: 3,
        learningDisabilityUnknownPoints: 0,
        ageBandPoints: ["0-17": 0, "18-39": 0, "40-59": 0, "60-74": 0, "75+": 0],
        ageUnknownPoints: 0,
        notes: [
            "tierTargetWeeks":
                "Clinical target per tier in weeks; waits are measured in multiples of it. Patients never move between tiers.",
            "waitPointsPerTarget": "Points per multiple of the tier's target waited: the main factor, so long waits still come first.",
            "imdDecilePoints":
                "Points by IMD decile of the patient's area (1 = most deprived 10%): NHS England asks trusts to tackle inequalities in access by deprivation (Core20PLUS5), and deprivation is not a protected characteristic.",
            "imdUnknownPoints": "Points when deprivation is not known (a stated value, never a silent zero).",
            "learningDisabilityPoints":
                "Points for a learning disability flag of Y; learningDisabilityUnknownPoints when not recorded. People with a learning disability die younger of avoidable causes (LeDeR) and are named in Core20PLUS5's PLUS groups.",
            "ageBandPoints":
                "Points by age band; ageUnknownPoints when age is not known. All zero: age is a protected characteristic, and a trust that weights it must state its justification in justifications.ageBandPoints.",
            "columns":
                "Further factors from extract columns: numeric (pointsPerUnit, minimum, maximum) or coded (codePoints), each with unknownPoints, e.g. comorbidities, smoking, effect on employment, repeat A&E attendances.",
        ],
        justifications: [
            "learningDisabilityPoints":
                "Disability: the Equality Act 2010 (s.13(3)) allows treating disabled people more favourably, and these points only favour a recorded learning disability; a reasonable adjustment for patients the LeDeR programme finds die younger of avoidable causes."
        ],
        columns: []
    )
}
