/// Removes diacritics from lowercased text so "contraseña", "contrasena" and "CONTRASEÑA" meet.
///
/// Folding happens after stemming because the Snowball stemmers know their language's accents
/// ("contraseñas" → "contraseñ" → "contrasen"); folding first would confuse them.
enum AccentFolding {
    /// Folds a lowercased word; ASCII words are returned untouched without allocating.
    static func fold(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word }
        var folded = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            if scalar.value < 0x80 {
                folded.append(scalar)
            } else if isCombiningMark(scalar) {
                continue  // decomposed input: the base letter was already appended
            } else if let replacement = foldingTable[scalar] {
                folded.append(contentsOf: replacement.unicodeScalars)
            } else {
                folded.append(scalar)
            }
        }
        return String(folded)
    }

    /// Combining diacritical marks, as found in NFD text (e.g. pasted from macOS file names).
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        (0x300...0x36F).contains(scalar.value)
    }

    /// Composes a lowercase Latin letter with a following combining mark ("n" + U+0303 → "ñ"),
    /// so stemmers see the same word whether the text arrived in NFC or NFD.
    static func compose(_ base: Unicode.Scalar, _ mark: Unicode.Scalar) -> Unicode.Scalar? {
        compositionTable[UInt64(base.value) << 32 | UInt64(mark.value)]
    }

    /// Lowercase accented Latin letters (Latin-1 and Latin Extended-A) to their plain spelling.
    private static let foldingTable: [Unicode.Scalar: String] = {
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
            ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
            ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"),
            ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"),
            ("þ", "th"), ("ð", "d"), ("ª", "a"), ("º", "o"),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (accented, plain) in groups {
            for scalar in accented.unicodeScalars { table[scalar] = plain }
        }
        // Every letter `compose` can produce folds back to its base ("ẽ" → "e").
        for (key, composed) in compositionTable where table[composed] == nil {
            if let base = Unicode.Scalar(UInt32(key >> 32)) { table[composed] = String(base) }
        }
        return table
    }()

    /// Pairs of (base letter, composed letter) for each combining mark the five languages use.
    private static let compositionTable: [UInt64: Unicode.Scalar] = {
        let marks: [(UInt32, String)] = [
            (0x300, "aàeèiìnǹoòuùwẁyỳ"), (0x301, "aácćeégǵiíkḱlĺmḿnńoópṕrŕsśuúwẃyýzź"),
            (0x302, "aâcĉeêgĝhĥiîjĵoôsŝuûwŵyŷzẑ"), (0x303, "aãeẽiĩnñoõuũvṽyỹ"),
            (0x308, "aäeëhḧiïoötẗuüwẅxẍyÿ"), (0x30A, "aåuůwẘyẙ"),
            (0x327, "cçdḑeȩgģhḩkķlļnņrŗsştţ"), (0x30C, "aǎcčdďeěgǧhȟiǐjǰkǩlľnňoǒrřsštťuǔzž"),
        ]
        var table: [UInt64: Unicode.Scalar] = [:]
        for (mark, pairs) in marks {
            let scalars = Array(pairs.unicodeScalars)
            for pair in stride(from: 0, to: scalars.count - 1, by: 2) {
                table[UInt64(scalars[pair].value) << 32 | UInt64(mark)] = scalars[pair + 1]
            }
        }
        return table
    }()
}
