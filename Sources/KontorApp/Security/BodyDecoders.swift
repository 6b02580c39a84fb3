import KontorDomain
import Vapor

/// Text containing U+0000, refused where it enters: in JSON, form and multipart bodies here, in the URL by
/// `NULInURLMiddleware`. PostgreSQL cannot store it (one NUL in a help search stopped every later analytics write) and
/// nobody types it, so it is a 400 `nul_character` rather than a 500 somewhere later, on one database only.
struct NULCharacterRefused: Error {
    /// The field that holds it, named as every other error names fields (`lines[0].description`, a form's or a query's
    /// parameter); nil where it is in no field (the path) or the body cannot be read to say.
    var field: String? = nil

    /// `\u0000` as a JSON escape, not preceded by another backslash (`\\u0000` is a backslash and the text `u0000`).
    static func inJSON(_ bytes: [UInt8]) -> Bool {
        var backslashes = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\\") {
                backslashes += 1
                continue
            }
            if byte == UInt8(ascii: "u"), backslashes % 2 == 1, bytes[(index + 1)...].prefix(4).elementsEqual("0000".utf8) { return true }
            backslashes = 0
        }
        return false
    }

    /// A NUL byte, or `%00`, in URL-encoded text.
    static func inURLEncoded(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.contains(0) || bytes.firstRange(of: "%00".utf8) != nil
    }

    /// The name of the first parameter of URL-encoded text (a query, a form body) whose name or value holds U+0000;
    /// worked out only once `inURLEncoded` found one. The name as the caller wrote it, decoded, without the NUL.
    static func fieldInURLEncoded(_ text: Substring) -> String? {
        for pair in text.split(whereSeparator: { $0 == "&" || $0 == ";" }) where inURLEncoded(pair.utf8) {
            let name = (pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? pair)
                .replacingOccurrences(of: "+", with: " ")
            let decoded = (name.removingPercentEncoding ?? name).replacingOccurrences(of: "\u{0}", with: "")
            return decoded.isEmpty ? nil : decoded
        }
        return nil
    }

    /// The path of the first string of a JSON body that holds U+0000, or of the object whose key does
    /// (`lines[0].description`); worked out only once `inJSON` found one, with Foundation's parser.
    static func fieldInJSON(_ bytes: [UInt8]) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else { return nil }
        func path(_ value: Any, _ at: String) -> String? {
            switch value {
            case let text as String: return text.contains("\u{0}") ? at : nil
            case let object as [String: Any]:
                for key in object.keys.sorted() {
                    let here = at.isEmpty ? key : "\(at).\(key)"
                    if key.contains("\u{0}") { return at.isEmpty ? "body" : at }
                    if let found = path(object[key]!, here) { return found }
                }
                return nil
            case let array as [Any]:
                for (index, element) in array.enumerated() { if let found = path(element, "\(at)[\(index)]") { return found } }
                return nil
            default: return nil
            }
        }
        return path(root, "").map { $0.isEmpty ? "body" : $0 }
    }
}

/// One of Vapor's decoders (JSON, URL-encoded form) that first refuses a body holding U+0000; for JSON, also any
/// number that is not a whole number (`JSONWholeNumbers`).
struct NULRefusingDecoder: ContentDecoder {
    let base: any ContentDecoder
    let containsNUL: @Sendable (ByteBuffer) -> Bool
    /// Which field holds the NUL `containsNUL` found, to name it in the answer.
    var nulField: @Sendable (ByteBuffer) -> String? = { _ in nil }
    /// Checks the body's numbers; the second argument is the paths of the numbers the request type read (nil when
    /// decoding failed: then the first refused number is named, as Foundation's error cannot).
    var checkNumbers: (@Sendable (ByteBuffer, Set<String>?) throws -> Void)? = nil
    /// Checks the body's keys once it decoded (`JSONDuplicateKeys`).
    var checkKeys: (@Sendable (ByteBuffer) throws -> Void)? = nil

    static func json(_ base: JSONDecoder) -> Self {
        Self(base: base, containsNUL: { NULCharacterRefused.inJSON(Array($0.readableBytesView)) },
             nulField: { NULCharacterRefused.fieldInJSON(Array($0.readableBytesView)) },
             checkNumbers: { try JSONWholeNumbers.check(Array($0.readableBytesView), read: $1) },
             checkKeys: { body in
                 if let field = JSONDuplicateKeys.first(in: Array(body.readableBytesView)) {
                     throw ValidationFailure([FieldError(field: field, messageKey: "error.duplicate_field")])
                 }
             })
    }

