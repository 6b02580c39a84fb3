import Foundation

/// The common-password list shipped in `Resources/common-passwords.txt` (one per line, lower-case).
enum CommonPasswords {
    static func load() -> Set<String> {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
    }
}
