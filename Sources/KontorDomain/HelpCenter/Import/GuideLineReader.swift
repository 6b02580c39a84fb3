import Foundation

/// One logical line of a guide, after the lines that HTML flattening broke apart were put back together.
enum GuideLine: Equatable {
    /// A short line without final punctuation: a section title.
    case heading(String)
    /// A list entry; the text is without its `- ` marker.
    case item(String)
    /// A sentence or paragraph.
    case text(String)
}

/// Turns a guide's physical lines into logical lines.
///
/// Flattening HTML breaks a sentence wherever it held inline markup: a `<code>` value lands on a line of its
/// own ("wxyz_"), the rest of the sentence on the next one, and two list items can end up on one line.
enum GuideLineReader {
    /// Conjunctions that cannot open a step; an item starting with one finishes the previous item.
    static let continuingConjunctions: Set<String> = ["y", "o", "u", "e", "pero", "luego", "además"]

    /// The logical lines of a guide's body.
    static func read(_ lines: [String]) -> [GuideLine] {
        let pieces = lines.flatMap(splitInlineItems)
        return dropBareLabels(mergeConjunctionItems(joinFragments(pieces))).map(classify)
    }

    /// Splits "…MySQL. - Un script PHP…" into two items: a list marker after a full stop was a line break once.
    static func splitInlineItems(_ line: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(line)
        var searchFrom = rest.startIndex
        while let marker = rest[searchFrom...].range(of: " - ") {
            // A dash inside a sentence ("PHP - Apache") is punctuation, not a list marker.
            guard marker.lowerBound > rest.startIndex, ".!?".contains(rest[rest.index(before: marker.lowerBound)]),
                  marker.upperBound < rest.endIndex else {
                searchFrom = marker.upperBound
                continue
            }
            pieces.append(String(rest[..<marker.lowerBound]))
            rest = "- " + rest[marker.upperBound...]
            searchFrom = rest.startIndex
        }
        pieces.append(String(rest))
        return pieces
    }

    /// Puts code values and sentence tails back onto the line they were cut from.
    static func joinFragments(_ pieces: [String]) -> [String] {
        var joined: [String] = []
        var closingQuoteExpected = false
        for piece in pieces {
            guard var last = joined.last, !piece.hasPrefix("- ") else {
                joined.append(piece)
                closingQuoteExpected = false
                continue
            }
            if isCodeValue(piece) {
                // `prefijo "` + `wxyz_` + `" antes`: the quotes only framed the code, backticks replace them.
                closingQuoteExpected = last.hasSuffix("\"") && last.filter { $0 == "\"" }.count % 2 == 1
                if closingQuoteExpected { last.removeLast() }
                last = last.hasSuffix(" ") ? last + "`\(piece)`" : last + " `\(piece)`"
            } else if isSentenceTail(piece, afterCode: closingQuoteExpected) {
                var tail = piece
                if closingQuoteExpected, tail.hasPrefix("\"") { tail.removeFirst() }
                // A tail that starts with its own space or with punctuation attaches as is; a word needs a space.
                let attachesDirectly = tail.first.map { " .,;:)".contains($0) } ?? true
                last += attachesDirectly ? tail : " " + tail
                closingQuoteExpected = false
            } else {
                joined.append(piece)
                closingQuoteExpected = false
                continue
            }
            joined[joined.count - 1] = last
        }
        return joined
    }

    /// A lone lowercase identifier such as `wxyz_` or `mabase`: the content of a lost `<code>` element.
    static func isCodeValue(_ piece: String) -> Bool {
        guard let first = piece.first, first.isLowercase || first.isNumber || first == "_" else { return false }
        return piece.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }

    /// The rest of a sentence: it starts with an all-lowercase word, or with the quote that closes a code value.
    static func isSentenceTail(_ piece: String, afterCode: Bool) -> Bool {
        if afterCode, piece.hasPrefix("\"") { return true }
        guard let firstWord = piece.split(separator: " ").first, let first = firstWord.first else { return false }
        // "kSuite es…" starts a new paragraph although it begins in lowercase: a product name is not a tail.
        return first.isLowercase && !firstWord.contains(where: \.isUppercase)
    }

    /// "- y sobre el icono de al lado para salir" continues the step before it; it is not a step of its own.
    static func mergeConjunctionItems(_ lines: [String]) -> [String] {
        var merged: [String] = []
        for line in lines {
            if line.hasPrefix("- "), let previous = merged.last, previous.hasPrefix("- "),
               let word = line.dropFirst(2).split(separator: " ").first,
               continuingConjunctions.contains(String(word)) {
                merged[merged.count - 1] = previous + " " + line.dropFirst(2)
            } else {
                merged.append(line)
            }
        }
        return merged
    }

    /// Drops items such as a lone "- antes:" with no value: a table label whose value was an image or was lost.
    static func dropBareLabels(_ lines: [String]) -> [String] {
        lines.filter { line in
            guard line.hasPrefix("- "), line.hasSuffix(":") else { return true }
            return line.dropFirst(2).split(separator: " ").count > 2
        }
    }

    /// Tells headings from items and paragraphs.
    static func classify(_ line: String) -> GuideLine {
        if line.hasPrefix("- ") { return .item(String(line.dropFirst(2))) }
        return isHeading(line) ? .heading(line) : .text(line)
    }

    /// A heading is short, starts in uppercase and has no final punctuation, or is a short "¿…?" question.
    static func isHeading(_ line: String) -> Bool {
        guard let first = line.first, let last = line.last, line.count <= 90,
              line.split(separator: " ").count <= 12 else { return false }
        let startsLikeTitle = first.isUppercase || first == "¿"
        let unpunctuated = !".:;,!…".contains(last) && last != "?"
        let question = first == "¿" && last == "?"
        return startsLikeTitle && (unpunctuated || question)
    }
}
