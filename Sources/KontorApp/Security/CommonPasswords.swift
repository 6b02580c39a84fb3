import Foundation

/// The common-password list shipped in `Resources/common-passwords.txt` (one per line, lower-case).
enum CommonPasswords {
    /// Loaded on first use (a Swift static is initialised once, thread-safely), not at start: only sign-up and
    /// password changes need it.
    static let shared: Set<String> = load()

    static func load() -> Set<String> {
        guard let data = BundledResources.data("common-passwords.txt") else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
    }
}
