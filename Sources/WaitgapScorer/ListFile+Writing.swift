import Dispatch
import WaitgapCSV
import WaitgapCore

extension ListFile {
    /// Writes a scored list. Formatting (explanations above all) is most of the cost, so blocks
    /// of rows are formatted on both cores at once and written in order: memory stays at two
    /// blocks, and the file is the same as a one-core write.
    public static func write(_ ranked: RankedList, scorer: Scorer, censusDate: Day, to path: String) throws {
        let census = censusDate.description
        try write(to: path) { chunked in
            try chunked.flush()
            let blockRows = 8_192
            var start = 0
            while start < ranked.entries.count {
                let blocks = (0..<2).map { part in
                    let lower = min(start + part * blockRows, ranked.entries.count)
                    return ListBlock(positions: lower..<min(lower + blockRows, ranked.entries.count))
                }
                DispatchQueue.concurrentPerform(iterations: blocks.count) {
                    blocks[$0].format(ranked, scorer: scorer, census: census)
                }
                for block in blocks where !block.bytes.isEmpty { try chunked.file.write(block.bytes) }
                start += 2 * blockRows
            }
        }
    }
}

/// One block of the list's rows, formatted as CSV by one thread. Unchecked `Sendable`: each
/// block is touched by one thread at a time (its own in `format`, the writer's before and after).
final class ListBlock: @unchecked Sendable {
    let positions: Range<Int>
    private(set) var bytes: [UInt8] = []

    init(positions: Range<Int>) { self.positions = positions }

    func format(_ ranked: RankedList, scorer: Scorer, census: String) {
        guard !positions.isEmpty else { return }
        var writer = CSVWriter(reservingCapacity: positions.count * 224)
        var explanation: [UInt8] = []
        let list = ranked.list
        var number = ranked.segmentIndex(at: positions.lowerBound)
        var segment = ranked.segments[number]
        var group = list.groupLabel(segment.group)
        var order = ListFile.orderMark(reordered: segment.reordered, tier: segment.tier)
        for position in positions {
            if !segment.range.contains(position) {
                while !ranked.segments[number].range.contains(position) { number += 1 }
                segment = ranked.segments[number]
                group = list.groupLabel(segment.group)
                order = ListFile.orderMark(reordered: segment.reordered, tier: segment.tier)
            }
            let entry = ranked.entries[position]
            let pathway = entry.pathway
            writer.field(ListFile.draft)
            writer.field(census)
            writer.field(list.specialties.bytes(list.specialtyNumber(pathway)))
            writer.field(group)
            writer.field(segment.tier.key)
            writer.field(order)
            writer.field(String(position - segment.range.lowerBound + 1))
            writer.field(String(entry.rankByScore))
            writer.field(String(entry.rankByWait))
            list.withPathwayID(pathway) { writer.field($0) }
            writer.field(Scorer.format(Double(list.waitDays(pathway)) / 7))
            writer.field(Scorer.format(entry.score))
            writer.field(ranked.overrideNotes[pathway] ?? "")
            explanation.removeAll(keepingCapacity: true)
            scorer.appendExplanation(ranked.list, pathway, to: &explanation)
            writer.field(explanation)
            writer.endRecord()
        }
        bytes = writer.bytes
    }
}
