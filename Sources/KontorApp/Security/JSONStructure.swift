import Foundation

/// One pass over a JSON text's structure, byte by byte, for the checks Foundation's decoder cannot make
/// (`JSONWholeNumbers`: numbers as written; `JSONDuplicateKeys`: a key given twice). It keeps where it is — the key
/// of each open object and the index in each open array — so a finding can name its field as the API names fields
/// (`lines[0].unitPrice.amountMinor`). Written by hand: Foundation's parser gives neither the numbers as written nor
/// the duplicates, and no JSON library among our packages does.
struct JSONStructure {
    enum Level { case object(key: String?), array(index: Int) }

    enum Event {
        case objectStart, objectEnd
        /// A key of the innermost object (escapes resolved); `path` then names its value.
        case key(String)
        /// A number as written.
        case number(ArraySlice<UInt8>)
    }

    /// The open objects and arrays, outermost first.
    private(set) var stack: [Level] = []

    /// The path of the value being read: `lines[0].quantity`; `body` for a value standing alone.
    var path: String {
        var path = ""
        for level in stack {
            switch level {
            case .object(let key?): path += path.isEmpty ? key : "." + key
            case .object(nil): break
            case .array(let position): path += "[\(position)]"
            }
        }
        return path.isEmpty ? "body" : path
    }

    /// Calls `visit` with each event of `bytes` (meant for text a JSON parser accepted) until it returns false.
    static func walk(_ bytes: [UInt8], _ visit: (Event, JSONStructure) -> Bool) {
        var walker = JSONStructure()
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                walker.stack.append(.object(key: nil))
                expectingKey = true
                guard visit(.objectStart, walker) else { return }
            case UInt8(ascii: "["):
                walker.stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let closesObject: Bool = if case .object? = walker.stack.last { true } else { false }
                if !walker.stack.isEmpty { walker.stack.removeLast() }
                if closesObject { guard visit(.objectEnd, walker) else { return } }
            case UInt8(ascii: ","):
                if case .array(let position)? = walker.stack.last { walker.stack[walker.stack.count - 1] = .array(index: position + 1) } else { expectingKey = true }
            case UInt8(ascii: ":"):
                expectingKey = false
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                if expectingKey, case .object? = walker.stack.last {
                    let key = Self.key(bytes[start...min(index, bytes.count - 1)])
                    walker.stack[walker.stack.count - 1] = .object(key: key)
                    guard visit(.key(key), walker) else { return }
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index + 1 < bytes.count, isNumberByte(bytes[index + 1]) { index += 1 }
                guard visit(.number(bytes[start...index]), walker) else { return }
            default:
                break
            }
            index += 1
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): true
        default: false
        }
    }

    /// A key as text, its escapes resolved (`"a\u0062"` is `ab`).
    private static func key(_ quoted: ArraySlice<UInt8>) -> String {
        guard quoted.contains(UInt8(ascii: "\\")) else { return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self) }
        return (try? JSONDecoder().decode(String.self, from: Data(quoted))) ?? String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
    }
}
