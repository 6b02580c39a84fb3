import Foundation

/// A received message as Python's `email` package reads it: an independent MIME parser, so the tests do not
/// check the renderer against itself.
struct ParsedMail: Decodable {
    struct Attachment: Decodable {
        var filename: String?
        var contentType: String
        /// Base64 of the decoded bytes.
        var data: String
        var bytes: [UInt8] { Array(Data(base64Encoded: data) ?? Data()) }
    }

    var subject: String
    var contentType: String
    var text: String?
    var html: String?
    var attachments: [Attachment]
    /// What the parser found wrong with the structure (missing boundaries, bad base64 …); empty when well formed.
    var defects: [String]

    private static let script = """
        import base64, email, json, sys
        from email import policy
        with open(sys.argv[1], "rb") as f:
            message = email.message_from_binary_file(f, policy=policy.default)
        out = {"subject": str(message["subject"]), "contentType": message.get_content_type(), "text": None, "html": None,
               "attachments": [], "defects": [repr(d) for part in message.walk() for d in part.defects]}
        for part in message.walk():
            if part.is_multipart():
                continue
            if part.get_content_disposition() == "attachment":
                out["attachments"].append({"filename": part.get_filename(), "contentType": part.get_content_type(),
                                           "data": base64.b64encode(part.get_payload(decode=True)).decode()})
            elif part.get_content_type() == "text/plain":
                out["text"] = part.get_content()
            elif part.get_content_type() == "text/html":
                out["html"] = part.get_content()
        json.dump(out, sys.stdout)
        """

    /// Parses `raw` with python3 on a thread of its own, so the wait blocks no cooperative thread.
    static func parse(_ raw: String) async throws -> ParsedMail {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-mail-\(UUID().uuidString).eml")
        try Data(raw.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output: Data = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                    process.arguments = ["-c", script, file.path]
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: data)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        return try JSONDecoder().decode(ParsedMail.self, from: output)
    }
}
