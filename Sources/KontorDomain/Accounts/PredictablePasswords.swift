/// Passwords a guesser tries right after the common ones: repeated or consecutive characters ("zzzzzzzz",
/// "abababab", "12345678901234", "abcdefgh", "ZYXWVUTS") and walks along a keyboard row in the layouts Kontor's
/// customers type on ("qwertyuiop", "qwertzuiopasdf", "azertyuiop"). NIST SP 800-63B §3.1.1.2 names "repetitive or
/// sequential characters" among the values a verifier refuses; a list of common passwords holds only some of them.
///
/// Measured, not listed: each character is either a surprise or follows from the one before (the same again, the next
/// or previous letter or digit, the next key of its row) or from the one two to four places back (a repeated unit,
/// "abcabc"). A password with at most two surprises is predictable. Anything else — a passphrase, a word with a
/// year — has more, even when part of it is a run ("abcd lantern ridge").
enum PredictablePasswords {
    /// Keyboard rows as one walk each (the end of a row leads to the start of the next, as fingers slide on), and
    /// the digits with 0 after 9, as the top row has them.
    static let walks: [[Character]] = [
        "1234567890", "qwertyuiopasdfghjklzxcvbnm", "qwertzuiopasdfghjklyxcvbnm", "azertyuiopqsdfghjklmwxcvbn",
    ].map(Array.init)

    /// Whether `folded` (lower case) has at most two characters that do not follow from those before them.
    static func isPredictable(_ folded: String) -> Bool {
        let characters = Array(folded)
        guard characters.count >= 4 else { return false }
        var surprises = 0
        for index in characters.indices {
            if index > 0, follows(characters[index], after: characters[index - 1]) { continue }
            if (2...4).contains(where: { index >= $0 && characters[index] == characters[index - $0] }) { continue }
            surprises += 1
            if surprises > 2 { return false }
        }
        return true
    }

    /// The same character, the next or previous one in the alphabet or the digits, or a neighbour on a keyboard walk.
    private static func follows(_ character: Character, after previous: Character) -> Bool {
        if character == previous { return true }
        if let value = character.unicodeScalars.first?.value, let before = previous.unicodeScalars.first?.value,
           character.unicodeScalars.count == 1, previous.unicodeScalars.count == 1,
           (character.isLetter && previous.isLetter) || (character.isNumber && previous.isNumber),
           value == before + 1 || value + 1 == before {
            return true
        }
        return walks.contains { walk in
            guard let at = walk.firstIndex(of: previous) else { return false }
            let next = walk.index(after: at), back = at - 1
            return (next < walk.endIndex && walk[next] == character) || (back >= walk.startIndex && walk[back] == character)
        }
    }
}