    static let urlEncodedForm = Self(base: URLEncodedFormDecoder(), containsNUL: { NULCharacterRefused.inURLEncoded($0.readableBytesView) },
                                     nulField: { NULCharacterRefused.fieldInURLEncoded(Substring(decoding: $0.readableBytesView, as: UTF8.self)) })

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> D {
        if containsNUL(body) { throw NULCharacterRefused(field: nulField(body)) }
        let value: D
        do {
            value = try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
        } catch let error as DecodingError {
            // A number that does not fit is reported without its path: name it if that is what failed.
            if case .dataCorrupted = error { try checkNumbers?(body, nil) }
            throw error
        } catch let error as any AbortError where error.status == .badRequest {
            // Vapor's form parser refuses a key it cannot percent-decode (`%FF=1`) or nested over 100 levels with an
            // internal error type: answered like any unreadable body (400 `invalid_body`, field `body`), not `http_400`.
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Malformed form body: \(error.reason)"))
        }
        try checkKeys?(body)
        // Only the numbers the type read: an extra property the API ignores may hold any number. Which numbers those
        // are is worked out (by encoding the value again) only for a body holding a number that is not whole at all.
        if let checkNumbers, (try? checkNumbers(body, nil)) == nil {
            let read = (value as? any Encodable).flatMap(JSONWholeNumbers.numberPaths(of:))
            try checkNumbers(body, read)
        }
        return value
    }
}

/// A byte above 127 where a part's header name stands: MultipartKit 4's parser looks every header-name byte up in a
/// 128-entry table and traps on any other, so one such request (`--boundary\r\nü…`) would stop the whole server
/// (found by the contract fuzzer). Written here because the dependency cannot be patched from this package: the
/// check walks the same places the parser reads header names, and the body is refused (400) before it gets there.
enum MultipartHeaderNames {
    static func holdNonASCII(_ body: ByteBuffer, boundary: String) -> Bool {
        // In place: an upload is megabytes, and this runs on every multipart request.
        body.withUnsafeReadableBytes { holdNonASCII($0, delimiter: Array(("--" + boundary).utf8)) }
    }

    private static func holdNonASCII(_ bytes: UnsafeRawBufferPointer, delimiter: [UInt8]) -> Bool {
        guard bytes.count >= delimiter.count else { return false }
        var index = 0
        while let found = firstIndex(of: delimiter, in: bytes, from: index) {
            // After a delimiter line come the part's header lines, each a name up to ":", until an empty line.
            var position = found + delimiter.count
            guard position + 1 < bytes.endIndex, bytes[position] == UInt8(ascii: "\r"), bytes[position + 1] == UInt8(ascii: "\n") else {
                index = found + 1
                continue
            }
            position += 2
            lines: while position < bytes.endIndex {
                var cursor = position
                while cursor < bytes.endIndex {
                    let byte = bytes[cursor]
                    if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") { break }
                    if byte > 127 { return true }
                    cursor += 1
                }
                if cursor == position { break lines }  // an empty line: the part's body starts
                guard let end = bytes[cursor...].firstIndex(of: UInt8(ascii: "\n")) else { break lines }
                position = end + 1
            }
            index = found + 1
        }
        return false
    }

    private static func firstIndex(of needle: [UInt8], in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let first = needle.first, start < bytes.endIndex else { return nil }
        var index = start
        while let candidate = bytes[index...].firstIndex(of: first) {
            if candidate + needle.count > bytes.endIndex { return nil }
            if bytes[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}

/// A multipart boundary as RFC 2046 §5.1.1 allows it: 1 to 70 characters of digits, letters and `'()+_,-./:=?` or a space,
/// not ending in a space. Anything else is refused before MultipartKit sees it (it traps on an empty one).
enum MultipartBoundary {
    static func isValid(_ boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != UInt8(ascii: " ") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
            default: "'()+_,-./:=? ".utf8.contains(byte)
            }
        }
    }
}

/// Vapor's multipart decoder, refusing text fields with U+0000, and answering a malformed body like any other
/// unreadable body (400 `invalid_body`) instead of a 500: MultipartKit's parser throws a private error type that
/// `KontorErrorMiddleware` cannot recognise.
struct FormDataBodyDecoder: ContentDecoder {
    let base = FormDataDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> D {
        // MultipartKit's parser traps on an empty boundary (`precondition`): one request with `boundary=` stopped the
        // whole server, signed in or not, on every form route (the CSRF check reads the form first). `MultipartForm`
        // checks the boundary, the header names and U+0000 in text fields in one parse, before the decoder sees the body.
        // (Without a boundary Vapor's decoder answers 415 itself.)
        if let boundary = headers.contentType?.parameters["boundary"] { _ = try MultipartForm.parse(body, boundary: boundary) }
        do {
            return try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
        } catch let error as DecodingError {
            throw error
        } catch let error as any AbortError {
            throw error
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Malformed multipart body: \(error)"))
        }
    }
}

/// A body sent as `text/plain`, which no route of Kontor reads: 415. Vapor's own plain-text decoder reads one string
/// only, so JSON sent as `text/plain` was a 400 saying the body had "the wrong type" (security probe round 6), where
/// the media type is what is wrong. (An HTML form posted as `text/plain`, the classic way around a CORS preflight,
/// already fails the CSRF check first.)
struct UnreadMediaType: ContentDecoder {
    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        throw Abort(.unsupportedMediaType)
    }
}
