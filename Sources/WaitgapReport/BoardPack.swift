import Foundation
import WaitgapCore

/// What a pack says about the run besides the census itself.
public struct RunInfo: Sendable {
    /// The trust's name for the title block.
    public var trustName: String?
    /// waitgap's version.
    public var version: String
    /// The IMD source in use (for methods).
    public var imdSource: String
    /// The completeness a field is expected to reach (data quality), 0...1.
    public var expectedCompleteness: Double
    /// The group each dimension's gaps are measured against.
    public var references: ReferenceGroups
    /// The headline metrics month by month from the run history, this run included.
    public var history: MonthOnMonth?
    /// Whether this run replaced a stored run of the same census date.
    public var replacedEarlierRun = false
    /// Equity dimensions not analysed, each a sentence (`ReadingCheck.notAnalysed`), for the top.
    public var notAnalysed: [String] = []
    /// Whether the pack reproduces NHS England's WLMDS demographic definitions (`--nhse-definitions`).
    public var nationalDefinitions = false
    /// The pre-specified measures (`--measures FILE`); the defaults when nil.
    public var measures: [Measure]?

    /// Creates run information.
    public init(
        trustName: String? = nil, version: String, imdSource: String, expectedCompleteness: Double = 0.95,
        references: ReferenceGroups = ReferenceGroups()
    ) {
        self.references = references
        self.trustName = trustName
        self.version = version
        self.imdSource = imdSource
        self.expectedCompleteness = expectedCompleteness
    }
}

/// A board pack: a census, how it was made, and the disclosure policy applied to it.
/// `markdown` lays it out; it decides nothing about what may be shown beyond asking the policy.
public struct BoardPack: Sendable {
    /// The census reported.
    public let census: Census
    /// Every comparison the pack reports, computed once: the pack only lays them out.
    public let findings: EquityFindings
    /// How it was made.
    public var run: RunInfo
    /// What may be shown.
    public var disclosure: DisclosurePolicy

    /// Creates a pack.
    public init(census: Census, run: RunInfo, disclosure: DisclosurePolicy = DisclosurePolicy()) {
        // Invalid values too rare to be a coding problem never reach the pack.
        let census = census.publishable()
        self.census = census
        self.run = run
        self.disclosure = disclosure
        findings = EquityFindings(
            census: census, references: run.references, disclosure: disclosure, slices: Self.partitions.map(\.slices),
            monthOnMonth: run.history, measures: run.measures)
    }

    /// The pack's file name: `board-pack-<census>.md`.
    public var fileName: String { "board-pack-\(census.censusDate?.description ?? "unknown-census").md" }

    /// The HTML pack's file name: `board-pack-<census>.html`.
    public var htmlFileName: String { "board-pack-\(census.censusDate?.description ?? "unknown-census").html" }

    /// The pack as Markdown. Deterministic: the same census gives the same bytes.
    public var markdown: String { rendered.markdown }

    /// The Markdown and the chart files it links, made together (charts are built once).
    public var rendered: (markdown: String, charts: [ChartFile]) {
        let charts = self.charts
        return (render(charts: charts, html: false).text, charts)
    }

    /// The DOCX pack's file name: `board-pack-<census>.docx`.
    public var docxFileName: String { "board-pack-\(census.censusDate?.description ?? "unknown-census").docx" }

    /// The PDF pack's file name: `board-pack-<census>.pdf`.
    public var pdfFileName: String { "board-pack-\(census.censusDate?.description ?? "unknown-census").pdf" }

