#if canImport(Glibc)
    import Glibc
#endif

/// A fingerprint of extract files for the run history: their total size and an FNV-1a 64-bit
/// hash of each file's size, first MiB and last MiB. It tells re-runs of the same extract from
/// new ones without reading whole files again or storing any content.
public enum ExtractFingerprint {
    /// The total size in bytes and the fingerprint as 16 hex digits.
    public static func of(_ paths: [String]) -> (bytes: Int, fingerprint: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var total = 0
        func mix<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        for path in paths {
            // Standard input, a pipe or a FIFO was read once already and cannot be read again
            // (opening a FIFO again would wait for a writer that has gone): only its name counts.
            guard ExtractIngest.isRegularFile(path) else {
                mix(Array(path.utf8))
                continue
            }
            let size = ExtractIngest.size(of: path) ?? 0
            total += size
            mix(withUnsafeBytes(of: UInt64(size).littleEndian) { Array($0) })
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            for offset in Set([0, max(0, size - (1 << 20))]).sorted() {
                let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
                if count > 0 { mix(buffer[0..<count]) }
            }
        }
        return (total, String(hash, radix: 16).leftPadded(to: 16))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
