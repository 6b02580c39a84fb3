import Foundation
import Logging
import Vapor

/// The whole program behind the thin `kontor` executable: read the command line and the configuration, build the app,
/// run the command.
public enum Kontor {
    /// Exit codes from sysexits.h, so that a supervisor or script can tell what went wrong without reading the text.
    enum ExitStatus {
        static let usage: Int32 = 64
        static let databaseUnavailable: Int32 = 69
        static let configuration: Int32 = 78
    }

    public static func main() async {
        var env: Environment
        do {
            env = try KontorEnvironment.detect()
            try LoggingSystem.bootstrap(from: &env)
        } catch {
            FileHandle.standardError.write(Data("kontor: \(error)\n".utf8))
            exit(ExitStatus.usage)
        }
        exit(await run(env, variables: ProcessInfo.processInfo.environment))
    }

    /// Runs one command line to its end and returns the exit code. Kontor's own last words go to `report` (standard
    /// error); `console` replaces the terminal (tests read what the commands print).
    static func run(_ env: Environment, variables: [String: String], dotEnvPath: String? = ".env", console: (any Console)? = nil,
                    report: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("kontor: \($0)\n".utf8)) }) async -> Int32 {
        let invocation: Invocation
        do {
            invocation = try Invocation(arguments: env.arguments)
        } catch {
            report(error.description)
            return ExitStatus.usage
        }
        var env = env
        env.arguments = invocation.arguments
        // Usage is printed before the configuration is read: `kontor --help` must work with a broken `.env`, and must
        // not create a database or a secret key file just to say which commands exist.
        if invocation.wantsHelp { return await printUsage(env, console: console, report: report) }

        let config: AppConfig
        do {
            config = try AppConfig.load(environment: variables, dotEnvPath: dotEnvPath, isProduction: env == .production,
                                        listening: invocation.listening)
        } catch {
            report("configuration error: \(error)")
            return ExitStatus.configuration
        }
        do {
            try await execute(env, console: console) { try await configure($0, config: config) }
            return 0
        } catch let exit as ExitCode {
            return exit.code
        } catch let error as CommandError {
            // ConsoleKit's own: an unknown command or option, or an option without its value (`--folder` alone).
            report("\(error)")
            return ExitStatus.usage
        } catch let error as DatabaseUnavailableError {
            report(error.description)
            return ExitStatus.databaseUnavailable
        } catch {
            report("\(error)")
            return 1
        }
    }

    /// The commands and their options, from an application that has commands and nothing else.
    private static func printUsage(_ env: Environment, console: (any Console)?, report: (String) -> Void) async -> Int32 {
        do {
            try await execute(env, console: console) { registerCommands($0) }
            return 0
        } catch {
            report("\(error)")
            return ExitStatus.usage
        }
    }

    /// Builds an application, lets `prepare` set it up, runs its command and shuts it down whatever happened.
    private static func execute(_ env: Environment, console: (any Console)?,
                                prepare: (Application) async throws -> Void) async throws {
        let app = try await Application.make(env)
        if let console { app.console = console }
        do {
            try await prepare(app)
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
