/// Comparison whose running time does not depend on where two codes first differ.
enum OneTimeCodeComparison {
    /// True when `a` and `b` hold the same bytes; looks at every byte of the longer one whatever it finds.
    static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let left = Array(a), right = Array(b)
        var difference: UInt8 = left.count == right.count ? 0 : 1
        for index in 0..<max(left.count, right.count) {
            let x = index < left.count ? left[index] : 0
            let y = index < right.count ? right[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
