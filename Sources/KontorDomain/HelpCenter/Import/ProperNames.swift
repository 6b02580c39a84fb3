/// Names in a guide's text (products, options, acronyms), and the house names too common to be worth a tag.
enum ProperNames {
    /// Capitalised words that appear mid-sentence in at least half the guides: the publisher and its console
    /// ("Infomaniak", "Manager"), which every guide mentions and so tell guides apart from nothing.
    static func houseNames(in guides: [[String]]) -> Set<String> {
        var guideCounts: [String: Int] = [:]
        for lines in guides {
            let names = Set(lines.flatMap { midSentenceWords(of: $0).filter(isCapitalised) })
            for name in names { guideCounts[name, default: 0] += 1 }
        }
        return Set(guideCounts.filter { $0.value * 2 >= guides.count }.keys)
    }

    /// The names in `text`, lowercased for tags: acronyms and camel-case words alone ("mysql", "ksuite"),
    /// runs of capitalised words together ("renewal warranty"). House names are left out, and so is a run
    /// right before one ("Mail Infomaniak"): that is one of the house's own services, as common as the house.
    static func names(in text: String, excluding house: Set<String>) -> [String] {
        var found: [String] = []
        var run: [String] = []
        func closeRun() {
            if !run.isEmpty { found.append(run.joined(separator: " ").lowercased()) }
            run = []
        }
        for word in midSentenceWords(of: text) {
            if word.isEmpty {
                closeRun()
            } else if house.contains(word) {
                run = []
            } else if !isCapitalised(word) && !isAcronymLike(word) {
                closeRun()
            } else if isAcronymLike(word) {
                closeRun()
                found.append(word.lowercased())
            } else {
                run.append(word)
            }
        }
        closeRun()
        var seen = Set<String>()
        return found.filter { seen.insert($0).inserted }
    }

    /// The words of `text` with punctuation trimmed, in order; a sentence's first word (capitalised anyway) is
    /// replaced by "", as is punctuation that separates names, so that "" always ends a run of names.
    static func midSentenceWords(of text: String) -> [String] {
        let openers: Set<Character> = ["(", "\"", "“", "«"], closers: Set<Character> = [")", "\"", "”", "»", ","]
        var words: [String] = []
        var sentenceStart = true
        for raw in text.split(separator: " ") {
            let inner = raw.drop { openers.contains($0) }
            let word = String(inner.drop { !$0.isLetter && !$0.isNumber }.reversed()
                .drop { !$0.isLetter && !$0.isNumber }.reversed())
            if inner.count < raw.count { words.append("") }
            guard !word.isEmpty else { continue }
            // "¿Necesita ayuda?" starts a question, and so a sentence, even in the middle of a line.
            let startsSentence = sentenceStart || inner.first == "¿" || inner.first == "¡"
            words.append(startsSentence ? "" : word)
            let end = raw.reversed().first { !closers.contains($0) }
            sentenceStart = end.map { ".!?:".contains($0) } ?? false
            if let last = raw.last, closers.contains(last) { words.append("") }
        }
        return words
    }

    /// "Organización", "Renewal": an uppercase letter followed by lowercase ones.
    static func isCapitalised(_ word: String) -> Bool {
        guard let first = word.first, first.isUppercase, word.count > 1 else { return false }
        return word.dropFirst().allSatisfy { $0.isLowercase || $0 == "-" }
    }

    /// "MySQL", "kSuite", "2FA", "VIP": an uppercase letter after the first character, or letters with digits.
    static func isAcronymLike(_ word: String) -> Bool {
        guard word.count > 1, word.contains(where: \.isLetter) else { return false }
        return word.dropFirst().contains(where: \.isUppercase) || word.contains(where: \.isNumber)
    }
}
