import Foundation

/// What a run of the built `waitgap` binary did.
public struct BinaryRun {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String
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
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
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
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
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
