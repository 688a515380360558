/// How overrides change one tier's order, wherever the order is held (the scored list, or a list
/// file read back): one algorithm, so the nightly carry-over and a clinician's change agree.
///
/// The order given is the tier by score. Moves come first, in the order given, each from the
/// pathway's place at that moment; then every pinned pathway is taken out and put back at its
/// rank, lowest rank first, so that each pin holds whatever the others do (two pins at one rank:
/// the later one takes it). A rank beyond the tier goes to its end.
public enum TierReorder {
    /// One override of a pathway known by `key`.
    public struct Request<Key: Equatable>: Equatable {
        /// The override's index in the caller's list of overrides.
        public var index: Int
        public var key: Key
        public var action: ListOverride.Action

        /// Creates a request.
        public init(index: Int, key: Key, action: ListOverride.Action) {
            self.index = index
            self.key = key
            self.action = action
        }
    }

    /// What a request did: the pathway's rank before (in the order by score, after earlier
    /// moves), the rank asked for, and the rank it ended at.
    public struct Result: Equatable, Sendable {
        public var index: Int
        public var from: Int
        public var wanted: Int
        public var to: Int
    }

    /// Reorders `items` (one tier, by score).
    /// - Returns: one result per request whose pathway is among `items`, in request order.
    public static func apply<Item, Key: Equatable>(
        _ requests: [Request<Key>], to items: inout [Item], key: (Item) -> Key
    ) -> [Result] {
        var results: [Int: Result] = [:]
        for request in requests {
            guard case .move = request.action, let at = items.firstIndex(where: { key($0) == request.key }) else { continue }
            let wanted = request.action.target(from: at + 1)
            let to = min(max(wanted, 1), items.count)
            items.move(from: at, to: to - 1)
            results[request.index] = Result(index: request.index, from: at + 1, wanted: wanted, to: to)
        }
        // The last pin of a pathway counts; then lowest rank first, later requests last.
        var pins: [Request<Key>] = []
        for request in requests {
            guard case .pin = request.action else { continue }
            pins.removeAll { $0.key == request.key }
            pins.append(request)
        }
        pins.sort { a, b in
            let (x, y) = (a.action.target(from: 0), b.action.target(from: 0))
            return x != y ? x < y : a.index < b.index
        }
        var taken: [(request: Request<Key>, item: Item, from: Int)] = []
        for request in pins {
            guard let at = items.firstIndex(where: { key($0) == request.key }) else { continue }
            taken.append((request, items[at], 0))
        }
        for index in taken.indices {
            taken[index].from = items.firstIndex { key($0) == taken[index].request.key }! + 1
        }
        let keys = taken.map(\.request.key)
        items.removeAll { item in keys.contains(key(item)) }
        for (request, item, _) in taken {
            let wanted = request.action.target(from: 0)
            items.insert(item, at: min(max(wanted, 1), items.count + 1) - 1)
        }
        for (request, _, from) in taken {
            let to = items.firstIndex { key($0) == request.key }! + 1
            results[request.index] = Result(index: request.index, from: from, wanted: request.action.target(from: 0), to: to)
        }
        return results.values.sorted { $0.index < $1.index }
    }
}

extension Array {
    /// Moves the element at `from` to `to`, shifting those between.
    mutating func move(from: Int, to: Int) {
        guard from != to else { return }
        let element = remove(at: from)
        insert(element, at: to)
    }
}
