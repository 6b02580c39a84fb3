import Foundation
import KontorDomain

/// Numbers in a JSON body: the API takes only whole numbers that fit 64 bits (money is integer minor units, never a
/// fraction). Foundation's decoder goes through `Double`, so it would take `1.0000000000000001` as 1, and it reports
/// `1.5` or an overflow without the field's path; this checks the number as written and names the field (422,
/// `error.whole_number`). `1.0` and `1e3` are whole numbers, as JSON Schema's "integer" says.
enum JSONWholeNumbers {
    /// A refusal naming the first number of `bytes` that is not a plain whole number an `Int64` holds, if any;
    /// with `read`, only among the numbers the request type read (a property the API does not define is ignored,
    /// whatever it holds, as the schema allows).
    static func check(_ bytes: [UInt8], read: Set<String>? = nil) throws {
        if let path = firstRefused(in: bytes, among: read) {
            throw ValidationFailure([FieldError(field: path, messageKey: "error.whole_number")])
        }
    }

    /// The paths of the numbers in `value` encoded as JSON: those the request type read.
    static func numberPaths(of value: any Encodable) -> Set<String>? {
        guard let data = try? JSONEncoder().encode(value), let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return nil
        }
        var paths: Set<String> = []
        func walk(_ node: Any, _ path: String) {
            if let dictionary = node as? [String: Any] {
                for (key, child) in dictionary { walk(child, path.isEmpty ? key : path + "." + key) }
            } else if let array = node as? [Any] {
                for (index, child) in array.enumerated() { walk(child, path + "[\(index)]") }
            } else if node is NSNumber {
                paths.insert(path.isEmpty ? "body" : path)
            }
        }
        walk(object, "")
        return paths
    }

    /// Its path as the API names fields: `lines[0].unitPrice.amountMinor`; `body` for a number standing alone.
    static func firstRefused(in bytes: [UInt8], among read: Set<String>? = nil) -> String? {
        var refused: String?
        JSONStructure.walk(bytes) { event, place in
            guard case .number(let token) = event, !isWholeNumber(String(decoding: token, as: UTF8.self)) else { return true }
            let here = place.path
            guard read?.contains(here) ?? true else { return true }
            refused = here
            return false
        }
        return refused
    }

    /// A plain integer an `Int64` holds, or a number written with a point or an exponent whose value is exactly such
    /// an integer (`1.0`, `1e3`: JSON Schema's "integer" includes them). `1.5`, `1.0000000000000001` (which a
    /// `Double` would round to 1) and anything beyond 64 bits are not.
    static func isWholeNumber(_ text: String) -> Bool {
        if Int64(text) != nil { return true }
        // Decided on the digits as written, not through `Decimal`: it keeps 38 digits, so "1.000…0001" with 40 would
        // round to 1 and pass.
        var rest = Substring(text)
        let isNegative = rest.first == "-"
        if isNegative { rest = rest.dropFirst() }
        var exponent = 0
        if let marker = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let written = rest[rest.index(after: marker)...]
            rest = rest[..<marker]
            let unsigned = written.first == "+" || written.first == "-" ? written.dropFirst() : written
            guard !unsigned.isEmpty, unsigned.allSatisfy(isDigit) else { return false }
            // Bounded only so that arithmetic on it cannot overflow: a body holds far fewer digits than this moves.
            let bound = 1 << 40
            exponent = max(-bound, min(bound, Int(written) ?? (written.hasPrefix("-") ? -bound : bound)))
        }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integer = parts.first, !integer.isEmpty, integer.allSatisfy(isDigit) else { return false }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.allSatisfy(isDigit) else { return false }
        var digits = Array(integer + fraction)
        // Where the decimal point falls once the exponent moved it; leading zeros move it with them.
        var point = integer.count + exponent
        while digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.last == "0" { digits.removeLast() }
        guard !digits.isEmpty else { return true }                 // zero, however written
        // Every significant digit before the point, and at most 19 of them with the zeros the exponent adds.
        guard point >= digits.count, point <= 19 else { return false }
        let whole = String(digits) + String(repeating: "0", count: point - digits.count)
        return Int64((isNegative ? "-" : "") + whole) != nil
    }

    private static func isDigit(_ character: Character) -> Bool { character >= "0" && character <= "9" }
}