    /// The HTML pack for printing to PDF: A4, the board summary on page one, and a footer with
    /// the trust, the census date and the page number on every page.
    public var printHTML: String {
        // A CSS string: no quote, backslash or line break from the trust's name can end it.
        let trust = (run.trustName ?? "").filter { $0 != "\"" && $0 != "\\" && !$0.isNewline && $0 != "<" }
        let footer = (trust.isEmpty ? "" : trust + " · ") + "census " + (census.censusDate?.description ?? "not known")
        let page = """
            @page { size: A4; margin: 14mm 12mm 16mm; @bottom-center { content: "\(footer) · page " counter(page) " of " counter(pages); font: 8pt Arial, Helvetica, sans-serif; color: #444; } }
            body { max-width: none; margin: 0; font-size: 10pt; } table { font-size: 8pt; } figure svg { max-width: 100%; height: auto; }
            body > table:first-of-type { font-size: 7pt; width: 100%; } body > table:first-of-type + p { font-size: 7pt; } body > table:first-of-type th, body > table:first-of-type td { padding: 0.4mm 1mm; line-height: 1.2; }
            body > table:first-of-type td.number { white-space: nowrap; } body > table:first-of-type span.icon svg { width: 14px; height: 14px; }
            h1 { font-size: 15pt; margin: 0 0 2mm; } body > p { margin: 1mm 0 2mm; }
            """
        return html.replacingOccurrences(of: "</style>", with: page + "\n</style>")
    }

