import CHunspell
import Foundation
import Synchronization

/// A language's real dictionary (Hunspell, with Debian's `hunspell-es`, `-fr`, `-de-ch`, `-it`, `-en-us`), asked one
/// thing: is this a correctly spelled word? A query word the guides do not contain but the language does ("alquilar",
/// "factura" in a corpus that says "arrendar", "recibo") is what the customer meant, not a typo: correcting it into
/// the nearest indexed word ("alquiler", "fractura") matched unrelated guides and put them first (issue 11 §6).
///
/// Hunspell rather than a word list of our own: it knows every inflected form through its affix rules, which a list
/// would have to spell out, in five languages. Dictionaries are read once per language, on first use; a language
/// whose files are missing simply has no dictionary, and search then corrects as it did without one.
public final class SpellingDictionary: Sendable {
    /// Hunspell's checker keeps state while it works, so calls are serialized (the pointer only ever crosses threads
    /// inside the mutex).
    private struct Handle: @unchecked Sendable { let pointer: OpaquePointer }
    private let handle: Mutex<Handle>

    private init(handle: OpaquePointer) { self.handle = Mutex(Handle(pointer: handle)) }

    deinit { handle.withLock { Hunspell_destroy($0.pointer) } }

    /// Whether `word` (as typed, lower-case) is a word of the language; German nouns are checked capitalized too.
    public func knows(_ word: String) -> Bool {
        guard !word.isEmpty, word.utf8.count <= 100 else { return false }
        return handle.withLock { handle in
            if Hunspell_spell(handle.pointer, word) != 0 { return true }
            let capitalized = word.prefix(1).uppercased() + word.dropFirst()
            return capitalized != word && Hunspell_spell(handle.pointer, capitalized) != 0
        }
    }

    /// The dictionary Debian installs for each language (Swiss German; French and Italian of France and Italy,
    /// which the Swiss variants extend only by a few words).
    static func fileName(for language: SearchLanguage) -> String {
        switch language {
        case .es: "es_ES"
        case .fr: "fr_FR"
        case .en: "en_US"
        case .de: "de_CH"
        case .it: "it_IT"
        }
    }

    /// Where Debian's `hunspell-*` packages put them.
    static let folder = "/usr/share/hunspell"

    private static let loaded = Mutex<[SearchLanguage: SpellingDictionary?]>([:])

    /// The dictionary of `language`, read on first use; nil when its files are not installed.
    public static func of(_ language: SearchLanguage) -> SpellingDictionary? {
        loaded.withLock { loaded in
            if let known = loaded[language] { return known }
            let name = fileName(for: language)
            var dictionary: SpellingDictionary?
            let aff = folder + "/" + name + ".aff", dic = folder + "/" + name + ".dic"
            if FileManager.default.isReadableFile(atPath: aff), FileManager.default.isReadableFile(atPath: dic),
               let handle = Hunspell_create(aff, dic) {
                dictionary = SpellingDictionary(handle: handle)
            }
            loaded[language] = dictionary
            return dictionary
        }
    }
}
