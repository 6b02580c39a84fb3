import Foundation

/// A JSON body that names one field twice (`{"name":"a","name":"b"}`). JSON leaves the meaning to the reader:
/// Foundation keeps the first, other parsers (and a WAF or proxy in front of Kontor) the last, so a check made by one
/// of them may not be about the value Kontor stores. Refused as 422 naming the field (`error.duplicate_field`), as a
/// query parameter given twice is.
///
/// Foundation's decoder does not report duplicates, so this walks the bytes once (`JSONStructure`), tracking the keys
/// of each open object; it runs only on bodies that are valid JSON (after decoding succeeded), so it need not validate.
enum JSONDuplicateKeys {
    /// The path of the first key given twice in one object (`lines[1].description`), or nil.
    static func first(in bytes: [UInt8]) -> String? {
        // The keys of each open object, innermost last, changed in place: adding a key does not copy the set (a copy per
        // key made a body of 9,000 keys quadratic).
        var keys: [Set<String>] = []
        var duplicate: String?
        JSONStructure.walk(bytes) { event, place in
            switch event {
            case .objectStart: keys.append([])
            case .objectEnd: if !keys.isEmpty { keys.removeLast() }
            case .key(let key):
                guard !keys.isEmpty, !keys[keys.count - 1].insert(key).inserted else { return true }
                duplicate = place.path
                return false
            case .number: break
            }
            return true
        }
        return duplicate
    }
}
