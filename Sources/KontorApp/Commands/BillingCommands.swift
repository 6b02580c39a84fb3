import ConsoleKit
import Foundation
import KontorDomain
import Vapor

/// `kontor billing …`: the money path's batch work from the command line.
struct BillingCommands: AsyncCommandGroup {
    var help: String { "Billing: import bank statements." }
    var commands: [String: any AnyAsyncCommand] { ["import": BillingImportCommand()] }
}

/// `kontor billing import FILE…`: imports camt.053 / camt.054 files one after the other, each all or nothing, with a
/// progress line and a summary per file. Exits 65 when a file is refused (malformed, a test file), 66 when one
/// cannot be opened; files already imported change nothing.
///
/// Written against `AnyAsyncCommand` rather than `AsyncCommand` because a command signature takes a fixed number of
/// arguments and this one takes any number of files.
struct BillingImportCommand: AnyAsyncCommand {
    var help: String { "Imports bank statements (camt.053 / camt.054, versions .001.04 and .001.08): kontor billing import FILE…" }

    func outputHelp(using context: inout CommandContext) {
        context.console.print("Usage: kontor billing import FILE…")
        context.console.print(help)
    }

    func run(using context: inout CommandContext) async throws {
        var files: [String] = []
        while let next = context.input.arguments.first {
            context.input.arguments.removeFirst()
            if next == "--help" || next == "-h" { outputHelp(using: &context); return }
            files.append(next)
        }
        let console = context.console
        guard !files.isEmpty else {
            console.error("Name at least one file: kontor billing import FILE…")
            throw ExitCode(64)
        }
        let app = context.application
        var failed: Int32 = 0
        for file in files {
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                console.error("\(file): cannot be read")
                failed = max(failed, 66)
                continue
            }
            let importer = BankStatementImporter(db: app.db, config: app.kontor.config.billing, allowTestFiles: app.kontor.config.allowTestStatements,
                                                 staffID: nil, now: app.kontor.clock.now())
            let started = Date()
            do {
                let summary = try await importer.run(.file(url), fileName: url.lastPathComponent) { count in
                    console.clear(.line)
                    console.output("\(url.lastPathComponent): \(count) transactions read…".consoleText(), newLine: false)
                }
                console.clear(.line)
                let seconds = Date().timeIntervalSince(started)
                console.print("\(file): \(summary.kind) \(summary.version), \(summary.transactions) transactions in \(String(format: "%.1f", seconds)) s")
                console.print("  settled \(summary.settled) invoice(s), credited \(summary.prepaid) to prepaid accounts, \(summary.unidentified) for staff to assign, "
                              + "\(summary.flagged) flagged, \(summary.reversals) reversal(s), \(summary.duplicates) already imported, \(summary.ignored) not booked or not incoming")
                for (currency, minor) in summary.received.sorted(by: { $0.key < $1.key }) {
                    console.print("  received \(Money(minorUnits: minor, currency: Currency(code: currency) ?? .chf).description)")
                }
            } catch let refusal as BankStatementImporter.Refusal {
                console.clear(.line)
                switch refusal {
                case .testFile: console.error("\(file): a test file (SPS …/TEST); nothing imported. Set KONTOR_ALLOW_TEST_STATEMENTS=true to import test files.")
                case .malformed(let problem): console.error("\(file): \(problem); nothing imported")
                }
                failed = max(failed, 65)
            }
        }
        if failed != 0 { throw ExitCode(failed) }
    }
}
