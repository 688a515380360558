#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a reordered list, held while a command reads, changes and rewrites it and
/// records the change: two clinicians overriding at once, or tonight's `score` writing the list
/// while a sign-off reads it, take turns instead of one silently undoing the other. The lock is a
/// sidecar file (`<list>.lock`, owner-only, empty); it is released when the command ends.
final class ListLock {
    private let descriptor: Int32

    /// Waits for, then takes, the lock on the list at `path`.
    /// - Throws: `Failure` (I/O) when the lock file cannot be created or locked.
    init(list path: String) throws {
        descriptor = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure.inputOutput("\(path).lock: cannot lock the list: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure.inputOutput("\(path).lock: cannot lock the list: \(reason)")
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
