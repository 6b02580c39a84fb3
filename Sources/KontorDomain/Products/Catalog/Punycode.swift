/// RFC 3492 decoding, for one thing only: telling whether an `xn--` label is a real A-label (it decodes, and to
/// something that is not plain ASCII). A registry refuses `xn--atelier-martin`; ordering it took the name and its
/// invoice (security probe round 4). Written here because it is the RFC's 40-line algorithm and Foundation on Linux
/// has no IDNA; libidn2 would be a C dependency for a yes or no.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    /// The Unicode scalars `encoded` (the part after `xn--`) stands for, or nil when it is not valid Punycode.
    static func decode(_ encoded: Substring) -> [Unicode.Scalar]? {
        let scalars = Array(encoded.unicodeScalars)
        var output: [Unicode.Scalar] = []
        var start = 0
        if let delimiter = scalars.lastIndex(of: "-") {
            guard scalars[..<delimiter].allSatisfy(\.isASCII) else { return nil }
            output = Array(scalars[..<delimiter])
            start = delimiter + 1
        }
        var n = initialN, i = 0, bias = initialBias, index = start
        while index < scalars.count {
            let oldI = i
            var w = 1, k = base
            while true {
                guard index < scalars.count, let digit = digit(scalars[index]) else { return nil }
                index += 1
                let (product, overflow) = digit.multipliedReportingOverflow(by: w)
                guard !overflow, i <= Int(Int32.max) - product else { return nil }
                i += product
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                guard w <= Int(Int32.max) / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldI, count: output.count + 1, first: oldI == 0)
            guard i / (output.count + 1) <= Int(Int32.max) - n else { return nil }
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n >= initialN, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }

    private static func digit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x61...0x7A: Int(scalar.value - 0x61)          // a–z: 0–25
        case 0x41...0x5A: Int(scalar.value - 0x41)          // A–Z: 0–25
        case 0x30...0x39: Int(scalar.value - 0x30) + 26     // 0–9: 26–35
        default: nil
        }
    }

    private static func adapt(_ delta: Int, count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}

extension DomainName {
    /// RFC 5891 §4.2.3.1: hyphens in the third and fourth places are kept for A-labels (`xn--`), and an A-label must
    /// decode to a name that is not plain ASCII, made of what a name is made of: lower-case letters, other letters,
    /// marks, digits and hyphens (near IDNA2008's PVALID; `xn--atelier-martin` decodes to C1 controls).
    static func hasValidHyphens(_ label: Substring) -> Bool {
        let scalars = Array(label.unicodeScalars)
        guard scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" else { return true }
        guard label.hasPrefix("xn--"), let decoded = Punycode.decode(label.dropFirst(4)), decoded.contains(where: { !$0.isASCII }) else { return false }
        return decoded.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber: true
            default: scalar == "-"
            }
        }
    }
}
