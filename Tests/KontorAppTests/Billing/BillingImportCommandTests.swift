import ConsoleKit
import Foundation
@testable import KontorApp
import Testing
import Vapor

/// `kontor billing import` as cron and logs see it: exit codes as documented, and a summary on lines of its own.
@Suite("kontor billing import: a folder is not a file (66), and without a terminal no progress line runs into the summary")
struct BillingImportCommandTests {
    static func run(_ app: Application, _ arguments: [String]) async throws -> (code: Int32, console: RecordingConsole) {
        let console = RecordingConsole()
        var context = CommandContext(console: console, input: CommandInput(arguments: ["kontor"] + arguments))
        context.application = app
        do {
            try await BillingImportCommand().run(using: &context)
            return (0, console)
        } catch let exit as ExitCode {
            return (exit.code, console)
        }
    }

    @Test("a folder named instead of a file, or a file that is not there: exit 66, saying which")
    func folder() async throws {
        try await withTestApp { app, _ in
            let (code, console) = try await Self.run(app, [FileManager.default.temporaryDirectory.path])
            #expect(code == 66)
            #expect((console.output + console.errors.joined()).contains("is a folder, not a file"))
            let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-statement-\(UUID().uuidString).xml").path
            let (absent, said) = try await Self.run(app, [missing])
            #expect(absent == 66)
            #expect((said.output + said.errors.joined()).contains("\(missing): no such file"))
        }
    }

    @Test("a file imported with its output going to a log: the summary starts on a line of its own")
    func summaryOnItsOwnLine() async throws {
        try await withTestApp { app, _ in
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("camt-\(UUID().uuidString).xml")
            try CamtFile(entries: [.init(payments: [.init(amount: "10.00", bankReference: "T1")], entryReference: "E1")]).data.write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let (code, console) = try await Self.run(app, [url.path])
            #expect(code == 0)
            #expect(console.output.hasPrefix("\(url.path): camt.054 001.08, 1 transactions"), "\(console.output)")
        }
    }
}
