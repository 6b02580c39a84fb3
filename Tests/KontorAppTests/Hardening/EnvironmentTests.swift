@testable import KontorApp
import Testing
import Vapor

@Suite("One notion of environment for Vapor, Leaf and Kontor")
struct EnvironmentTests {
    @Test("--env decides when given, and the command line after it is kept")
    func named() throws {
        let production = try KontorEnvironment.detect(arguments: ["kontor", "serve", "--env", "production", "--port", "9000"])
        #expect(production == .production && production.arguments == ["kontor", "serve", "--port", "9000"])
        #expect(try KontorEnvironment.detect(arguments: ["kontor", "serve", "--env", "development"]) == .development)
    }

    @Test("without --env, the build decides: production for a release build, development for a debug build")
    func unnamed() throws {
        let detected = try KontorEnvironment.detect(arguments: ["kontor", "serve"])
        #expect(detected == (Environment.development.isRelease ? .production : .development))
        #expect(detected.arguments == ["kontor", "serve"])
    }
}
