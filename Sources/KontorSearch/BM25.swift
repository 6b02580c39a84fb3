#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// BM25F parameters and formulas (Robertson & Zaragoza, "The Probabilistic Relevance Framework").
enum BM25 {
    /// Term-frequency saturation: the third "backup" in an article adds little over the second. 2.0 rather than
    /// the textbook 1.2, so a word repeated in a long body does not catch up with the same word in the title
    /// (measured in docs/benchmarks.md).
    static let k1: Float = 2.0

    /// Rarer terms weigh more; never negative, unlike the original BM25 idf.
    static func inverseDocumentFrequency(documentFrequency df: Int, documentCount n: Int) -> Float {
        logf(1 + (Float(n) - Float(df) + 0.5) / (Float(df) + 0.5))
    }

    /// BM25F pseudo term frequency: field-weighted, length-normalised counts summed over fields.
    static func weightedFrequency(_ frequencies: FieldCounts, lengths: FieldCounts, averageLengths: [Float]) -> Float {
        var total: Float = 0
        for field in SearchField.allCases {
            let tf = Float(frequencies[field])
            guard tf > 0 else { continue }
            let b = field.lengthNormalization
            let average = max(averageLengths[field.rawValue], 1)
            total += field.weight * tf / (1 - b + b * Float(lengths[field]) / average)
        }
        return total
    }

    /// The score one term contributes to one document.
    static func score(weightedFrequency tf: Float, idf: Float) -> Float {
        idf * tf * (k1 + 1) / (tf + k1)
    }

    /// Natural logarithm, for the popularity tie-breaker.
    static func log(_ value: Float) -> Float { logf(value) }
}

/// One small counter per field (term frequencies or field lengths).
struct FieldCounts: Sendable {
    private var counts: (UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0)

    subscript(field: SearchField) -> Int {
        get {
            switch field {
            case .title: Int(counts.0)
            case .headings: Int(counts.1)
            case .summary: Int(counts.2)
            case .body: Int(counts.3)
            }
        }
        set {
            let value = UInt16(clamping: newValue)
            switch field {
            case .title: counts.0 = value
            case .headings: counts.1 = value
            case .summary: counts.2 = value
            case .body: counts.3 = value
            }
        }
    }
}
