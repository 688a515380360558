/// Minimal SVG charts, written by waitgap itself (no plotting runtime): bars with 95% interval
/// whiskers, 100% stacked bars, and a slope chart. Colours are Okabe and Ito's colour-blind-safe
/// palette; every chart has a title and labelled axes with units.
import WaitgapCore

enum SVGChart {
    /// Okabe–Ito: blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]

    static let width = 760.0
    static let height = 420.0
    static let left = 70.0
    static let right = 20.0
    static let top = 50.0
    static let bottom = 90.0

    /// One value with an optional interval.
    struct Value {
        var value: Double
        var lower: Double?
        var upper: Double?
    }

    /// Grouped bars: one group per category, one bar per series, with whiskers.
    static func bars(title: String, yLabel: String, categories: [String], series: [(name: String, values: [Value?])]) -> String {
        let maximum = series.flatMap { $0.values.compactMap { $0.map { max($0.value, $0.upper ?? $0.value) } } }.max() ?? 1
        let scale = niceCeiling(maximum)
        var svg = header(title: title)
        svg += yAxis(label: yLabel, maximum: scale)
        let plotWidth = width - left - right
        let groupWidth = plotWidth / Double(max(categories.count, 1))
        let barWidth = groupWidth * 0.7 / Double(max(series.count, 1))
        for (index, category) in categories.enumerated() {
            let groupLeft = left + Double(index) * groupWidth + groupWidth * 0.15
            for (seriesIndex, serie) in series.enumerated() {
                guard let value = serie.values[index] else { continue }
                let x = groupLeft + Double(seriesIndex) * barWidth
                let y = yPosition(value.value, scale)
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barWidth * 0.9))\" height=\"\(f(yPosition(0, scale) - y))\" fill=\"\(palette[seriesIndex % palette.count])\"/>\n"
                if let lower = value.lower, let upper = value.upper {
                    let middle = x + barWidth * 0.45
                    let low = yPosition(max(lower, 0), scale)
                    let high = yPosition(upper, scale)
                    svg +=
                        "<path d=\"M\(f(middle)) \(f(low))V\(f(high))M\(f(middle - 5)) \(f(low))h10M\(f(middle - 5)) \(f(high))h10\" stroke=\"#000\" stroke-width=\"1.5\" fill=\"none\"/>\n"
                }
            }
            svg += categoryLabel(category, x: left + (Double(index) + 0.5) * groupWidth)
        }
        if series.count > 1 { svg += legend(series.map(\.name)) }
        return svg + "</svg>\n"
    }

    /// 100% stacked bars: each category's shares (summing to 1) across bands.
    /// `labels`, when given, are written beside each segment (its share as published, or `*`).
    static func stacked(
        title: String, yLabel: String, categories: [String], bands: [String], shares: [[Double]], labels: [[String]]? = nil
    ) -> String {
        var svg = header(title: title)
        svg += yAxis(label: yLabel, maximum: 100)
        let plotWidth = width - left - right
        let groupWidth = plotWidth / Double(max(categories.count, 1))
        for (index, category) in categories.enumerated() {
            var cumulative = 0.0
            let x = left + Double(index) * groupWidth + groupWidth * 0.2
            for (band, share) in shares[index].enumerated() {
                let y = yPosition((cumulative + share) * 100, 100)
                let height = yPosition(cumulative * 100, 100) - y
                if share > 0 {
                    svg +=
                        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(groupWidth * 0.6))\" height=\"\(f(height))\" fill=\"\(palette[band % palette.count])\"/>\n"
                }
                if let label = labels?[index][band] {
                    // Beside the bar, level with the segment's middle (a thin band's label too).
                    svg +=
                        "<text x=\"\(f(x + groupWidth * 0.62))\" y=\"\(f(y + height / 2 + 4))\" font-size=\"11\" fill=\"\(palette[band % palette.count])\">\(escape(label))</text>\n"
                }
                cumulative += share
            }
            svg += categoryLabel(category, x: left + (Double(index) + 0.5) * groupWidth)
        }
        return svg + legend(bands) + "</svg>\n"
    }

    /// Points at each group's cumulative population midpoint and a fitted line (the SII).
    static func slope(
        title: String, yLabel: String, xLabel: String, points: [(x: Double, y: Double, label: String)], intercept: Double, slope: Double
    ) -> String {
        let ys = points.map(\.y) + [intercept, intercept + slope]
        let scale = niceCeiling(ys.max() ?? 1)
        var svg = header(title: title)
        svg += yAxis(label: yLabel, maximum: scale)
        let plotWidth = width - left - right
        func xPosition(_ x: Double) -> Double { left + x * plotWidth }
        svg +=
            "<line x1=\"\(f(xPosition(0)))\" y1=\"\(f(yPosition(intercept, scale)))\" x2=\"\(f(xPosition(1)))\" y2=\"\(f(yPosition(intercept + slope, scale)))\" stroke=\"\(palette[5])\" stroke-width=\"2.5\"/>\n"
        for point in points {
            svg += "<circle cx=\"\(f(xPosition(point.x)))\" cy=\"\(f(yPosition(point.y, scale)))\" r=\"6\" fill=\"\(palette[0])\"/>\n"
            svg += categoryLabel(point.label, x: xPosition(point.x))
        }
        svg +=
            "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 36))\" text-anchor=\"middle\" font-size=\"13\">\(escape(xLabel))</text>\n"
        return svg + legend(["Mean wait of each group", "Fitted slope (SII)"], colours: [palette[0], palette[5]]) + "</svg>\n"
    }

    /// An XmR chart: the series, its mean (solid) and process limits (dashed), the target (green,
    /// dotted), notes (`--annotate`) as numbered marks, and points coloured by variation: blue
    /// improving, orange concerning, grey common cause (Making Data Count's convention, in
    /// colour-blind-safe hues). Ticks fall on round values.
    static func spc(
        title: String, yLabel: String, labels: [String], points: [SPCChart.Point], target: Double? = nil,
        notes: [(index: Int, number: Int)] = [], trialLimits: Bool = false
    ) -> String {
        let values = points.flatMap { [$0.value, $0.upperLimit, $0.lowerLimit] } + (target.map { [$0] } ?? [])
        let ticks = SPCChart.niceTicks(min: min(values.min() ?? 0, 0), max: max(values.max() ?? 1, 0.1))
        let (bottomValue, top) = (ticks.first!, ticks.last!)
        var svg = header(title: title + (trialLimits ? " (trial limits)" : ""))
        let span = top - bottomValue
        let plotWidth = width - left - right
        let plotHeight = height - self.top - bottom
        func x(_ index: Int) -> Double { left + plotWidth * (Double(index) + 0.5) / Double(max(points.count, 1)) }
        func y(_ value: Double) -> Double { self.top + plotHeight * (1 - (value - bottomValue) / span) }
        for value in ticks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(value)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(value)))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\" font-size=\"12\">\(tick(value))</text>\n"
        }
        let middle = self.top + plotHeight / 2
        svg +=
            "<text transform=\"translate(18 \(f(middle))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(escape(yLabel))</text>\n"
        func path(_ value: (SPCChart.Point) -> Double) -> String {
            points.indices.map { "\($0 == 0 ? "M" : "L")\(f(x($0))) \(f(y(value(points[$0]))))" }.joined()
        }
        if let target {
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(target)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(target)))\" stroke=\"#009E73\" stroke-width=\"2\" stroke-dasharray=\"2 3\"/>\n"
        }
        svg += "<path d=\"\(path(\.upperLimit))\" stroke=\"#555\" stroke-dasharray=\"6 4\" fill=\"none\"/>\n"
        svg += "<path d=\"\(path(\.lowerLimit))\" stroke=\"#555\" stroke-dasharray=\"6 4\" fill=\"none\"/>\n"
        svg += "<path d=\"\(path(\.mean))\" stroke=\"#000\" fill=\"none\"/>\n"
        svg += "<path d=\"\(path(\.value))\" stroke=\"#999\" stroke-width=\"1.5\" fill=\"none\"/>\n"
        for (index, point) in points.enumerated() {
            let colour: String
            switch point.type {
            case .specialCauseImprovement: colour = palette[0]
            case .specialCauseConcern: colour = palette[1]
            default: colour = "#999999"
            }
            svg += "<circle cx=\"\(f(x(index)))\" cy=\"\(f(y(point.value)))\" r=\"5\" fill=\"\(colour)\"/>\n"
        }
        for note in notes where note.index < points.count {
            svg +=
                "<line x1=\"\(f(x(note.index)))\" y1=\"\(f(self.top))\" x2=\"\(f(x(note.index)))\" y2=\"\(f(height - bottom))\" stroke=\"#7C2855\" stroke-dasharray=\"3 3\"/>\n"
            svg +=
                "<text x=\"\(f(x(note.index) + 4))\" y=\"\(f(self.top + 12))\" font-size=\"12\" fill=\"#7C2855\">\(note.number)</text>\n"
        }
        let every = max(1, points.count / 6)
        for index in stride(from: 0, to: labels.count, by: every) {
            svg +=
                "<text x=\"\(f(x(index)))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\" font-size=\"12\">\(escape(labels[index]))</text>\n"
        }
        var names = ["Improvement", "Concern", "Common cause", "Mean (solid), limits (dashed)"]
        var colours = [palette[0], palette[1], "#999999", "#000000"]
        if target != nil {
            names.append("Target")
            colours.append("#009E73")
        }
        return svg + legend(names, colours: colours) + "</svg>\n"
    }

    /// The chart with a source line under its title: whose list, of when, and from what.
    static func withSource(_ svg: String, _ source: String) -> String {
        guard let title = svg.range(of: "font-weight=\"bold\">"),
            let end = svg.range(of: "</text>\n", range: title.upperBound..<svg.endIndex)
        else { return svg }
        let line = "<text x=\"\(f(width / 2))\" y=\"42\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">\(escape(source))</text>\n"
        var result = svg
        result.insert(contentsOf: line, at: end.upperBound)
        return result
    }

    // MARK: - Parts

    private static func header(title: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Arial, Helvetica, sans-serif" role="img" aria-label="\(escape(title))">
        <title>\(escape(title))</title>
        <rect width="100%" height="100%" fill="#fff"/>
        <text x="\(f(width / 2))" y="26" text-anchor="middle" font-size="17" font-weight="bold">\(escape(title))</text>

        """
    }

    private static func yAxis(label: String, maximum: Double) -> String {
        var svg = ""
        let steps = 5
        for step in 0...steps {
            let value = maximum * Double(step) / Double(steps)
            let y = yPosition(value, maximum)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\" font-size=\"12\">\(tick(value))</text>\n"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(yPosition(0, maximum)))\" stroke=\"#000\"/>\n"
        let middle = top + (height - top - bottom) / 2
        svg +=
            "<text transform=\"translate(18 \(f(middle))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(escape(label))</text>\n"
        return svg
    }

    private static func categoryLabel(_ label: String, x: Double) -> String {
        // Up to two lines of about 16 characters, so long group names fit under their bars.
        var lines: [String] = [""]
        for word in label.split(separator: " ") {
            if lines[lines.count - 1].count + word.count > 16 && !lines[lines.count - 1].isEmpty && lines.count < 3 {
                lines.append("")
            }
            lines[lines.count - 1] += (lines[lines.count - 1].isEmpty ? "" : " ") + word
        }
        var svg = ""
        for (index, line) in lines.enumerated() {
            let y = height - bottom + 18 + Double(index) * 14
            svg += "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"middle\" font-size=\"12\">\(escape(line))</text>\n"
        }
        return svg
    }

    private static func legend(_ names: [String], colours: [String]? = nil) -> String {
        var svg = ""
        var x = left
        let y = height - 10.0
        for (index, name) in names.enumerated() {
            let colour = colours?[index] ?? palette[index % palette.count]
            svg += "<rect x=\"\(f(x))\" y=\"\(f(y - 10))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>\n"
            svg += "<text x=\"\(f(x + 16))\" y=\"\(f(y))\" font-size=\"12\">\(escape(name))</text>\n"
            x += 28 + Double(name.count) * 6.5
        }
        return svg
    }

    private static func yPosition(_ value: Double, _ maximum: Double) -> Double {
        let plotHeight = height - top - bottom
        return top + plotHeight * (1 - min(max(value / maximum, 0), 1))
    }

    /// The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    private static func tick(_ value: Double) -> String {
        if abs(value - value.rounded()) < 1e-9 { return String(Int(value.rounded())) }
        if abs(value * 10 - (value * 10).rounded()) < 1e-9 { return String(format1: value) }
        return String(fixed: value, decimals: 2)
    }

    /// A coordinate with one decimal place and no thousands separator.
    static func f(_ value: Double) -> String {
        let scaled = Int((abs(value) * 10).rounded())
        return (value < 0 && scaled > 0 ? "-" : "") + "\(scaled / 10).\(scaled % 10)"
    }

    static func escape(_ text: String) -> String { MarkdownWriter.escape(text) }
}
