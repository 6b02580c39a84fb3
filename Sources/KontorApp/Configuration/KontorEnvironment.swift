import Vapor

/// One notion of environment for Vapor, Leaf and Kontor's own rules (secret key required, SMS never logged).
///
/// `--env NAME` (or `VAPOR_ENV`) decides when given. Without it, a release build is production and a debug build is development:
/// before, a release `kontor serve` called itself production for its secret key while Vapor ran it as development,
/// where Leaf silently re-parses every template on every request.
enum KontorEnvironment {
    static func detect(arguments: [String] = CommandLine.arguments) throws -> Environment {
        let detected = try Environment.detect(arguments: arguments)
        let named = arguments.contains { $0 == "--env" || $0 == "-e" || $0.hasPrefix("--env=") } || Environment.get("VAPOR_ENV") != nil
        guard !named, detected == .development, detected.isRelease else { return detected }
        var production = Environment.production
        production.commandInput = detected.commandInput
        return production
    }
}
