import Foundation
import NIOCore
import NIOExtras
import NIOPosix

/// Where and how to reach the SMTP relay.
public struct SMTPConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    /// The name Kontor gives in `EHLO`.
    public var heloName: String
    public var timeoutSeconds: Int64

    public init(host: String, port: Int, username: String? = nil, password: String? = nil, heloName: String = "kontor.local", timeoutSeconds: Int64 = 20) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.heloName = heloName
        self.timeoutSeconds = timeoutSeconds
    }
}

/// What went wrong talking to the relay; the delivery worker retries later.
public struct SMTPError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// A minimal SMTP submission client (RFC 5321: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT) on SwiftNIO.
///
/// Written here because no SMTP package is among the local package copies this project may use. It is
/// plain-text SMTP for a relay on a trusted network (localhost or a private relay); STARTTLS is the next step.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration

    public init(configuration: SMTPConfiguration) { self.configuration = configuration }

    /// Sends one message to its recipient; throws `SMTPError` when the relay refuses or cannot be reached.
    public func send(_ message: MailMessage, messageID: String, date: Date = Date()) async throws {
        let config = configuration
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.converse(config: config, message: message, messageID: messageID, date: date) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(config.timeoutSeconds) * 1_000_000_000)
                throw SMTPError(description: "SMTP timed out after \(config.timeoutSeconds) s")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private static func converse(config: SMTPConfiguration, message: MailMessage, messageID: String, date: Date) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(config.timeoutSeconds))
            .connect(host: config.host, port: config.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            func reply(expecting expected: Int) async throws {
                while true {
                    guard var buffer = try await lines.next(), let line = buffer.readString(length: buffer.readableBytes) else {
                        throw SMTPError(description: "SMTP server closed the connection")
                    }
                    let trimmed = line.hasSuffix("\r") ? String(line.dropLast()) : line
                    let code = Int(trimmed.prefix(3)) ?? 0
                    let isLast = trimmed.count <= 3 || trimmed[trimmed.index(trimmed.startIndex, offsetBy: 3)] == " "
                    guard isLast else { continue }
                    guard code / 100 == expected / 100 else { throw SMTPError(description: "SMTP: expected \(expected), got \(trimmed)") }
                    return
                }
            }
            func say(_ text: String, expecting expected: Int) async throws {
                try await outbound.write(ByteBuffer(string: text + "\r\n"))
                try await reply(expecting: expected)
            }
            try await reply(expecting: 220)
            try await say("EHLO \(config.heloName)", expecting: 250)
            if let username = config.username, let password = config.password {
                let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(token)", expecting: 235)
            }
            try await say("MAIL FROM:<\(address(in: MailAddress.ascii(message.from)))>", expecting: 250)
            try await say("RCPT TO:<\(address(in: MailAddress.ascii(message.to)))>", expecting: 250)
            try await say("DATA", expecting: 354)
            // Dot-stuffing (RFC 5321 4.5.2): a line starting with "." gets another.
            let body = message.rendered(messageID: messageID, date: date)
                .components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
            try await outbound.write(ByteBuffer(string: body))
            try await say(".", expecting: 250)
            try? await say("QUIT", expecting: 221)
        }
    }

    /// The bare address from `Name <address>` or `address`.
    static func address(in mailbox: String) -> String {
        if let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close {
            return String(mailbox[mailbox.index(after: open)..<close])
        }
        return mailbox.trimmingCharacters(in: .whitespaces)
    }
}
