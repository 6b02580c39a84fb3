import CStemmer

/// A Snowball stemmer for one language, backed by libstemmer.
///
/// libstemmer stemmers keep per-call state and are not thread-safe, so this type is deliberately
/// not Sendable: each search or index build creates its own (creation costs about a microsecond).
final class Stemmer {
    private let handle: OpaquePointer?

    /// Creates the stemmer for `language`; if libstemmer lacks it, words pass through unstemmed.
    init(language: SearchLanguage) {
        handle = sb_stemmer_new(language.snowballAlgorithm, "UTF_8")
    }

    deinit {
        sb_stemmer_delete(handle)
    }

    /// The stem of a lowercased word ("contraseñas" → "contraseñ").
    func stem(_ word: String) -> String {
        // Words with digits ("2fa", "mysql8") are identifiers, not inflected words.
        guard let handle, !word.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return word }
        var bytes = Array(word.utf8)
        let count = Int32(clamping: bytes.count)
        return bytes.withUnsafeMutableBufferPointer { buffer -> String in
            guard let base = buffer.baseAddress,
                  let result = sb_stemmer_stem(handle, base, count) else { return word }
            let length = Int(sb_stemmer_length(handle))
            let stemmed = UnsafeBufferPointer(start: result, count: length)
            return String(decoding: stemmed, as: UTF8.self)
        }
    }
}
