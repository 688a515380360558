extension ScoringWeights {
    /// The defaults: waits against each tier's clinical target dominate; deprivation, learning
    /// disability and age add a few points, so that within a tier patients of equal clinical need
    /// who are more disadvantaged come a little earlier. Every number is a setting to be agreed
    /// locally, not a recommendation.
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
        ageBandPoints: ["0-17": 1, "18-39": 0, "40-59": 0, "60-74": 1, "75+": 2],
        ageUnknownPoints: 0,
        notes: [
            "tierTargetWeeks":
                "Clinical target per tier in weeks; waits are measured in multiples of it. Patients never move between tiers.",
            "waitPointsPerTarget": "Points per multiple of the tier's target waited: the main factor, so long waits still come first.",
            "imdDecilePoints": "Points by IMD decile of the patient's area (1 = most deprived 10%).",
            "imdUnknownPoints": "Points when deprivation is not known (a stated value, never a silent zero).",
            "learningDisabilityPoints": "Points for a learning disability flag of Y; learningDisabilityUnknownPoints when not recorded.",
            "ageBandPoints": "Points by age band; ageUnknownPoints when age is not known.",
            "columns":
                "Further factors from extract columns: numeric (pointsPerUnit, minimum, maximum) or coded (codePoints), each with unknownPoints, e.g. comorbidities, smoking, effect on employment, repeat A&E attendances.",
        ],
        columns: []
    )
}
