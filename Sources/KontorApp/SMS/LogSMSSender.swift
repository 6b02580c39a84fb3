import Foundation
import Logging

/// Development delivery: the message goes to the log and, with a path, is appended to a JSON-lines file, so a
/// newcomer (or a test) can read the code that would have been texted.
struct LogSMSSender: SMSSender {
    let path: String?
    /// In production without a configured transport: refuse (the person is told the SMS could not be sent)
    /// rather than write phone numbers and codes into the server log.
    let refuses: Bool
    private let logger = Logger(label: "kontor.sms")
    private static let lock = NSLock()

    init(path: String?, refuses: Bool = false) {
        self.path = path
        self.refuses = refuses
    }

    func send(_ message: SMSMessage) async throws {
        if refuses { throw SMSDeliveryError(description: "no SMS transport is configured: set KONTOR_SMS_WEBHOOK_URL") }
        logger.notice("SMS to \(message.to): \(message.text)")
        guard let path else { return }
        var line = try SMSMessage.encoder.encode(message)
        line.append(UInt8(ascii: "\n"))
        try Self.lock.withLock {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw SMSDeliveryError(description: "cannot open \(path) for writing")
            }
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        }
    }
}

extension SMSMessage {
    /// The one JSON form of a message, for the file and the webhook.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
