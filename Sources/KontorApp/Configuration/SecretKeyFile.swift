import Foundation
import KontorDomain
import Logging

/// The development convenience for SQLite: a secret key generated once and kept beside the database file.
struct SecretKeyFile {
    let path: String

    func loadOrCreate() throws -> [UInt8] {
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let bytes = AppConfig.bytes(fromHex: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 {
            return bytes
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hex = Hex.encode(bytes)
        guard FileManager.default.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError(variable: "KONTOR_SECRET_KEY", problem: "is not set and \(path) could not be written")
        }
        Logger(label: "kontor.config").warning("KONTOR_SECRET_KEY is not set: generated one and kept it in \(path). Set KONTOR_SECRET_KEY in production.")
        return bytes
    }
}
