#if canImport(Glibc)
    import Glibc
#endif

/// A file written atomically and safely in a shared folder: bytes go to a new temporary file
/// beside the target, with an unpredictable name, created exclusively and never through a symbolic
/// link, with the requested mode from the first byte; `commit()` flushes it to disk and renames it
/// into place. A crash or an error never leaves a half-written file under the target's name, and
/// a target that is not a regular file (a symbolic link, a device, a FIFO, a folder) is refused
/// rather than written through or replaced.
///
/// The temporary is `.waitgap-<16 hex digits>.tmp`, created with
/// `O_CREAT | O_EXCL | O_NOFOLLOW`: another user who can write to the folder cannot guess the name
/// to plant a link at it, and a name that exists (a link included) is never opened, but a fresh
/// one is drawn. The file is locked (`flock`) while this object holds it, which is how
/// `removeLeftovers(in:olderThan:)` tells a running writer's temporary from a killed run's.
public final class OutputFile {
    /// The final path.
    public let path: String
    /// The temporary file the bytes go to until `commit()`; it exists while this object lives.
    package let temporaryPath: String
    private let descriptor: Int32
    private var finished = false

    /// How many unpredictable names are tried before giving up (each clash is a 1 in 2^64 chance,
    /// or a name planted by someone who could read this process's random numbers).
    static let attempts = 8

    /// Opens a temporary file for `path`.
    /// - Parameters:
    ///   - path: where the file ends up.
    ///   - mode: its permissions; `0o600` (owner-only) for files that hold identifiers.
    /// - Throws: `OutputError` if `path` exists and is not a regular file, or if the temporary
    ///   file cannot be created in its folder (not writable, missing).
    public convenience init(path: String, mode: mode_t = 0o644) throws(OutputError) {
        try self.init(path: path, mode: mode, temporaryName: nil)
    }

