import WaitgapCore
import WaitgapIngest
import WaitgapNightly

#if canImport(Glibc)
    import Glibc
#endif

/// Standard error and progress. `stderr` is not usable in Swift 6 mode (it is a global var),
/// so everything goes through `write(2, …)`.
enum Terminal {
    /// Whether standard error is a terminal (progress is shown only then).
    static var isInteractive: Bool { isatty(2) == 1 }

    static func error(_ text: String) {
        let line = Array((text + "\n").utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Rewrites the current stderr line (progress).
    static func status(_ text: String) {
        let line = Array(("\r\u{1B}[K" + text).utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func clearStatus() { status("") }

    /// A note on stderr that does not stop the run: `waitgap: note: …`.
    static func note(_ message: String) { error("waitgap: note: " + message) }

    static func fail(_ message: String, code: Int32) -> Never {
        error("waitgap: " + message)
        exit(code)
    }

    /// Now as ISO 8601 UTC, `2026-11-23T02:00:00Z`.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

extension Terminal {
    /// Runs `body` with a progress line on a terminal (rows read, rate, share of the file),
    /// rewritten at most twice a second and cleared at the end; nothing when `quiet` or not a
    /// terminal.
    static func withProgress<Value>(
        quiet: Bool, _ body: (((IngestProgress) -> Void)?) throws(NightlyError) -> Value
    ) throws(Failure) -> Value {
        guard isInteractive && !quiet else {
            do { return try body(nil) } catch { throw Failure(error) }
        }
        let started = now()
        var lastShown = started
        defer { clearStatus() }
        do {
            return try body { progress in
                let time = now()
                guard time - lastShown >= 0.5 else { return }
                lastShown = time
                let rate = Double(progress.rows) / max(time - started, 1e-9)
                let share = progress.totalBytes.map { $0 > 0 ? " \(Int(100 * Double(progress.bytesRead) / Double($0)))% read," : "" } ?? ""
                status("waitgap:\(share) \(progress.rows.grouped) rows, \(Int(rate).grouped) rows/s")
            }
        } catch {
            throw Failure(error)
        }
    }
}
