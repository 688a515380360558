import Foundation
import WaitgapCSV
import WaitgapCore

extension IMDLookup {
    /// Loads a lookup from a CSV file with columns `lsoa_code` and `imd_decile` (1 = most
    /// deprived), such as `--imd-lookup FILE`. Other columns are ignored.
    /// - Throws: `IngestError` naming the file, row and column of the first unusable value.
    /// - Complexity: O(rows); about 10 ms for the 33,755 areas of England.
    public static func load(path: String, title: String, vintage: IMDVintage? = nil) throws(IngestError) -> IMDLookup {
        var entries: [(code: String, decile: IMDDecile)] = []
        do {
            let reader = try CSVReader(path: path)
            let header = try reader.readHeader().map { Column.normalise($0) }
            guard let codeIndex = header.firstIndex(of: "lsoa_code"), let decileIndex = header.firstIndex(of: "imd_decile")
            else {
                throw IngestError.file(.malformedHeader(path: path, message: "an IMD lookup needs columns 'lsoa_code' and 'imd_decile'"))
            }
            entries.reserveCapacity(34_000)
            try reader.forEachRecord { record in
                guard let decile = IMDDecile(code: record[decileIndex]) else {
                    throw IngestError.file(
                        .malformedHeader(path: path, message: "\(record.position), column 'imd_decile': expected 1 to 10"))
                }
                entries.append((record[codeIndex].trimmed.text, decile))
            } onMalformed: { malformed in
                throw IngestError.file(.malformedHeader(path: path, message: "\(malformed.position): \(malformed.message)"))
            }
        } catch let error as IngestError {
            throw error
        } catch let error as CSVError {
            throw .file(error)
        } catch {
            throw .file(.cannotRead(path: path, reason: "\(error)"))
        }
        return IMDLookup(entries: entries, title: title, vintage: vintage)
    }
}