    /// Opens a temporary file for `path` under `temporaryName` when given (tests: a name that
    /// exists is refused, not retried), or under a fresh unpredictable name.
    /// - Throws: `OutputError` as `init(path:mode:)`.
    init(path: String, mode: mode_t, temporaryName: String?) throws(OutputError) {
        try Self.refuseIfNotRegular(path)
        let directory = Self.directory(of: path)
        var attempt = 0
        var created: (path: String, descriptor: Int32)?
        while created == nil {
            let candidate = directory + "/" + (temporaryName ?? Self.temporaryName())
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if descriptor >= 0 {
                created = (candidate, descriptor)
                break
            }
            let error = errno
            if error == EINTR { continue }
            attempt += 1
            guard error == EEXIST, temporaryName == nil, attempt < Self.attempts else {
                throw OutputError(path: path, reason: Self.describe(error))
            }
        }
        guard let created else { throw OutputError(path: path, reason: Self.describe(EEXIST)) }
        // The umask may have narrowed the mode; an explicit fchmod makes it exact before any byte is written.
        if fchmod(created.descriptor, mode) != 0 {
            let reason = Self.describe(errno)
            close(created.descriptor)
            unlink(created.path)
            throw OutputError(path: path, reason: reason)
        }
        // Held until the file is committed or dropped; best effort (a file system without locks
        // leaves only the age test of removeLeftovers).
        _ = flock(created.descriptor, LOCK_EX | LOCK_NB)
        self.path = path
        temporaryPath = created.path
        descriptor = created.descriptor
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends bytes.
    /// - Throws: `OutputError` if the system cannot write them (a full disk, an I/O error).
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        var failure: OutputError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = OutputError(path: path, reason: Self.describe(errno))
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// Appends text as UTF-8.
    /// - Throws: `OutputError` if the system cannot write it.
    public func write(_ text: String) throws(OutputError) { try write(Array(text.utf8)) }

    /// Flushes to disk and renames the file into place at `path`.
    /// - Throws: `OutputError` if the flush or the rename fails, or if something that is not a
    ///   regular file has appeared at `path` since the file was opened; the temporary is removed.
    public func commit() throws(OutputError) { try commit(as: path) }

    /// Flushes to disk and renames the file into place at `finalPath` (a file whose name is
    /// known only once it is written, such as the quarantine file of a census read from its rows).
    /// - Throws: `OutputError` as `commit()`, naming `finalPath`.
    package func commit(as finalPath: String) throws(OutputError) {
        guard !finished else { return }
        finished = true
        if fsync(descriptor) != 0 {
            let reason = Self.describe(errno)
            close(descriptor)
            unlink(temporaryPath)
            throw OutputError(path: finalPath, reason: reason)
        }
        // Checked again just before the rename, which replaces a link rather than follows it.
        do { try Self.refuseIfNotRegular(finalPath) } catch {
            close(descriptor)
            unlink(temporaryPath)
            throw error
        }
        // Renamed while still open and locked, so removeLeftovers never sees it unlocked under its temporary name.
        if rename(temporaryPath, finalPath) != 0 {
            let reason = Self.describe(errno)
            close(descriptor)
            unlink(temporaryPath)
            throw OutputError(path: finalPath, reason: reason)
        }
        if close(descriptor) != 0 {
            throw OutputError(path: finalPath, reason: Self.describe(errno))
        }
    }

    /// Writes a whole file atomically.
    /// - Throws: `OutputError` as `init(path:mode:)`, `write(_:)` and `commit()`.
    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(OutputError) {
        let file = try OutputFile(path: path, mode: mode)
        try file.write(text)
        try file.commit()
    }

    /// Creates a directory and its parents if they do not exist, then removes what killed runs
    /// left in it (`removeLeftovers(in:olderThan:)`): `analyse` and `score` call this for their
    /// output folders, so each run clears the temporaries of earlier ones.
    /// - Throws: `OutputError` if a directory cannot be created.
    /// - Parameter mode: the last folder's permissions when it is created (0o700 for the private
    ///   folder); parents are created 0o755.
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(OutputError) {
        var built = path.hasPrefix("/") ? "/" : ""
        let parts = path.split(separator: "/")
        for (index, part) in parts.enumerated() {
            built += part + "/"
            if mkdir(built, index == parts.count - 1 ? mode : 0o755) != 0 && errno != EEXIST {
                throw OutputError(path: path, reason: describe(errno))
            }
        }
        removeLeftovers(in: path)
    }

    /// Deletes the temporary files that killed runs of waitgap left in `directory` (they may hold
    /// quarantined rows): `.waitgap-<16 hex>.tmp`, and the names of earlier versions
    /// (`.quarantine-part-<n>-<pid>.csv`, and `.<name>.<pid>.tmp` for the quarantine file, the
    /// reordered list, the board pack and the score summary). Only regular files owned by this
    /// user, not modified in the last `seconds`, and not locked by a live writer are deleted, so
    /// another run writing to the same folder keeps its files. Best effort: what cannot be read
    /// or deleted is left.
    /// - Parameters:
    ///   - directory: the folder to clear.
    ///   - seconds: how long since its last change a temporary must be left alone.
    /// - Returns: the paths deleted.
    @discardableResult
    public static func removeLeftovers(in directory: String, olderThan seconds: Int = 60) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
            }
            if isLeftoverName(name) { names.append(name) }
        }
        closedir(stream)
        let owner = geteuid()
        let cutoff = time(nil) - time_t(seconds)
        var removed: [String] = []
        for name in names {
            let path = directory + "/" + name
            // lstat first so a device or FIFO is never opened; fstat after to check what was opened.
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == owner,
                status.st_mtim.tv_sec <= cutoff
            else { continue }
            // A live writer holds an exclusive lock; a killed one's lock went with it.
            if flock(descriptor, LOCK_SH | LOCK_NB) != 0, errno == EWOULDBLOCK { continue }
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }

    /// Whether `name` is a temporary file of this or an earlier waitgap.
    static func isLeftoverName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func isDigits(_ part: ArraySlice<UInt8>) -> Bool { !part.isEmpty && part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        func isHex(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) }
        // This version's: .waitgap-<16 hex>.tmp
        if name.hasPrefix(".waitgap-"), name.hasSuffix(".tmp"), bytes.count == 9 + 16 + 4 {
            return bytes[9..<25].allSatisfy(isHex)
        }
        // Earlier versions' quarantine parts: .quarantine-part-<n>-<pid>.csv
        if name.hasPrefix(".quarantine-part-"), name.hasSuffix(".csv") {
            let middle = bytes[17..<(bytes.count - 4)].split(separator: 0x2D, omittingEmptySubsequences: false)
            return middle.count == 2 && isDigits(middle[0]) && isDigits(middle[1])
        }
        // Earlier versions' temporaries: .<name>.<pid>.tmp, for the files that hold identifiers or figures.
        let prefixes = [".quarantine-", "..quarantine-part-", ".reordered-", ".board-pack-", ".score-summary-"]
        if prefixes.contains(where: name.hasPrefix), name.hasSuffix(".tmp"), let dot = bytes.dropLast(4).lastIndex(of: 0x2E) {
            return isDigits(bytes[(dot + 1)..<(bytes.count - 4)])
        }
        return false
    }

    /// A fresh unpredictable temporary name: `.waitgap-<16 hex digits>.tmp`.
    static func temporaryName() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = String(generator.next() as UInt64, radix: 16)
        return ".waitgap-" + String(repeating: "0", count: 16 - digits.count) + digits + ".tmp"
    }

    /// The folder of `path` (`.` for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Refuses a `path` that exists and is not a regular file: a symbolic link would be written
    /// through by a program that followed it, and a device, FIFO or folder would be replaced.
    /// - Throws: `OutputError` naming `path` and what is there.
    static func refuseIfNotRegular(_ path: String) throws(OutputError) {
        var status = stat()
        // Absent, or not reachable: the open or the rename says why.
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG else { return }
        throw OutputError(
            path: path,
            reason: "not a regular file (it is \(kind(of: status.st_mode))); waitgap writes only regular files: give another path")
    }

    /// What a file of mode `mode` (from `lstat`) is, for messages: "a symbolic link", "a folder"…
    public static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "a regular file"
        case S_IFLNK: "a symbolic link"
        case S_IFDIR: "a folder"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        default: "not a file waitgap knows"
        }
    }

    static func describe(_ error: Int32) -> String { String(cString: strerror(error)) }
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

    /// The error as one line: the path, then why it cannot be written.
    public var description: String { "\(path): cannot write: \(reason)" }
}
