import WaitgapCore

/// Making Data Count's variation and assurance icons, drawn by waitgap in their style (NHS
/// England, *Making Data Count: getting started*, 2019; the icons' colours and letters): a
/// grey circle for common cause, blue for special cause improvement, orange for concern,
/// purple for a change that is neither; H or L for a high or low special cause. Assurance: P
/// (the target is consistently met), F (consistently missed), ? (either), grey while the limits
/// are trial limits. Each icon has a title, its text alternative.
enum MDCIcons {
    static let blue = "#41B6E6"
    static let orange = "#ED8B00"
    static let grey = "#A6A6A6"
    static let purple = "#7C2855"

    /// The icon file of the latest point's variation, or nil when there is no chart.
    static func variation(_ chart: SPCChart?) -> ChartFile? {
        guard let chart, let last = chart.points.last else { return nil }
        let high = last.value > last.mean
        let (colour, letter, words, name): (String, String, String, String) =
            switch last.type {
            case .commonCause: (grey, "", "Common cause variation", "common-cause")
            case .specialCauseImprovement:
                (blue, high ? "H" : "L", "Special cause: improving (\(high ? "higher" : "lower"))", "improvement-\(high ? "high" : "low")")
            case .specialCauseConcern:
                (orange, high ? "H" : "L", "Special cause: concern (\(high ? "higher" : "lower"))", "concern-\(high ? "high" : "low")")
            case .specialCauseNeutralHigh: (purple, "H", "Special cause: higher", "neutral-high")
            case .specialCauseNeutralLow: (purple, "L", "Special cause: lower", "neutral-low")
            }
        return icon(name: "mdc-variation-\(name).svg", title: words, colour: colour, letter: letter, line: letter.isEmpty)
    }

    /// The icon file of the assurance against the target, or nil when none is given.
    static func assurance(_ chart: SPCChart?) -> ChartFile? {
        guard let chart, let assurance = chart.assurance else { return nil }
        let (colour, letter, words, name): (String, String, String, String) =
            switch assurance {
            case .consistentlyPass: (blue, "P", "Assurance: consistently meets the target", "pass")
            case .consistentlyFail: (orange, "F", "Assurance: consistently misses the target", "fail")
            case .inconsistent: (grey, "?", "Assurance: may or may not meet the target", "inconsistent")
            }
        return icon(name: "mdc-assurance-\(name).svg", title: words, colour: colour, letter: letter, line: false)
    }

    private static func icon(name: String, title: String, colour: String, letter: String, line: Bool) -> ChartFile {
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="28" height="28" viewBox="0 0 40 40" role="img" aria-label="\(MarkdownWriter.escape(title))">
            <title>\(MarkdownWriter.escape(title))</title>
            <circle cx="20" cy="20" r="17" fill="white" stroke="\(colour)" stroke-width="4"/>

            """
        if line {
            svg += "<polyline points=\"8,22 13,18 18,23 23,17 28,22 33,19\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\"/>\n"
        } else {
            svg +=
                "<text x=\"20\" y=\"27\" text-anchor=\"middle\" font-family=\"Arial, Helvetica, sans-serif\" font-size=\"20\" font-weight=\"bold\" fill=\"\(colour)\">\(letter)</text>\n"
        }
        svg += "</svg>\n"
        return ChartFile(name: name, svg: svg, title: title, description: title)
    }
}
