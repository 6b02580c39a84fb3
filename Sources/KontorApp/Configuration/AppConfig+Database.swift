import Foundation

extension AppConfig {
    /// The SQLite file when `KONTOR_DATABASE_PATH` is not set.
    static let defaultSQLiteFile = "kontor.sqlite"

    /// `DATABASE_URL` must be a PostgreSQL URL with a host and, if it has a port, a real one: the driver keeps only the
    /// low 16 bits of the port, so 99999 would quietly become 34463.
    static func checkPostgresURL(_ url: String) throws {
        let shape = "must be a postgres://user:password@host:port/database URL"
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw ConfigurationError(variable: "DATABASE_URL", problem: shape)
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw ConfigurationError(variable: "DATABASE_URL", problem: "port \(port) is not a port (1 to 65535); \(shape)")
        }
    }

    /// `KONTOR_DATABASE_PATH` must name a file in a folder that exists. A folder would otherwise get its generated
    /// secret written beside it (`/var/lib/kontor.secret`) before SQLite fails to open it.
    static func checkSQLitePath(_ path: String) throws {
        // `file:` URIs and `:memory:` are SQLite's own; SQLite reports their problems when it opens them.
        guard !path.hasPrefix("file:"), path != ":memory:" else { return }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ConfigurationError(variable: "KONTOR_DATABASE_PATH",
                                     problem: "'\(path)' is a folder; name the database file, e.g. \((path as NSString).appendingPathComponent(defaultSQLiteFile))")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let parent = folder.isEmpty ? "." : folder
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError(variable: "KONTOR_DATABASE_PATH", problem: "the folder '\(parent)' does not exist (for '\(path)')")
        }
    }
}

/// Where `serve` was told to listen on its command line (`--hostname`, `--port`, `--bind`); nil where it was not.
public struct ListenAddress: Sendable, Equatable {
    public var hostname: String?
    public var port: Int?

    public init(hostname: String? = nil, port: Int? = nil) {
        self.hostname = hostname
        self.port = port
    }
}
