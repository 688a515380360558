#if canImport(Glibc)
    import Glibc
#endif

/// A file written atomically: bytes go to a hidden temporary file beside the target, created
/// with the requested mode from the start, and `commit()` flushes it to disk and renames it into
/// place. A crash or an error never leaves a half-written file under the target's name.
public final class OutputFile {
    /// The final path.
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var committed = false

    /// Opens a temporary file for `path`.
    /// - Parameters:
    ///   - path: where the file ends up.
    ///   - mode: its permissions; `0o600` (owner-only) for files that hold identifiers.
    /// - Throws: `OutputError` if the directory is not writable.
    public init(path: String, mode: mode_t = 0o644) throws(OutputError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = directory + "/." + name + ".\(getpid()).tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        // The umask may have narrowed the mode; an explicit fchmod makes it exact.
        fchmod(descriptor, mode)
    }

    deinit {
        if !committed {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        var failure: OutputError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = OutputError(path: path, reason: String(cString: strerror(errno)))
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// Appends text as UTF-8.
    public func write(_ text: String) throws(OutputError) { try write(Array(text.utf8)) }

    /// Flushes to disk and renames the file into place.
    public func commit() throws(OutputError) {
        guard !committed else { return }
        if fsync(descriptor) != 0 || close(descriptor) != 0 {
            throw OutputError(path: path, reason: String(cString: strerror(errno)))
        }
        committed = true
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError(path: path, reason: reason)
        }
    }

    /// Writes a whole file atomically.
    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(OutputError) {
        let file = try OutputFile(path: path, mode: mode)
        try file.write(text)
        try file.commit()
    }

    /// Creates a directory and its parents if they do not exist.
    public static func makeDirectory(_ path: String) throws(OutputError) {
        var built = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            built += part + "/"
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw OutputError(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }
}

/// A file that could not be written.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file concerned.
    public var path: String
    /// What the system said.
    public var reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): cannot write: \(reason)" }
}
