/// Domain names as customers order them: lower-case LDH labels (letters, digits, inner hyphens), each 1 to 63
/// characters, 253 at most in all. Internationalized names are ordered in their ASCII (`xn--`) form.
public enum DomainName {
    public static func isValidLabel(_ label: Substring) -> Bool {
        guard (1...63).contains(label.count), label.first != "-", label.last != "-" else { return false }
        return label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && hasValidHyphens(label)
    }

    /// `ch`, `co.uk`: labels of an extension, the last one not all digits.
    public static func isValidExtension(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.count <= 63, !labels.isEmpty, labels.allSatisfy(isValidLabel), let last = labels.last, !last.allSatisfy(\.isNumber) else { return false }
        return true
    }

    /// The name lower-cased and trimmed when it is one label followed by `extension` (`ana-garcia.ch` for `ch`), else nil.
    public static func normalized(_ text: String, extension ext: String) -> String? {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard name.count <= 253, name.hasSuffix("." + ext) else { return nil }
        let label = name.dropLast(ext.count + 1)
        return !label.contains(".") && isValidLabel(label) ? name : nil
    }

    /// A host name for a certificate: two or more labels, optionally `*.` first.
    public static func isValidHost(_ text: String) -> Bool {
        let host = text.hasPrefix("*.") ? String(text.dropFirst(2)) : text
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return host.count <= 253 && labels.count >= 2 && labels.allSatisfy(isValidLabel) && !(labels.last!.allSatisfy(\.isNumber))
    }
}
