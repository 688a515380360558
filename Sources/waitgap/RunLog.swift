import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The run's log: one line per event, `2026-12-01T02:00:03Z info waitgap analyse: …`, with the
/// run's figures as `key=value` metadata, through swift-log. `--log FILE` appends to a file
/// (created owner-only: a path may name an extract); without it the closing line of a run goes
/// to stderr, and a failure's one stderr line stays its message alone.
struct LineLogHandler: LogHandler {
    /// Where lines go: an open file (shared by copies of the handler), or stderr.
    final class Sink: @unchecked Sendable {
        private let handle: FileHandle
        let isStandardError: Bool
        private let lock = NSLock()

        init(handle: FileHandle, isStandardError: Bool) {
            self.handle = handle
            self.isStandardError = isStandardError
        }

        func write(_ line: String) {
            lock.lock()
            defer { lock.unlock() }
            handle.write(Data((line + "\n").utf8))
        }
    }

    let sink: Sink
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        let figures = fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: " ")
        sink.write("\(Terminal.timestamp()) \(event.level) \(event.message)\(figures.isEmpty ? "" : " " + figures)")
    }
}

/// The log of one command's run.
struct RunLog {
    private(set) var logger: Logger
    /// Whether lines go to a file (then failures are logged too, beside their stderr line).
    let toFile: Bool
    private let started = Date()

    /// Opens the log: appends to `path`, or writes to stderr when nil.
    /// - Throws: `Failure` (74) when the file cannot be opened.
    init(path: String?, label: String) throws {
        let sink: LineLogHandler.Sink
        if let path {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else {
                throw Failure.inputOutput("--log \(path): cannot open the log: \(String(cString: strerror(errno)))")
            }
            sink = .init(handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true), isStandardError: false)
        } else {
            sink = .init(handle: .standardError, isStandardError: true)
        }
        toFile = !sink.isStandardError
        logger = Logger(label: label) { _ in LineLogHandler(sink: sink) }
    }

    /// The start of a run (to a file only: on stderr it would come before a failure's one line).
    func started(_ message: String, _ metadata: Logger.Metadata = [:]) {
        if toFile { logger.info("\(message)", metadata: metadata) }
    }

    /// The end of a run, with its figures and how long it took.
    func finished(_ message: String, _ metadata: Logger.Metadata) {
        var metadata = metadata
        metadata["seconds"] = "\(String(format: "%.2f", Date().timeIntervalSince(started)))"
        metadata["exit"] = "0"
        logger.info("\(message)", metadata: metadata)
    }

    /// A run that failed: logged to a file (stderr already has the failure's line).
    func failed(_ message: String, code: Int32) {
        guard toFile else { return }
        logger.error(
            "\(message)",
            metadata: ["exit": "\(code)", "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
    }

    /// A note or warning printed during the run.
    func note(_ message: String) {
        if toFile { logger.warning("\(message)") }
    }
}
