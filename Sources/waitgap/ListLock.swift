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
    init(list path: String) throws {
        let lockPath = path + ".lock"
        // lstat first, so a device or FIFO planted at the name is never opened.
        var status = stat()
        if lstat(lockPath, &status) == 0 { try Self.refuseUnlessOwnFile(status, path: lockPath) }
        descriptor = open(lockPath, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? Self.notOwnFile("a symbolic link") : String(cString: strerror(errno))
            throw Failure.inputOutput("\(lockPath): cannot lock the list: \(reason)")
        }
        // What was opened, in case the name changed hands since the lstat.
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure.inputOutput("\(lockPath): cannot lock the list: \(reason)")
        }
        do { try Self.refuseUnlessOwnFile(status, path: lockPath) } catch {
            close(descriptor)
            throw error
        }
        guard flock(descriptor, LOCK_EX) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure.inputOutput("\(path).lock: cannot lock the list: \(reason)")
        }
    }

    /// Refuses a lock file that is not a regular file owned by this user.
    /// - Throws: `Failure` (I/O) naming `path` and what is there.
    private static func refuseUnlessOwnFile(_ status: stat, path: String) throws {
        let kind: String
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            if status.st_uid == geteuid() { return }
            kind = "a file owned by another user"
        case S_IFLNK: kind = "a symbolic link"
        case S_IFDIR: kind = "a folder"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFIFO: kind = "a FIFO"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a file waitgap knows"
        }
        throw Failure.inputOutput("\(path): cannot lock the list: \(notOwnFile(kind))")
    }

    private static func notOwnFile(_ kind: String) -> String {
        "not a regular file of yours (it is \(kind)); remove it, or check who made it"
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
