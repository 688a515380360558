import Foundation

/// A published reference case from `Reference/*.json` (copied from the project's shared
/// reference folder, citations kept): every value was published by someone else.
struct ReferenceCase: @unchecked Sendable {  // immutable after loading
    let id: String
    let input: [String: Any]
    let expected: [String: Any]
    let source: String

    static func load(_ file: String) -> [String: ReferenceCase] {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Reference/\(file).json")
        // PHE's spreadsheets leave cells blank, stored as NaN, which JSON does not allow: read them as null.
        let text = try! String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "NaN", with: "null")
        let object = try! JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var cases: [String: ReferenceCase] = [:]
        for entry in object["cases"] as! [[String: Any]] {
            let source = entry["source"] as? [String: Any]
            let citation = (source?["citation"] as? String) ?? ""
            let id = entry["id"] as! String
            cases[id] = ReferenceCase(
                id: id, input: entry["input"] as! [String: Any], expected: entry["expected"] as! [String: Any],
                source: citation)
        }
        return cases
    }

    func number(_ key: String) -> Double { (expected[key] as! NSNumber).doubleValue }
    func inputNumbers(_ key: String) -> [Double] { (input[key] as! [NSNumber]).map(\.doubleValue) }
    /// Numbers where missing (null) entries are nil.
    func inputOptionalNumbers(_ key: String) -> [Double?] { (input[key] as! [Any]).map { ($0 as? NSNumber)?.doubleValue } }
    func inputInt(_ key: String) -> Int { (input[key] as! NSNumber).intValue }
}
