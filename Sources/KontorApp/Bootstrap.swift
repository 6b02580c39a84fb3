import Foundation
import Logging
import Vapor

/// The whole program behind the thin `kontor` executable: read the configuration, build the app, run the command.
public enum Kontor {
    public static func main() async {
        var env: Environment
        do {
            env = try KontorEnvironment.detect()
            try LoggingSystem.bootstrap(from: &env)
        } catch {
            FileHandle.standardError.write(Data("kontor: \(error)\n".utf8))
            exit(64)
        }
        let config: AppConfig
        do {
            config = try AppConfig.load(environment: ProcessInfo.processInfo.environment, isProduction: env == .production)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("kontor: configuration error: \(error)\n".utf8))
            exit(78)
        } catch {
            FileHandle.standardError.write(Data("kontor: configuration error: \(error)\n".utf8))
            exit(78)
        }
        do {
            let app = try await Application.make(env)
            do {
                try await configure(app, config: config)
                try await app.execute()
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.code)
        } catch {
            FileHandle.standardError.write(Data("kontor: \(error)\n".utf8))
            exit(1)
        }
    }
}
