import Foundation
import KontorDomain

/// Numbers in a JSON body: the API takes only whole numbers that fit 64 bits (money is integer minor units,
/// never a floating-point number), written as such. Foundation's decoder would take `1.0` and `1e3` for an integer
/// and reports `1.5` or an overflow without the field's path; this names the field (422, `error.whole_number`).
enum JSONWholeNumbers {
    /// A refusal naming the first number of `bytes` that is not a plain whole number an `Int64` holds, if any.
    static func check(_ bytes: [UInt8]) throws {
        if let path = firstRefused(in: bytes) {
            throw ValidationFailure([FieldError(field: path, messageKey: "error.whole_number")])
        }
    }

    /// Its path as the API names fields: `lines[0].unitPrice.amountMinor`; `body` for a number standing alone.
    static func firstRefused(in bytes: [UInt8]) -> String? {
        enum Level { case object(key: String?), array(index: Int) }
        var stack: [Level] = []
        var expectingKey = false
        var index = 0
        func path() -> String {
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
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                stack.append(.object(key: nil))
                expectingKey = true
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
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
                    stack[stack.count - 1] = .object(key: key(bytes[start...min(index, bytes.count - 1)]))
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index + 1 < bytes.count, isNumberByte(bytes[index + 1]) { index += 1 }
                let token = bytes[start...index]
                if token.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
                    || Int64(String(decoding: token, as: UTF8.self)) == nil {
                    return path()
                }
            default:
                break
            }
            index += 1
        }
        return nil
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
