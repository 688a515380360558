import WaitgapCSV

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a reordered list, held while a command reads, changes and rewrites it and
/// records the change: two clinicians overriding at once, or tonight's `score` writing the list
/// while a sign-off reads it, take turns instead of one silently undoing the other. The lock is a
/// sidecar file (`<list>.lock`, owner-only, empty); it is released when the command ends. The
/// lock file is never opened through a symbolic link, and one that is not a regular file owned by
/// this user is refused: in a shared folder it could be another user's file, or a device.
final class ListLock {
    private let descriptor: Int32

    /// Waits for, then takes, the lock on the list at `path`.
    /// - Throws: `Failure` (I/O) when the lock file cannot be created or locked, or when it exists
    ///   and is not a regular file owned by this user.
    convenience init(list path: String) throws {
        try self.init(lockFile: path + ".lock", what: "the list", waitSeconds: nil)
    }

    /// Takes the lock that lets one `analyse` at a time finish a census in an output folder: a
    /// second run of the same census into the same folder waits up to `waitSeconds`, then fails
    /// with exit 75 (try again) rather than mixing its pack, quarantine file and history with the
    /// first's. Runs of other censuses do not wait.
    static func run(census: String, in directory: String, waitSeconds: Int = 30) throws -> ListLock {
        try ListLock(lockFile: "\(directory)/.waitgap-\(census).lock", what: "census \(census) in \(directory)", waitSeconds: waitSeconds)
    }

    /// Takes an exclusive lock on `lockFile`, waiting for ever or up to `waitSeconds`.
    init(lockFile lockPath: String, what: String, waitSeconds: Int?) throws {
        let path = String(lockPath.dropLast(lockPath.hasSuffix(".lock") ? 5 : 0))
        // lstat first, so a device or FIFO planted at the name is never opened.
        var status = stat()
        if lstat(lockPath, &status) == 0 { try Self.refuseUnlessOwnFile(status, path: lockPath, what: what) }
        descriptor = open(lockPath, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? Self.notOwnFile("a symbolic link") : String(cString: strerror(errno))
            throw Failure.inputOutput("\(lockPath): cannot lock \(what): \(reason)")
        }
        // What was opened, in case the name changed hands since the lstat.
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure.inputOutput("\(lockPath): cannot lock \(what): \(reason)")
        }
        do { try Self.refuseUnlessOwnFile(status, path: lockPath, what: what) } catch {
            close(descriptor)
            throw error
        }
        guard let waitSeconds else {
            guard flock(descriptor, LOCK_EX) == 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw Failure.inputOutput("\(path).lock: cannot lock \(what): \(reason)")
            }
            return
        }
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, waited < waitSeconds * 10 else {
                let busy = errno == EWOULDBLOCK
                let reason = String(cString: strerror(errno))
                close(descriptor)
                if busy {
                    throw Failure(
                        message:
                            "\(lockPath): another waitgap is still writing \(what) after \(waitSeconds) s; try again when it has finished",
                        code: Failure.tryAgain)
                }
                throw Failure.inputOutput("\(lockPath): cannot lock \(what): \(reason)")
            }
            usleep(100_000)
            waited += 1
        }
    }

    /// Refuses a lock file that is not a regular file owned by this user.
    /// - Throws: `Failure` (I/O) naming `path` and what is there.
    private static func refuseUnlessOwnFile(_ status: stat, path: String, what: String) throws {
        let regular = status.st_mode & S_IFMT == S_IFREG
        if regular && status.st_uid == geteuid() { return }
        let kind = regular ? "a file owned by another user" : OutputFile.kind(of: status.st_mode)
        throw Failure.inputOutput("\(path): cannot lock \(what): \(notOwnFile(kind))")
    }

    private static func notOwnFile(_ kind: String) -> String {
        "not a regular file of yours (it is \(kind)); remove it, or check who made it"
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
