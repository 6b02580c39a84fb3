import Foundation
@testable import KontorApp
import Testing
import Vapor

@Suite("Configuration and start-up say what is wrong")
struct ConfigurationTests {
    static let key = String(repeating: "ab", count: 32)

    @Test("a DATABASE_URL port outside 1 to 65535 is an error naming DATABASE_URL, not another port", arguments: ["99999", "65536", "0"])
    func databasePortOutOfRange(port: String) throws {
        let error = Self.configurationError(["DATABASE_URL": "postgres://kontor@db.example:\(port)/kontor", "KONTOR_SECRET_KEY": Self.key])

        #expect(error?.variable == "DATABASE_URL")
        #expect(error?.problem.hasPrefix("port \(port) is not a port (1 to 65535)") == true, "\(String(describing: error))")
        // The edges stay valid: the highest port, and none at all (PostgreSQL's 5432).
        for url in ["postgres://kontor@db.example:65535/kontor", "postgresql://kontor:secret@db.example/kontor"] {
            let config = try AppConfig.load(environment: ["DATABASE_URL": url, "KONTOR_SECRET_KEY": Self.key], dotEnvPath: nil, isProduction: false)
            #expect(config.database == .postgres(url: url, schema: nil))
        }
    }

    @Test("KONTOR_DATABASE_PATH naming a folder is an error, and no secret file is written beside the folder")
    func databasePathIsAFolder() throws {
        let folder = Self.temporaryPath("kontor-data")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let error = Self.configurationError(["KONTOR_DATABASE_PATH": folder])

        #expect(error?.variable == "KONTOR_DATABASE_PATH")
        #expect(error?.problem == "'\(folder)' is a folder; name the database file, e.g. \(folder)/kontor.sqlite")
        #expect(!FileManager.default.fileExists(atPath: folder + ".secret"))
    }

    @Test("KONTOR_DATABASE_PATH in a folder that does not exist is an error naming the folder")
    func databasePathInMissingFolder() {
        let folder = Self.temporaryPath("kontor-missing")

        let error = Self.configurationError(["KONTOR_DATABASE_PATH": folder + "/kontor.sqlite", "KONTOR_SECRET_KEY": Self.key])

        #expect(error?.variable == "KONTOR_DATABASE_PATH")
        #expect(error?.problem == "the folder '\(folder)' does not exist (for '\(folder)/kontor.sqlite')")
    }

    @Test("serve's --hostname, --port and --bind decide the default public URL, so e-mail links name the address served", arguments: [
        (["serve", "--port", "9123"], [String: String](), "http://127.0.0.1:9123"),
        (["serve", "-p", "9123", "--hostname", "console.local"], [:], "http://console.local:9123"),
        (["serve", "-H", "10.0.0.5"], [:], "http://10.0.0.5:8080"),
        (["serve", "--bind", "console.local:9124"], [:], "http://console.local:9124"),
        (["serve", "--port", "9123"], ["KONTOR_PORT": "9000", "KONTOR_HOST": "console.local"], "http://console.local:9123"),
        (["serve", "--port", "9123"], ["KONTOR_PUBLIC_URL": "https://console.example.ch"], "https://console.example.ch"),
        (["migrate"], ["KONTOR_PORT": "9000"], "http://127.0.0.1:9000"),
    ])
    func servedAddress(arguments: [String], environment: [String: String], publicURL: String) throws {
        let invocation = try Invocation(arguments: ["kontor"] + arguments)

        let config = try AppConfig.load(environment: environment.merging(["KONTOR_SECRET_KEY": Self.key]) { $1 }, dotEnvPath: nil,
                                        isProduction: false, listening: invocation.listening)

        #expect(config.publicURL.absoluteString == publicURL)
        #expect(SiteRoute.signIn.url(base: config.publicURL) == publicURL + "/sign-in")
    }

    @Test("a serve address that is no address is refused before anything starts, with exit code 64", arguments: [
        ["serve", "--port", "99999"], ["serve", "-p", "http"], ["serve", "--bind", "console.local"],
    ])
    func badServeAddress(arguments: [String]) async {
        let report = Reported()
        let code = await Kontor.run(Environment(name: "testing", arguments: ["kontor"] + arguments), variables: [:], dotEnvPath: nil,
                                    console: RecordingConsole(), report: { report.append($0) })

        #expect(code == 64)
        #expect(report.lines.count == 1 && report.lines[0].hasPrefix("serve: "), "\(report.lines)")
    }

    @Test("kontor --help, -h, help and help <command> print usage and create no database or secret file", arguments: [
        (["--help"], "help-import"), (["-h"], "create-admin"), (["help"], "add-product"), (["help", "help-import"], "--folder"),
        (["serve", "--help"], "--hostname"), (["migrate", "-h"], "Usage: kontor migrate"),
    ])
    func helpTouchesNothing(arguments: [String], usage: String) async {
        let path = Self.temporaryPath("kontor-help") + ".sqlite"
        let console = RecordingConsole()

        let code = await Kontor.run(Environment(name: "testing", arguments: ["kontor"] + arguments),
                                    variables: ["KONTOR_DATABASE_PATH": path], dotEnvPath: nil, console: console)

        #expect(code == 0)
        #expect(console.output.contains(usage), "\(console.output)")
        #expect(!FileManager.default.fileExists(atPath: path), "--help created the database")
        #expect(!FileManager.default.fileExists(atPath: path + ".secret"), "--help generated a secret key")
    }

    @Test("a PostgreSQL server that refuses the connection ends the start with one line naming it and why, exit code 69")
    func postgresRefused() async {
        let report = Reported()

        let code = await Kontor.run(Environment(name: "testing", arguments: ["kontor", "migrate"]),
                                    variables: ["DATABASE_URL": "postgres://kontor:hunter2@127.0.0.1:1/kontor", "KONTOR_SECRET_KEY": Self.key],
                                    dotEnvPath: nil, console: RecordingConsole(), report: { report.append($0) })

        #expect(code == 69)
        #expect(report.lines == ["cannot use the database PostgreSQL postgres://kontor:***@127.0.0.1:1/kontor: Connection refused"])
    }

    @Test("an SQLite file that cannot be created ends the start with one line naming it and why, exit code 69")
    func sqliteUnwritable() async {
        // /proc exists, and nobody, root included, can create a file in it.
        let path = "/proc/kontor-\(UUID().uuidString).sqlite"
        let report = Reported()

        let code = await Kontor.run(Environment(name: "testing", arguments: ["kontor", "migrate"]),
                                    variables: ["KONTOR_DATABASE_PATH": path, "KONTOR_SECRET_KEY": Self.key],
                                    dotEnvPath: nil, console: RecordingConsole(), report: { report.append($0) })

        #expect(code == 69)
        #expect(report.lines == ["cannot use the database SQLite file \(path): the file cannot be opened or created; Kontor's user must be able to write to it and to its folder"])
    }

    static func configurationError(_ environment: [String: String]) -> ConfigurationError? {
        do {
            _ = try AppConfig.load(environment: environment, dotEnvPath: nil, isProduction: false)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    }
}
