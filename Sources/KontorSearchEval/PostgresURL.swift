import Foundation
import PostgresNIO

/// Turns `postgres://user:password@host:port/database` into a connection configuration.
///
/// PostgresNIO takes its configuration as fields; the URL form is what `DATABASE_URL` and the docs use.
enum PostgresURL {
    /// The URL is not a PostgreSQL URL; the message says what was expected.
    struct InvalidURL: Error, CustomStringConvertible {
        let description: String
    }

    /// TLS is off: the benchmark talks to a server on this machine, and TLS would only add noise to latency.
    static func configuration(_ url: String) throws -> PostgresConnection.Configuration {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let host = parts.host, !host.isEmpty else {
            throw InvalidURL(description: "expected postgres://user[:password]@host[:port]/database, got \(url)")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        var configuration = PostgresConnection.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres",
            password: parts.password, database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The URL given with `--postgres`, else `DATABASE_URL` when it is a PostgreSQL URL, else nil.
    static func chosen(option: String?) -> String? {
        if let option { return option }
        guard let environment = ProcessInfo.processInfo.environment["DATABASE_URL"],
              environment.hasPrefix("postgres") else { return nil }
        return environment
    }
}
