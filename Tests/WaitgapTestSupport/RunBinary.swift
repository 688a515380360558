import Foundation

/// What a run of the built `waitgap` binary did.
public struct BinaryRun {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String

    /// stderr without the run's log lines (`2026-12-01T02:00:03Z info …`): its messages and notes.
    public var messages: String {
        standardError.split(separator: "\n", omittingEmptySubsequences: false).filter { !Self.isLogLine($0) }.joined(separator: "\n")
    }

    /// The run's log lines on stderr.
    public var logLines: [Substring] { standardError.split(separator: "\n").filter(Self.isLogLine) }

    static func isLogLine(_ line: Substring) -> Bool {
        let bytes = Array(line.utf8.prefix(21))
        return bytes.count == 21 && bytes[4] == UInt8(ascii: "-") && bytes[10] == UInt8(ascii: "T") && bytes[19] == UInt8(ascii: "Z")
            && bytes[20] == UInt8(ascii: " ")
    }
}

/// The built `waitgap` executable: beside the test bundle in the build products folder.
public var waitgapBinary: URL {
    let products = Bundle.main.bundleURL
    let candidate = products.appendingPathComponent("waitgap")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    return products.deletingLastPathComponent().appendingPathComponent("waitgap")
}

/// Runs the built binary with `arguments` in `directory` and waits for it; `environment` adds to
/// (or replaces) this process's variables.
public func runWaitgap(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> BinaryRun {
    let process = Process()
    process.executableURL = waitgapBinary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(isolatedHistory(arguments, in: directory, environment)) { $1 }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Read before waiting so a full pipe never blocks the child.
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return BinaryRun(
        exitCode: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errData, as: UTF8.self))
}

/// Starts the built `waitgap` with `arguments`, its output discarded, and returns at once: for
/// tests of several runs at the same time (wait with `waitUntilExit`).
public func startWaitgap(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = waitgapBinary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(isolatedHistory(arguments, in: nil, [:])) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// The environment a test's run gets: `environment`, and, unless it names one (or the run is
/// in a folder of its own, or gives `--history`), `WAITGAP_HISTORY` beside the run's `--out` or
/// the folder of its list file (where waitgap 0.3 put the history), so that no test writes `waitgap.sqlite` into the folder `swift test` runs in.
func isolatedHistory(_ arguments: [String], in directory: String?, _ environment: [String: String]) -> [String: String] {
    var environment = environment
    guard environment["WAITGAP_HISTORY"] == nil, directory == nil, !arguments.contains("--history") else { return environment }
    // Beside the board's folder, or beside the folder of the list a list command is given.
    let folder: URL
    if let out = arguments.firstIndex(of: "--out").flatMap({ arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }) {
        folder = URL(fileURLWithPath: out).deletingLastPathComponent()
    } else if let file = arguments.first(where: { $0.hasPrefix("/") }) {
        folder = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
    } else {
        return environment
    }
    environment["WAITGAP_HISTORY"] = folder.path + "/waitgap.sqlite"
    return environment
}

/// Runs a system tool (`/usr/bin/<name>`, e.g. pdfinfo, chromium, soffice) and waits for it:
/// its exit status and standard output, standard error discarded.
public func runTool(_ name: String, _ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: name.hasPrefix("/") ? name : "/usr/bin/" + name)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
