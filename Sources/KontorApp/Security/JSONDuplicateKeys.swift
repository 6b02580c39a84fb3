import Foundation

/// A JSON body that names one field twice (`{"name":"a","name":"b"}`). JSON leaves the meaning to the reader:
/// Foundation keeps the first, other parsers (and a WAF or proxy in front of Kontor) the last, so a check made by one
/// of them may not be about the value Kontor stores. Refused as 422 naming the field (`error.duplicate_field`), as a
/// query parameter given twice is.
///
/// Foundation's decoder does not report duplicates, so this walks the bytes once, tracking the keys of each open
/// object; it runs only on bodies that are valid JSON (after decoding succeeded), so it need not validate.
enum JSONDuplicateKeys {
    /// The path of the first key given twice in one object (`lines[1].description`), or nil.
    static func first(in bytes: [UInt8]) -> String? {
        enum Level { case object(current: String?), array(index: Int) }
        var stack: [Level] = []
        // The keys of each open object, innermost last: kept apart from `stack` and changed in place, so adding a key
        // does not copy the set (a body of 9,000 keys made that quadratic).
        var keys: [Set<String>] = []
        var expectingKey = false
        var index = 0
        func path(ending key: String) -> String {
            var path = ""
            for level in stack.dropLast() {
                switch level {
                case .object(let current?): path += path.isEmpty ? current : "." + current
                case .object(nil): break
                case .array(let position): path += "[\(position)]"
                }
            }
            return path.isEmpty ? key : path + "." + key
        }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                stack.append(.object(current: nil))
                keys.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if case .object? = stack.last { keys.removeLast() }
                if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ","):
                if case .array(let position)? = stack.last { stack[stack.count - 1] = .array(index: position + 1) } else { expectingKey = true }
            case UInt8(ascii: ":"):
                expectingKey = false
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                if expectingKey, case .object? = stack.last {
                    let key = Self.key(bytes[start...min(index, bytes.count - 1)])
                    guard keys[keys.count - 1].insert(key).inserted else { return path(ending: key) }
                    stack[stack.count - 1] = .object(current: key)
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// A key as text, its escapes resolved (`"a\u0062"` is `ab`, the same key as `"ab"`).
    private static func key(_ quoted: ArraySlice<UInt8>) -> String {
        guard quoted.contains(UInt8(ascii: "\\")) else { return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self) }
        return (try? JSONDecoder().decode(String.self, from: Data(quoted))) ?? String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
    }
}
