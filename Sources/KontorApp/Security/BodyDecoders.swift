import Vapor

/// Text containing U+0000, refused where it enters: in JSON, form and multipart bodies here, in the URL by
/// `RequestLimits`. PostgreSQL cannot store it (one NUL in a help search stopped every later analytics write) and
/// nobody types it, so it is a 400 `nul_character` rather than a 500 somewhere later, on one database only.
struct NULCharacterRefused: Error {
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

    /// A NUL byte in a multipart field that is not a file (files may hold any bytes).
    static func inMultipartText(_ body: ByteBuffer, boundary: String) throws -> Bool {
        let parser = MultipartParser(boundary: boundary)
        var isFile = false, found = false
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition", value.contains("filename=") { isFile = true }
        }
        parser.onBody = { chunk in
            if !isFile, chunk.readableBytesView.contains(0) { found = true }
        }
        parser.onPartComplete = { isFile = false }
        try parser.execute(body)
        return found
    }
}

/// One of Vapor's decoders (JSON, URL-encoded form) that first refuses a body holding U+0000.
struct NULRefusingDecoder: ContentDecoder {
    let base: any ContentDecoder
    let containsNUL: @Sendable (ByteBuffer) -> Bool

    static func json(_ base: JSONDecoder) -> Self {
        Self(base: base) { NULCharacterRefused.inJSON(Array($0.readableBytesView)) }
    }

    static let urlEncodedForm = Self(base: URLEncodedFormDecoder()) { NULCharacterRefused.inURLEncoded($0.readableBytesView) }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(
        _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> D {
        if containsNUL(body) { throw NULCharacterRefused() }
        return try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
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
        do {
            let decoded = try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
            if let boundary = headers.contentType?.parameters["boundary"], try NULCharacterRefused.inMultipartText(body, boundary: boundary) {
                throw NULCharacterRefused()
            }
            return decoded
        } catch let error as DecodingError {
            throw error
        } catch let error as any AbortError {
            throw error
        } catch let error as NULCharacterRefused {
            throw error
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Malformed multipart body: \(error)"))
        }
    }
}
