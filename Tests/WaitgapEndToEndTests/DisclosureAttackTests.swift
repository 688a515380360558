import Foundation
import Testing
import WaitgapTestSupport

/// An attacker who reads every relative risk and every share interval a pack prints and
/// searches, by brute force over the formulas the pack's methods name, for the exact value of a
/// suppressed count. On waitgap 0.2.0's packs of these extracts it found the learning-disability
/// group's 3 (and the next night's 4) patients over 52 weeks from the relative risk's interval;
/// it must find nothing now.
@Suite struct DisclosureAttackTests {
    /// An extract with a learning-disability group of 40, `over` of them waiting over 52 weeks,
    /// and 400 without, 40 of them over 52 weeks.
    func extract(over: Int, census: String, in directory: String) throws -> String {
        var text = "pathway_id,rtt_period_start_date,census_date,learning_disability\n"
        func start(_ days: Int) -> String {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            let day = formatter.date(from: census)!.addingTimeInterval(-Double(days) * 86_400)
            return formatter.string(from: day)
        }
        for index in 0..<40 { text += "Y\(index),\(start(index < over ? 380 + index : 40 + index * 3)),\(census),Y\n" }
        for index in 0..<400 { text += "N\(index),\(start(index < 40 ? 370 + index % 50 : 20 + index % 300)),\(census),N\n" }
        let path = directory + "/extract-\(census).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    struct Interval: Equatable {
        var value: String
        var lower: String
        var upper: String
    }

    /// Every `1.23 (0.45 to 3.21)` in a line.
    func ratios(_ line: Substring) -> [Interval] {
        let pattern = try! NSRegularExpression(pattern: #"(-?\d+\.\d{2}) \((-?\d+\.\d{2}) to (-?\d+\.\d{2})\)"#)
        let text = String(line)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            func group(_ index: Int) -> String { String(text[Range(match.range(at: index), in: text)!]) }
            return Interval(value: group(1), lower: group(2), upper: group(3))
        }
    }

    /// Every `4.6% (3.3–6.3)` in a line.
    func shares(_ line: Substring) -> [Interval] {
        let pattern = try! NSRegularExpression(pattern: #"(\d+\.\d)% \((\d+\.\d)–(\d+\.\d)\)"#)
        let text = String(line)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            func group(_ index: Int) -> String { String(text[Range(match.range(at: index), in: text)!]) }
            return Interval(value: group(1), lower: group(2), upper: group(3))
        }
    }

    static let z = 1.959963984540054

    func wilson(_ x: Int, _ n: Int) -> (Double, Double) {
        let (x, n) = (Double(x), Double(n))
        let q = 1 - x / n
        let root = Self.z * (Self.z * Self.z + 4 * x * q).squareRoot()
        return (max(0, (2 * x + Self.z * Self.z - root) / (2 * (n + Self.z * Self.z))), min(1, (2 * x + Self.z * Self.z + root) / (2 * (n + Self.z * Self.z))))
    }

    func one(_ value: Double) -> String { String(format: "%.1f", (value * 10).rounded(.toNearestOrAwayFromZero) / 10) }
    func two(_ value: Double) -> String { String(format: "%.2f", (value * 100).rounded(.toNearestOrAwayFromZero) / 100) }
    func round5(_ count: Int) -> Int { (count + 2) / 5 * 5 }

    /// The suppressed (1–7) over-52 counts of the learning-disability group that the pack's
    /// numbers single out.
    func attack(_ pack: String) -> Set<Int> {
        let roundedMethod = pack.contains("computed from the rounded counts")
        let lines = pack.split(separator: "\n")
        var found = Set<Int>()
        // The relative risk of the LD group against the reference (no LD: 40 of 400 over 52).
        for line in lines where line.hasPrefix("| Learning disability |") {
            for printed in ratios(line) {
                var candidates = Set<Int>()
                for n in 38...42 {
                    for x in 1...7 {
                        for nr in 398...402 {
                            for xr in 38...42 {
                                var (a, b, c, d) = (x, n, xr, nr)
                                if roundedMethod { (a, b, c, d) = (round5(x), round5(n), round5(xr), round5(nr)) }
                                guard a > 0, c > 0 else { continue }
                                let rr = (Double(a) / Double(b)) / (Double(c) / Double(d))
                                let se = (1 / Double(a) - 1 / Double(b) + 1 / Double(c) - 1 / Double(d)).squareRoot()
                                let lower = exp(log(rr) - Self.z * se)
                                let upper = exp(log(rr) + Self.z * se)
                                if two(rr) == printed.value && two(lower) == printed.lower && two(upper) == printed.upper {
                                    candidates.insert(x)
                                }
                            }
                        }
                    }
                }
                if candidates.count == 1 { found.formUnion(candidates) }
            }
            // A share interval beside a suppressed count.
            for printed in shares(line) {
                var candidates = Set<Int>()
                for n in 38...42 {
                    for x in 1...7 {
                        let (a, b) = roundedMethod ? (round5(x), round5(n)) : (x, n)
                        let (lower, upper) = wilson(a, b)
                        if one(lower * 100) == printed.lower && one(upper * 100) == printed.upper { candidates.insert(x) }
                    }
                }
                if candidates.count == 1 { found.formUnion(candidates) }
            }
        }
        return found
    }

    @Test func noSuppressedCountCanBeWorkedOutFromOneOrTwoNightsPacks() throws {
        let directory = scratchDirectory()
        for (over, census) in [(3, "2026-10-30"), (4, "2026-10-31")] {
            let path = try extract(over: over, census: census, in: directory)
            let run = try runWaitgap(["analyse", path, "--out", directory + "/Reports", "--no-history"])
            #expect(run.exitCode == 0, "\(run.standardError)")
            let pack = try String(contentsOfFile: directory + "/Reports/board-pack-\(census).md", encoding: .utf8)
            // The group is there, its long waits suppressed.
            #expect(pack.contains("| Learning disability | 40 |"))
            #expect(attack(pack).isEmpty, "night \(census): found \(attack(pack))")
        }
    }
}
