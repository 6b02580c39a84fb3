import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOPosix

/// The database could not be opened or reached at start. Its description is the one line an operator reads last:
/// which database (password left out) and why, in words — not the driver's "PSQLError – Generic description".
struct DatabaseUnavailableError: Error, CustomStringConvertible {
    let database: String
    let cause: String

    init(_ choice: DatabaseChoice, underlying error: any Error) {
        database = Self.name(choice)
        cause = Self.cause(of: error)
    }

    var description: String { "cannot use the database \(database): \(cause)" }

    /// The database as the operator configured it, without the password.
    static func name(_ choice: DatabaseChoice) -> String {
        switch choice {
        case .sqlite(let path):
            return "SQLite file \(path)"
        case .postgres(let url, _):
            guard var components = URLComponents(string: url) else { return "PostgreSQL (DATABASE_URL)" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? url)"
        }
    }

    /// The most specific words the error chain has: the server's own message, the system's reason for a failed
    /// connection, or SQLite's message.
    static func cause(of error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return cause(of: underlying) }
            return "\(error.code)"
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first { return cause(of: failure.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name \(error.host) could not be resolved" }
            return "could not connect to \(error.host):\(error.port)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case ChannelError.connectTimeout(let timeout):
            return "no answer within \(timeout.nanoseconds / 1_000_000_000) seconds"
        case let error as SQLiteError:
            return sqliteCause(error)
        default:
            return String(describing: error)
        }
    }

    /// SQLite's open failure only says "Failed to open"; the reason code says why.
    private static func sqliteCause(_ error: SQLiteError) -> String {
        switch error.reason {
        case .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath, .cantOpenUnfollowedSymlink, .cantOpenCygwinPath:
            "the file cannot be opened or created; Kontor's user must be able to write to it and to its folder"
        case .readOnly, .readonlyDirectory, .readonlyCantLock, .readonlyInRecovery, .readonlyInRollback, .readonlyBackingMoved:
            "the file or its folder is read-only; Kontor's user must be able to write to both"
        case .notADatabase:
            "the file is not an SQLite database"
        default:
            error.message
        }
    }
}
