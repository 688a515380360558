import WaitgapCore

/// Plain-English sentences for the top of a pack, generated from the gaps. Only a gap whose
/// 95% interval excludes zero is stated as a difference; a non-significant gap is said to be
/// not significant, and a group too small to show is said to be too small.
public enum Headlines {
    /// One comparison to put into words.
    public typealias Comparison = EquityFindings.HeadlineComparison

    /// The sentence for one comparison.
    public static func sentence(_ comparison: Comparison) -> String {
        let subject = comparison.subject
        let together =
            comparison.comparisons > 1 ? " once the \(comparison.comparisons) pre-specified measures are tested together" : ""
        guard let gap = comparison.gap, let raw = gap.meanGap else {
            if comparison.significant == false {
                return "\(subject)'s average wait differs significantly from that of \(comparison.reference)\(together)."
            }
            return "\(subject): too few patients to compare with \(comparison.reference)."
        }
        let interval = "95% CI \(number(raw.lower)) to \(number(raw.upper)) weeks"
        guard comparison.significant ?? raw.excludes(0) else {
            return
                "\(subject) and \(comparison.reference) show no statistically significant difference in average wait (\(signed(raw.value)) weeks, \(interval))\(together)."
        }
        let direction = raw.value > 0 ? "longer" : "less"
        var text = "\(subject) wait \(number(abs(raw.value))) weeks \(direction) on average than \(comparison.reference) (\(interval))"
        if let adjusted = gap.adjustedGap {
            let explained = raw.value - adjusted.value
            if !adjusted.excludes(0) {
                text +=
                    "; allowing for specialty, clinical priority, age and sex, no significant difference remains (\(signed(adjusted.value)) weeks, 95% CI \(number(adjusted.lower)) to \(number(adjusted.upper)))"
            } else if abs(explained) >= 0.05, (explained > 0) == (raw.value > 0), abs(explained) < abs(raw.value) {
                text += "; \(number(abs(explained))) weeks of this is explained by specialty, clinical priority, age and sex"
            } else {
                text +=
                    "; allowing for specialty, clinical priority, age and sex, the gap is \(number(abs(adjusted.value))) weeks (95% CI \(number(adjusted.lower)) to \(number(adjusted.upper)))"
            }
        }
        return text + "."
    }

    static func number(_ value: Double) -> String { String(format1: value) }

    static func signed(_ value: Double) -> String { value > 0 ? "+" + number(value) : number(value) }
}

extension BoardPack {
    func headlinesSection(_ out: inout MarkdownWriter) {
        out.heading(2, "Headlines")
        var sentences = findings.headlines.map(Headlines.sentence)
        let all = findings.allSummary
        if let share = all.share(over: 52), let released = disclosure.releasable(share), let value = released.value {
            sentences.append(
                "\(String(format1: value * 100))% of patients on the list (\(count(share.numerator))) have waited more than 52 weeks.")
        }
        out.bullets(sentences)
        out.paragraph(
            "A difference is stated only when it stays significant with every pre-specified measure tested together (Holm's method, 5%); otherwise the sentence says it is not significant. For ethnicity, the group named is the one with the largest such gap."
        )
    }
}