    /// The pack as one self-contained HTML file: the same content, charts inline.
    public var html: String {
        let charts = self.charts
        var body = render(charts: charts).html.replacingOccurrences(
            of: "<h2>Appendix: the figures behind the summary</h2>",
            with: "<h2 class=\"appendix\">Appendix: the figures behind the summary</h2>")
        for chart in charts {
            body = body.replacingOccurrences(of: "<!--chart:charts/\(chart.name)-->", with: chart.svg)
        }
        let title = "Elective waiting list: who waits longer" + (census.censusDate.map { " – \($0)" } ?? "")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(MarkdownWriter.escape(title))</title>
            <style>
            body { font-family: Arial, Helvetica, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #111; line-height: 1.4; }
            h1 { font-size: 1.8em; } h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 1.8em; }
            table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; }
            th { background: #eef4fa; } td.number, th.number { text-align: right; }
            figure { margin: 1em 0; } figcaption { font-size: 0.85em; color: #444; }
            code { background: #f3f3f3; padding: 0 0.2em; }
            span.icon svg { width: 20px; height: 20px; vertical-align: middle; }
            @media print { @page { size: A4; margin: 14mm 12mm; } body { max-width: none; margin: 0; } h2.appendix { page-break-before: always; } tr { page-break-inside: avoid; } h2, h3 { page-break-after: avoid; } }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// Page one alone, as one self-contained HTML document for printing on A4: the title and the
    /// board summary, icons inline.
    public var boardSummaryHTML: String {
        let charts = iconFiles + historyCharts
        var out = MarkdownWriter()
        titleBlock(&out)
        boardSummary(charts: charts, &out)
        let body = Self.inline(charts, in: out.html)
        let title = "Board summary: who waits longer" + (census.censusDate.map { " – \($0)" } ?? "")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(MarkdownWriter.escape(title))</title>
            <style>
            \(Self.printStyle)
            </style>
            </head>
            <body class="summary">
            \(body)</body>
            </html>

            """
    }

    /// HTML with each chart's placeholder (`<!--chart:charts/NAME-->`, left by MarkdownWriter)
    /// replaced by the chart itself.
    static func inline(_ charts: [ChartFile], in html: String) -> String {
        charts.reduce(html) { $0.replacingOccurrences(of: "<!--chart:charts/\($1.name)-->", with: $1.svg) }
    }

    /// Print styles: A4, the board summary compact enough for one page, the appendix from page two.
    static let printStyle = """
        @page { size: A4; margin: 12mm 11mm; }
        body.summary { font-family: Arial, Helvetica, sans-serif; font-size: 8.5pt; line-height: 1.25; color: #111; margin: 0; }
        body.summary h1 { font-size: 14pt; margin: 0 0 2mm; } body.summary h2 { font-size: 11pt; margin: 3mm 0 1.5mm; border-bottom: 1.5px solid #0072B2; }
        body.summary p { margin: 1mm 0 1.5mm; }
        body.summary table { border-collapse: collapse; width: 100%; font-size: 7.5pt; }
        body.summary th, body.summary td { border: 0.5px solid #bbb; padding: 0.4mm 1mm; vertical-align: middle; }
        body.summary th { background: #eef4fa; } body.summary td.number, body.summary th.number { text-align: right; white-space: nowrap; }
        body.summary span.icon svg { width: 14px; height: 14px; vertical-align: middle; }
        tr { page-break-inside: avoid; } h2, h3 { page-break-after: avoid; }
        h2.appendix { page-break-before: always; }
        """

    /// - Parameter html: whether to build the HTML beside the Markdown.
    func render(charts: [ChartFile], html: Bool = true) -> MarkdownWriter {
        var out = MarkdownWriter(buildsHTML: html)
        titleBlock(&out)
        boardSummary(charts: charts, &out)
        out.heading(2, "Appendix: the figures behind the summary")
        headlinesSection(&out)
        summaryTable(&out)
        if run.history != nil || run.replacedEarlierRun { historySection(charts: charts, &out) }
        keyFigures(&out)
        gapsSection(charts: charts, &out)
        dimensionSections(charts: charts, &out)
        crossedSection(&out)
        slicesSection(&out)
        if run.nationalDefinitions { nationalDefinitionsSection(&out) }
        dataQuality(&out)
        methods(&out)
        return out
    }

    // MARK: - Sections

    private func titleBlock(_ out: inout MarkdownWriter) {
        out.heading(1, "Elective waiting list: who waits longer")
        var facts: [String] = []
        if let trustName = run.trustName, !trustName.isEmpty { facts.append("**\(MarkdownWriter.literal(trustName))**") }
        facts.append("Census date \(census.censusDate?.description ?? "not known")")
        facts.append("waitgap \(run.version)")
        out.paragraph(facts.joined(separator: " · "))
        let accounting = census.accounting
        out.paragraph("Every row of the extract is accounted for: `\(accounting.line)`.")
        if accounting.outOfScope > 0 {
            let types = accounting.outOfScopeByListType.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue) \($0.value.grouped)" }.joined(separator: ", ")
            out.paragraph(
                "Out of scope: \(accounting.outOfScope.grouped) rows on non-RTT lists (\(types)), which NHS England's waiting-list and health-inequality figures do not count; `--scope all` analyses them too."
            )
        }
        // The sentences are waitgap's own; the header names in them are code spans made safe
        // where they are written (ReadingCheck).
        for sentence in run.notAnalysed { out.paragraph("**\(sentence)**") }
    }

    private func keyFigures(_ out: inout MarkdownWriter) {
        out.heading(2, "Key figures")
        let all = findings.allSummary
        guard disclosure.showsStatistics(ofGroupSize: all.count) else {
            out.paragraph("Too few patients to report.")
            return
        }
        var lines = [
            "Patients waiting: \(count(all.count)) (the \(census.accounting.analysed.grouped) rows analysed, rounded to the nearest \(disclosure.rounding) as every patient count in this pack is)",
            "Median wait: \(weeks(all.medianWeeks)) weeks; 92nd percentile: \(weeks(all.p92Weeks)) weeks",
        ]
        for threshold in [18, 52, 65] {
            if let share = all.share(over: threshold) {
                lines.append("Waiting more than \(threshold) weeks: \(percent(share)) (\(count(share.numerator)) patients)")
            }
        }
        out.bullets(lines)
    }

    /// A dimension's groups, with all patients as the last row.
    func breakdownTable(_ findings: EquityFindings.DimensionFindings, _ out: inout MarkdownWriter) {
        var header = ["Group", "Patients", "Mean, weeks (95% CI)", "Median, weeks (95% CI)", "92nd percentile (weeks)"]
        header += WaitSummary.thresholdWeeks.map { $0 == 52 ? "Over 52 weeks (95% CI)" : "Over \($0) weeks" }
        // Groups partition the total: hide enough that no small count can be subtracted out.
        let hidden = disclosure.hiddenCells(findings.waits.map(\.count))
        var rows = findings.dimension.groups.enumerated().map { index, group in
            statisticsRow(group.label, findings.summaries[index], hidden: hidden.contains(index))
        }
        rows.append(statisticsRow("**All patients**", self.findings.allSummary))
        let dimension = findings.dimension
        out.table(
            header: header, rows: rows, rightAligned: Set(1..<header.count),
            context: MarkdownWriter.TableContext(
                dimension: dimension.id, reference: findings.referenceGroup.code,
                rows: dimension.groups.map { ($0.code, "all") } + [("all", "all")]))
        out.paragraph(
            "*Counts are rounded to the nearest \(disclosure.rounding) and small ones shown as `*`, so the groups need not add up to the total beneath them, rounded from the exact count.*"
        )
    }

    /// A group's count, mean and median with intervals, 92nd percentile and shares.
    func statisticsRow(_ label: String, _ summary: WaitSummary, hidden: Bool = false) -> [String] {
        let columns = 3 + summary.over.count
        guard !hidden || summary.count == 0 else { return [label] + Array(repeating: "*", count: columns + 1) }
        guard disclosure.showsStatistics(ofGroupSize: summary.count) else {
            return [label, count(summary.count)] + Array(repeating: summary.count == 0 ? "–" : "*", count: columns)
        }
        var mean = weeks(summary.meanWeeks)
        if let interval = summary.meanIntervalWeeks {
            mean += " (\(String(format1: interval.lower))–\(String(format1: interval.upper)))"
        }
        var median = weeks(summary.medianWeeks)
        if let interval = summary.medianIntervalWeeks {
            median += " (\(String(format1: interval.lower))–\(String(format1: interval.upper)))"
        }
        let shares = zip(WaitSummary.thresholdWeeks, summary.over).map { weeks, share in
            let text = percent(share)
            guard weeks == 52, text != "*", text != "–", let released = disclosure.releasable(share) else { return text }
            return text + " (\(String(format1: released.lower * 100))–\(String(format1: released.upper * 100)))"
        }
        return [label, count(summary.count), mean, median, self.weeks(summary.p92Weeks)] + shares
    }

    private func dataQuality(_ out: inout MarkdownWriter) {
        out.heading(2, "Data quality")
        let quality = census.quality
        let expected = Int((run.expectedCompleteness * 100).rounded())
        out.paragraph(
            "Completeness of recording among the \(count(census.accounting.analysed)) analysed rows, against an expectation of \(expected)%. A field below it is marked ⚠."
        )
        var rows: [[String]] = []
        for field in DataQuality.Field.allCases {
            guard quality.presentFields.contains(field) else {
                rows.append([field.label, "–", "–", "–", "not in extract"])
                continue
            }
            let counts = quality[field]
            var completeness = "–"
            if counts.total > 0,
                let share = disclosure.publishedShare(Proportion(numerator: counts.recorded, denominator: counts.total))
                    ?? (counts.recorded == 0 || counts.recorded == counts.total ? counts.completeness : nil)
            {
                completeness = String(format1: share * 100) + "%"
                if share < run.expectedCompleteness { completeness += " ⚠" }
            }
            let cells = [counts.recorded, counts.notRecorded, counts.invalid]
            let hidden = disclosure.hiddenCells(cells)
            let shown = cells.indices.map { hidden.contains($0) ? "*" : count(cells[$0]) }
            rows.append([field.label] + shown + [hidden.isEmpty ? completeness : "*"])
        }
        out.table(header: ["Field", "Recorded", "Not recorded", "Invalid", "Completeness"], rows: rows, rightAligned: [1, 2, 3, 4])
        readingSection(&out)

        var notes: [String] = []
        for field in DataQuality.Field.allCases {
            let counts = quality[field]
            guard counts.invalid > 0 else { continue }
            let listed = counts.invalidValues.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "`\($0.key.isEmpty ? " " : MarkdownWriter.code($0.key))` (\(count($0.value)))" }
            var text = "\(field.label): \(count(counts.invalid)) invalid"
            if !listed.isEmpty { text += ": " + listed.joined(separator: ", ") }
            if counts.otherInvalid > 0 {
                let shapes = counts.unshownShapes.map { "\($0.shape.label) \(count($0.rows))" }.joined(separator: ", ")
                let others = shapes.isEmpty ? "values not shown" : "not shown, by shape: " + shapes
                text += listed.isEmpty ? " (\(others))" : "; \(count(counts.otherInvalid)) others (\(others))"
            }
            notes.append(text)
        }
        if quality.withdrawnEthnicCode > 0 {
            notes.append("Ethnic category coded `9` (withdrawn code, counted as Not known): \(count(quality.withdrawnEthnicCode))")
        }
        if quality.lsoaNotInLookup > 0 {
            notes.append(
                "LSOA codes not found in the IMD lookup (outside England, or another LSOA vintage): \(count(quality.lsoaNotInLookup))")
        }
        if census.accounting.blankLines > 0 {
            notes.append("Blank lines skipped (not rows of data): \(census.accounting.blankLines.grouped)")
        }
        if !notes.isEmpty {
            out.heading(3, "Invalid and unusual values")
            out.bullets(notes)
        }

        unrecordedSection(&out)

        out.heading(3, "Rows that could not be analysed")
        let reasons = census.accounting.quarantinedByReason.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        if reasons.isEmpty {
            out.paragraph("None: every row was analysed.")
        } else {
            let hiddenReasons = disclosure.hiddenCells(reasons.map(\.value))
            var reasonRows = reasons.enumerated().map { index, reason in
                [reason.key.label, "`\(reason.key.rawValue)`", hiddenReasons.contains(index) ? "*" : count(reason.value)]
            }
            reasonRows.append(["**All quarantined rows**", "", census.accounting.quarantined.grouped])
            out.table(header: ["Reason", "Code", "Rows"], rows: reasonRows, rightAligned: [2])
            out.paragraph(
                "Reasons are rounded to the nearest \(disclosure.rounding) (small ones shown as `*`), so they need not add up to the total, which is exact, as in the accounting line."
            )
            let share = String(format1: census.accounting.quarantinedShare * 100)
            let file = "quarantine-\(census.censusDate?.description ?? "unknown-census").csv"
            let text =
                "\(share)% of rows were quarantined. They are listed, with their row and line numbers, in the quarantine file of the run that read them (`\(file)` in the analyst's private folder, not the board's), which holds patient identifiers and stays with the analyst (owner-only)."
            out.paragraph(text)
        }
    }

    /// What waitgap detected or was told about the extract: delimiter, encoding, the date forms
    /// of each date column, written forms read as codes, the register and the scope.
    private func readingSection(_ out: inout MarkdownWriter) {
        let reading = census.reading
        var lines: [String] = []
        for file in reading.files {
            let delimiter = file.delimiter == "tab" ? "tab" : "`\(file.delimiter)`"
            var text =
                "`\(MarkdownWriter.code(file.name))`: \(delimiter)-delimited (\(file.delimiterDetected ? "detected from the header" : "as given"))"
            text +=
                file.encoding == "UTF-8"
                ? ", UTF-8"
                : ", read as Windows-1252: the file is not valid UTF-8 (as Excel saves CSV on Windows); identifiers keep their exact bytes"
            lines.append(text)
        }
        let dateColumns: [Column] = [.rttPeriodStartDate, .censusDate, .dateOfBirth]
        for column in dateColumns {
            guard let evidence = reading.dates[column.rawValue], !evidence.isEmpty else { continue }
            let summary = column == .dateOfBirth ? evidence.summary(refusedAs: "read as age not known") : evidence.summary
            lines.append("Dates in `\(column.rawValue)`: \(summary)")
        }
        for field in DataQuality.Field.allCases where census.quality[field].byWrittenForm > 0 {
            lines.append(
                "\(field.label): \(count(census.quality[field].byWrittenForm)) values written as labels or other written forms, read as their codes"
            )
        }
        if let file = reading.valuesFile {
            lines.append("\(reading.localForms) local written forms added from `\(MarkdownWriter.code(file))` (--values)")
        }
        if reading.learningDisabilityRegister {
            lines.append("Learning disability read as a register (--ld-register): a blank means not on the register")
        }
        lines.append(
            reading.scope == .rtt
                ? "Scope: RTT pathways, admitted and non-admitted (waiting list types IRTT, ORTT and the older PTLI, PTLO, RTTI, RTTO; a blank type is kept), as NHS England counts them"
                : "Scope: every pathway, RTT or not (--scope all)")
        out.heading(3, "How the extract was read")
        out.bullets(lines)
    }

    private func methods(_ out: inout MarkdownWriter) {
        out.heading(2, "Methods and definitions")
        out.bullets([
            "**Wait**: days from the RTT clock start (`rtt_period_start_date`) to the census date; weeks = days / 7. Every open pathway on the census date counts once.",
            "**Over N weeks** means more than 7×N days, as NHS RTT statistics band waits: a patient at day 364 has waited exactly 52 weeks and is not over 52; at day 365 they are.",
            "**Median and 92nd percentile** are computed exactly from day-resolution waits with Hyndman and Fan's type 7 definition (R's default, Excel's PERCENTILE.INC). NHS England's published RTT medians are estimated from weekly bands, so figures can differ slightly from theirs.",
            "**Deprivation**: \(MarkdownWriter.literal(run.imdSource)). Quintile = ceil(decile / 2), from the extract's IMD decile, else its IMD rank, else its LSOA code.",
            "**Learning disability** is not a national waiting-list data item; it is as the trust joined it to the extract.",
            "**Gaps** are measured against a reference group (\(headlineReferences)): the difference in mean weeks with Welch's 95% confidence interval; in median weeks with Bonett and Price's (2002) interval; and the relative risk (Katz interval) and difference (Newcombe's hybrid score interval) of waiting more than 52 weeks. A gap is called significant, and shown in bold, only when its 95% interval excludes zero.",
            "**Adjusted for case mix**: indirect standardisation over RTT specialty × clinical priority × age band (0–17, 18–39, 40–59, 60–74, 75+) × sex. Each patient is compared with the reference group's mean wait in the same stratum; the adjusted gap is the group's mean minus that expected mean (normal 95% interval that includes the sampling error of the reference group's stratum means). The difference between the raw and adjusted gaps is the part explained by case mix. Strata the reference group does not have are left out of the adjustment. A stratum where the group has one patient counts in the variance with the larger of the reference group's variance there and the group's pooled within-stratum variance (so that small groups' intervals keep their 95% coverage, checked by simulation). What case mix explains (raw minus adjusted gap) has an interval combining the two intervals' widths in quadrature, which ignores their positive correlation and so can only be too wide.",
            "**Unrecorded groups**: the bounds of a gap if the patients whose group is not recorded were known are sharp bounds over every way of placing each of them in the focus or the reference group (Manski's worst-case bounds): they assume nothing about who those patients are.",
            "**Slope index of inequality** (SII): PHE/OHID's method (PHEindicatormethods `phe_sii`): a weighted regression of each quintile's (or decile's) value on the midpoint of its cumulative population share, most deprived first. The SII is the fitted difference from the most to the least deprived end (negative: the most deprived wait longer); the relative index (RII) is the ratio of the two ends' fitted values. The SII's interval is the exact normal limit of PHE's simulation for means; the RII's is a delta-method interval (PHE simulate it; the two agree to within 2% of the width on PHE's published cases); for the share over 52 weeks, standard errors come from Wilson limits, untransformed.",
            "**Testing many gaps at once**: the pre-specified measures on page one are tested together with Holm's method, holding the chance of any false finding among them at 5%; only these are headlined. Every other table is exploratory: within each column of a gaps table, and within each part-of-the-list table, gaps are tested together with Benjamini and Hochberg's method, holding the expected share of false findings among those in bold at 5%. Intervals are 95% each, unadjusted.",
            "**Changes** since last month and since the baseline month (`--baseline`, by default the first stored month) are differences of two independent estimates, with a normal 95% interval from their standard errors.",
            "**Intervals** (95%): means use Student's t; medians use exact binomial order statistics on the day-resolution waits, distribution-free (none exists for 5 patients or fewer); shares use Wilson's score interval. Within specialties and list types the pack shows means and mean gaps: medians and percentiles there would need a day histogram for each of thousands of cells.",
            "**Small numbers** (NHS Digital's rule for Hospital Episode Statistics): counts from 1 to \(disclosure.threshold) are shown as `*`; other counts are rounded to the nearest \(disclosure.rounding), totals from their unrounded values; percentages, their Wilson intervals, relative risks and risk differences are computed from the rounded counts, so that no interval pins an exact count; no mean, median, percentile or share is shown for a group of \(disclosure.threshold) patients or fewer, nor a share, interval, relative risk or risk difference that rests on a suppressed count, whether the count of patients with the outcome or of those without it. `–` means no patients. The accounting line at the top is exact, since it counts rows of the extract, not patients in a group.",
            "**Rows that cannot be analysed** (malformed records, a missing or invalid pathway ID, clock start or census date, a clock start after the census date or implausibly long ago) are quarantined, never dropped, and counted above.",
            "**Further dimensions**: White British (code A) against every other recorded ethnicity, with White Irish and any other White background (B, C) apart; Core20, the most deprived 20% of areas (IMD deciles 1–2, quintile 1), against deciles 3–10; age bands at the census date (0–17, 18–39, 40–59, 60–74, 75 and over: the case-mix bands) against 18–39, not adjusted for case mix since age is one of its strata; and the trust's PLUS group, when one is defined, against patients with another value in its column. The headlines, the summary table, the parts of the list and the month-on-month series follow deprivation, ethnicity and learning disability. A dimension that a month's stored aggregate never kept (waitgap 0.3 and earlier did not keep age bands) is said to be unavailable, never shown as nobody.",
        ])
    }

    /// The headline dimensions' reference groups, as the methods name them.
    private var headlineReferences: String {
        findings.dimensions.filter { $0.dimension.headlineRank != nil }.map { dimension in
            (dimension.dimension.groupNoun.map { $0 + " " } ?? "") + dimension.dimension.referencePhrase(dimension.reference)
        }.joined(separator: ", ")
    }

    // MARK: - Cells

    func count(_ value: Int) -> String { disclosure.published(value).map(\.grouped) ?? "*" }

    func weeks(_ value: Double?) -> String { value.map { String(format1: $0) } ?? "–" }

    func percent(_ proportion: Proportion) -> String {
        guard proportion.value != nil else { return "–" }
        guard let share = disclosure.publishedShare(proportion) else { return "*" }
        return String(format1: share * 100) + "%"
    }
}

extension String {
    /// A number with one decimal place, rounded half away from zero (no Foundation formatting,
    /// so output is identical everywhere).
    public init(format1 value: Double) {
        let scaled = (abs(value) * 10).rounded(.toNearestOrAwayFromZero)
        let whole = Int(scaled) / 10
        let tenth = Int(scaled) % 10
        self = (value < 0 && scaled > 0 ? "-" : "") + "\(whole.grouped).\(tenth)"
    }
}
