import Foundation
import WaitgapCSV
import WaitgapCore

/// A run's aggregate as a file (`analyse --aggregate-out`), so that files, sites and trusts
/// combine with `waitgap merge` without moving patient-level data.
///
/// JSON, versioned. It holds no identifier and no row, but it keeps exact small counts (merging
/// must stay exact), so it is written owner-only and is **not for publication**: only packs are
/// suppressed. Schema in `docs/aggregate-file.md`.
public struct AggregateFile: Codable, Sendable, Equatable {
    /// Always "waitgap-aggregate".
    public var format = "waitgap-aggregate"
    /// The format version; a file of a newer version is refused.
    public var version = AggregateFile.currentVersion
    /// The waitgap that wrote it.
    public var waitgapVersion: String
    /// The IMD source used: aggregates of different sources do not merge.
    public var imdSource: String
    /// Waits longer than this were quarantined: aggregates of different limits do not merge.
    public var maxWaitWeeks: Int
    /// The aggregate itself.
    public var census: Census
    /// Each source extract's size and fingerprint (`ExtractFingerprint`), so that `merge` can
    /// refuse the same extract counted twice. Absent in files of waitgap 0.2.0 and earlier.
    public var sources: [String]?

    /// The version this waitgap writes; it reads this and every earlier one. Version 2 writes a
    /// histogram as one string (`from`, `patients`) where version 1 wrote `[day, patients]` pairs;
    /// version 3 stores the census by code (census layout 2, `Census+Layout.swift`).
    public static let currentVersion = 3

    /// Creates a file's content.
    public init(census: Census, waitgapVersion: String, imdSource: String, maxWaitWeeks: Int, sources: [String]? = nil) {
        // Invalid values too rare to be a coding problem never leave the process.
        self.census = census.publishable()
        self.sources = sources
        self.waitgapVersion = waitgapVersion
        self.imdSource = imdSource
        self.maxWaitWeeks = maxWaitWeeks
    }

    /// Why aggregates cannot be read or merged.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// The file concerned.
        public var path: String
        /// What is wrong.
        public var message: String
        /// True for I/O failures (exit 74) rather than data problems (exit 65).
        public var isInputOutput = false
        public var description: String { "\(path): \(message)" }
    }

    /// Writes the file atomically, owner-only.
    public func write(to path: String) throws(OutputError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw OutputError(path: path, reason: "\(error)") }
        let file = try OutputFile(path: path, mode: 0o600)
        try file.write(Array(data) + [0x0A])
        try file.commit()
    }

    /// Reads a file.
    /// - Throws: `Problem` for an unreadable file, another format, or a newer version.
    public static func read(from path: String) throws(Problem) -> AggregateFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Problem(path: path, message: "cannot read: \(error.localizedDescription)", isInputOutput: true)
        }
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == "waitgap-aggregate" else {
            throw Problem(path: path, message: "not a waitgap aggregate (write one with 'waitgap analyse --aggregate-out')")
        }
        if let version = header.version, version > currentVersion {
            throw Problem(
                path: path, message: "aggregate version \(version) is newer than this waitgap reads (\(currentVersion)); upgrade waitgap")
        }
        let file: AggregateFile
        do {
            file = try JSONDecoder().decode(AggregateFile.self, from: data)
        } catch let error as CensusLayoutError {
            throw Problem(path: path, message: error.message)
        } catch {
            throw Problem(path: path, message: "damaged aggregate: \(error)")
        }
        if let problem = file.census.inconsistency { throw Problem(path: path, message: "inconsistent aggregate: \(problem)") }
        return file
    }

    /// Merges several files into one census.
    /// - Throws: `Problem` when their census dates, IMD sources or wait limits differ.
    public static func merge(_ files: [(path: String, file: AggregateFile)]) throws(Problem) -> AggregateFile {
        guard var merged = files.first?.file else { throw Problem(path: "-", message: "no aggregates to merge") }
        // The same rows counted twice would double every figure: refuse a source extract (or an
        // identical aggregate, for files without sources) that appears twice.
        var seen: [String: String] = [:]
        for (path, file) in files {
            let keys = file.sources.map { $0.map { "extract " + $0 } } ?? []
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let identity = ["aggregate " + ((try? encoder.encode(file.census)).map { String(decoding: $0, as: UTF8.self) } ?? path)]
            for key in keys + identity {
                if let earlier = seen[key] {
                    throw Problem(
                        path: path,
                        message:
                            "holds the same \(key.hasPrefix("extract") ? "source extract" : "rows") as \(earlier); merging would count them twice"
                    )
                }
                seen[key] = path
            }
        }
        for (path, file) in files.dropFirst() {
            if let date = merged.census.censusDate, let other = file.census.censusDate, date != other {
                throw Problem(path: path, message: "census date \(other) differs from \(files[0].path)'s \(date)")
            }
            if file.imdSource != merged.imdSource {
                throw Problem(path: path, message: "IMD source differs from \(files[0].path)'s (\(file.imdSource) vs \(merged.imdSource))")
            }
            if file.maxWaitWeeks != merged.maxWaitWeeks {
                throw Problem(
                    path: path, message: "--max-wait-weeks \(file.maxWaitWeeks) differs from \(files[0].path)'s \(merged.maxWaitWeeks)")
            }
            merged.census.merge(file.census)
            merged.sources = merged.sources.map { $0 + (file.sources ?? []) }
        }
        return merged
    }
}
