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
        return (
            max(0, (2 * x + Self.z * Self.z - root) / (2 * (n + Self.z * Self.z))),
            min(1, (2 * x + Self.z * Self.z + root) / (2 * (n + Self.z * Self.z)))
        )
    }

    func one(_ value: Double) -> String { String(format: "%.1f", (value * 10).rounded(.toNearestOrAwayFromZero) / 10) }
    func two(_ value: Double) -> String { String(format: "%.2f", (value * 100).rounded(.toNearestOrAwayFromZero) / 100) }
    func round5(_ count: Int) -> Int { (count + 2) / 5 * 5 }

    /// The (group size, over-52 count) pairs of the learning-disability group that one printed
    /// relative risk or share interval allows, for group sizes in `sizes`; nil when the pack
    /// prints none. The reference group (no LD) is 400 with 40 over 52 weeks, give or take 2.
    func solutions(
        _ pack: String, sizes: ClosedRange<Int>, referenceSizes: ClosedRange<Int> = 398...402, referenceOver: ClosedRange<Int> = 38...42
    ) -> [Set<[Int]>] {
        let roundedMethod = pack.contains("computed from the rounded counts")
        var found: [Set<[Int]>] = []
        for line in pack.split(separator: "\n") where line.hasPrefix("| Learning disability |") {
            for printed in ratios(line) {
                var candidates = Set<[Int]>()
                for n in sizes {
                    for x in 0...min(n, 12) {
                        for nr in referenceSizes {
                            for xr in referenceOver {
                                var (a, b, c, d) = (x, n, xr, nr)
                                if roundedMethod { (a, b, c, d) = (round5(x), round5(n), round5(xr), round5(nr)) }
                                guard a > 0, c > 0 else { continue }
                                let rr = (Double(a) / Double(b)) / (Double(c) / Double(d))
                                let se = (1 / Double(a) - 1 / Double(b) + 1 / Double(c) - 1 / Double(d)).squareRoot()
                                let lower = exp(log(rr) - Self.z * se)
                                let upper = exp(log(rr) + Self.z * se)
                                if two(rr) == printed.value && two(lower) == printed.lower && two(upper) == printed.upper {
                                    candidates.insert([n, x])
                                }
                            }
                        }
                    }
                }
                found.append(candidates)
            }
            for printed in shares(line) {
                var candidates = Set<[Int]>()
                for n in sizes {
                    for x in 0...min(n, 12) {
                        let (a, b) = roundedMethod ? (round5(x), round5(n)) : (x, n)
                        let (lower, upper) = wilson(a, b)
                        if one(lower * 100) == printed.lower && one(upper * 100) == printed.upper { candidates.insert([n, x]) }
                    }
                }
                found.append(candidates)
            }
        }
        return found
    }

    /// The suppressed (1–7) over-52 counts of a learning-disability group of about 40 that the
    /// pack's numbers single out.
    func attack(_ pack: String) -> Set<Int> {
        var found = Set<Int>()
        for candidates in solutions(pack, sizes: 38...42) {
            let counts = Set(candidates.map { $0[1] })
            if counts.count == 1, let x = counts.first, (1...7).contains(x) { found.insert(x) }
        }
        return found
    }

    /// The exact over-52 count a pack pins for the group, if any of its numbers does.
    func pinned(_ pack: String, sizes: ClosedRange<Int>, referenceSizes: ClosedRange<Int>) -> Int? {
        for candidates in solutions(pack, sizes: sizes, referenceSizes: referenceSizes) {
            let counts = Set(candidates.map { $0[1] })
            if counts.count == 1 { return counts.first }
        }
        return nil
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

    /// Site A: 40 LD patients, 3 over 52 weeks; site B: 6, 2 over. B's pack suppresses both; the
    /// merged pack less A's must not give them back.
    @Test func aMergedPackLessOneSitesCannotGiveTheOtherSitesSuppressedCells() throws {
        let directory = scratchDirectory()
        let siteA = try extract(over: 3, census: "2026-10-31", in: directory)
        var text = "pathway_id,rtt_period_start_date,census_date,learning_disability\n"
        for index in 0..<6 { text += "B\(index),\(index < 2 ? "2025-09-01" : "2026-08-01"),2026-10-31,Y\n" }
        for index in 0..<30 { text += "BN\(index),2026-06-01,2026-10-31,N\n" }
        let siteB = directory + "/site-b.csv"
        try text.write(toFile: siteB, atomically: true, encoding: .utf8)
        for (site, path) in [("a", siteA), ("b", siteB)] {
            let run = try runWaitgap([
                "analyse", path, "--out", directory + "/R-\(site)", "--no-history", "--aggregate-out", directory + "/\(site).json",
            ])
            #expect(run.exitCode == 0, "\(run.standardError)")
        }
        let merged = try runWaitgap(["merge", directory + "/a.json", directory + "/b.json", "--out", directory + "/R-merged"])
        #expect(merged.exitCode == 0, "\(merged.standardError)")
        let packA = try String(contentsOfFile: directory + "/R-a/board-pack-2026-10-31.md", encoding: .utf8)
        let packMerged = try String(contentsOfFile: directory + "/R-merged/board-pack-2026-10-31.md", encoding: .utf8)
        // Site B's over-52 count is the merged pack's less site A's, if both are pinned.
        let a = pinned(packA, sizes: 38...42, referenceSizes: 398...402)
        let both = pinned(packMerged, sizes: 43...49, referenceSizes: 428...432)
        #expect(a == nil || both == nil, "site A \(a.map(String.init) ?? "-"), merged \(both.map(String.init) ?? "-")")
    }
}
