import Foundation

/// The formats a pack can be written in.
public enum PackFormat: String, CaseIterable, Sendable {
    case markdown, html, pdf, docx
}

/// `--format md,html,pdf,docx`: the pack's formats, any combination (`markdown` or `md`).
public struct PackFormats: Equatable, Sendable {
    public var formats: [PackFormat]

    public init(_ formats: [PackFormat]) { self.formats = formats }

    /// Formats as written in `--format`, comma-separated (`md` for `markdown`); nil for an unknown one.
    public init?(list argument: String) {
        var formats: [PackFormat] = []
        for name in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let format = name == "md" ? .markdown : PackFormat(rawValue: name) else { return nil }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { return nil }
        self.formats = formats
    }

    public var defaultValueDescription: String { formats.map(\.rawValue).joined(separator: ",") }
}
