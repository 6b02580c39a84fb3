import Vapor

/// A `multipart/form-data` body split into its parts once per request, by MultipartKit's parser, with the checks every
/// multipart body gets (the boundary, header names, U+0000 in text fields; `FormDataBodyDecoder` runs them here too).
///
/// Why not `request.content` for a big upload: every decode runs MultipartKit's parser over the whole body, and so
/// does the U+0000 check after it; the CSRF check read the form token that way and the controller decoded the form
/// again, so a bank statement was parsed four times. In the debug build `swift run` makes that parser costs 7–8 s per
/// MB: a 4 MB statement took 31 s through the staff page and 92 MB stalled the server. Here the parser runs once;
/// the form token and the file are read from the same parts.
struct MultipartForm: Sendable {
    let parts: [MultipartPart]

    private struct Key: StorageKey { typealias Value = MultipartForm }

    /// The request's body as a form, parsed on first use and kept for the rest of the request; nil when the body is
    /// not `multipart/form-data`. Throws as `FormDataBodyDecoder` does: a `DecodingError` (400 `invalid_body`) for a
    /// malformed body, `NULCharacterRefused` (400 `nul_character`) for U+0000 in a text field.
    static func of(_ request: Request) throws -> MultipartForm? {
        if let parsed = request.storage[Key.self] { return parsed }
        guard let type = request.headers.contentType, type.type == "multipart", type.subType == "form-data",
              let body = request.body.data else { return nil }
        let form = try parse(body, boundary: type.parameters["boundary"])
        request.storage[Key.self] = form
        return form
    }

    static func parse(_ body: ByteBuffer, boundary: String?) throws -> MultipartForm {
        func malformed(_ why: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: [], debugDescription: "Malformed multipart body: \(why)"))
        }
        // MultipartKit traps on an empty boundary and on a header name that is not ASCII (see `MultipartBoundary`,
        // `MultipartHeaderNames`): refused before its parser sees them.
        guard let boundary, MultipartBoundary.isValid(boundary) else { throw malformed("the boundary is not 1–70 allowed characters") }
        if MultipartHeaderNames.holdNonASCII(body, boundary: boundary) { throw malformed("a header name that is not ASCII") }
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var partBody = ByteBuffer()
        parser.onHeader = { name, value in headers.replaceOrAdd(name: name, value: value) }
        parser.onBody = { chunk in partBody.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: partBody))
            headers = [:]
            partBody = ByteBuffer()
        }
        do { try parser.execute(body) } catch { throw malformed("\(error)") }
        // A body cut off before its closing delimiter is not a form: its complete parts were applied as if it were
        // (security probe round 7). Browsers send no epilogue; one of up to 64 KB is still found.
        guard Self.endsWithClosingDelimiter(body, boundary: boundary) else { throw malformed("the closing delimiter is missing") }
        // Files may hold any bytes; a text field with U+0000 is refused, as everywhere text enters.
        if let part = parts.first(where: { $0.filename == nil && $0.body.readableBytesView.contains(0) }) {
            throw NULCharacterRefused(field: part.name.flatMap { $0.isEmpty ? nil : $0 })
        }
        // A text field is UTF-8, as browsers send forms: other bytes were stored as U+FFFD, where the same bytes
        // URL-encoded are refused (security probe round 7). Named like any field the body gets wrong.
        if let part = parts.first(where: { $0.filename == nil && String(validating: $0.body.readableBytesView, as: UTF8.self) == nil }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [PartName(stringValue: part.name ?? "")],
                                                    debugDescription: "Malformed multipart body: a text field that is not UTF-8"))
        }
        return MultipartForm(parts: parts)
    }

    /// Whether `--boundary--` closes the body, within its last 64 KB.
    private static func endsWithClosingDelimiter(_ body: ByteBuffer, boundary: String) -> Bool {
        let delimiter = Array(("--" + boundary + "--").utf8)
        let view = body.readableBytesView
        let tail = view.suffix(64 * 1024 + delimiter.count)
        guard tail.count >= delimiter.count else { return false }
        var index = tail.endIndex - delimiter.count
        while index >= tail.startIndex {
            if tail[index] == delimiter[0], tail[index..<(index + delimiter.count)].elementsEqual(delimiter) { return true }
            index -= 1
        }
        return false
    }

    /// A part's name as a `DecodingError` names the field.
    private struct PartName: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The first text field called `name`.
    func text(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(buffer: $0.body) }
    }

    /// How many files were sent as `name`: a form whose input takes one file gets one from a browser; more is a crafted
    /// body, and taking the first would leave the others unread without a word.
    func fileCount(_ name: String) -> Int {
        parts.count { $0.name == name && $0.filename != nil }
    }

    /// The first file sent as `name` (a part with a file name).
    func file(_ name: String) -> File? {
        parts.first { $0.name == name && $0.filename != nil }.flatMap(File.init(multipart:))
    }
}
