import ConsoleKit
import Foundation
import KontorDomain
import Vapor

/// `kontor billing …`: the money path's batch work from the command line.
struct BillingCommands: AsyncCommandGroup {
    var help: String { "Billing: import bank statements, run payment reminders." }
    var commands: [String: any AnyAsyncCommand] { ["import": BillingImportCommand(), "remind": BillingRemindCommand(), "benchmark-data": BillingBenchmarkDataCommand()] }
}

/// `kontor billing remind [--date YYYY-MM-DD]`: the day's reminder run (servers also run it under a lease). A second
/// run on the same day sends nothing; with a stale statement import it sends nothing and says so (exit 75).
struct BillingRemindCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "date", help: "The day to run for, YYYY-MM-DD (default: today in the provider's time zone)") var date: String?
    }
    var help: String { "Sends the payment reminders due today (or on --date)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if let date = signature.date {
            let parts = date.split(separator: "-")
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }),
                  app.kontor.config.billing.day(date, plus: 0) == date else {
                context.console.error("--date must be a day as YYYY-MM-DD, got '\(date)'")
                throw ExitCode(64)
            }
        }
        let console = context.console
        let started = Date()
        let report = try await app.reminderRun(day: signature.date).run { done, total in
            console.clear(.line)
            console.output("Reminders: \(done) of \(total)…".consoleText(), newLine: false)
        }
        console.clear(.line)
        if report.pausedForStaleStatements {
            console.error("No reminders sent: the imported bank statements \(report.paymentsCountedUntil.map { "reach only \($0)" } ?? "are missing"); "
                          + "import the latest statements first, so no reminder crosses a payment.")
            throw ExitCode(75)
        }
        let sent = DunningLadder.Step.allCases.map { "\($0): \(report.sent[$0] ?? 0)" }.joined(separator: ", ")
        console.print("\(report.considered) open invoice(s) past the first step in \(String(format: "%.1f", Date().timeIntervalSince(started))) s — sent \(sent); "
                      + "\(report.paidFromBalance) paid from balances; \(report.coveredByBalance) held because the prepaid balance covers them "
                      + "(\(report.balanceNotices) customer(s) told); \(report.skippedForRecentMoney) skipped for money not yet applied; "
                      + "\(report.ordersCancelled) unpaid order(s) cancelled.")
        if !report.staleCurrencies.isEmpty {
            console.warning("\(report.heldForStaleStatements) overdue invoice(s) in \(report.staleCurrencies.sorted().joined(separator: ", ")) not reminded: "
                            + "that account's statements are not recent (or none was imported); import them, so no reminder crosses a payment.")
        }
        if !report.awaitingDetailsCurrencies.isEmpty {
            console.warning("\(report.heldForBookingsAwaitingDetails) overdue invoice(s) in \(report.awaitingDetailsCurrencies.sorted().joined(separator: ", ")) "
                            + "not reminded: a collective booking of the bank statement waits for the detail file (camt.054) that lists its payments; import it.")
        }
        if !report.missingStatementCurrencies.isEmpty {
            console.warning("\(report.heldForMissingStatements) overdue invoice(s) in \(report.missingStatementCurrencies.sorted().joined(separator: ", ")) not reminded:")
            for missing in try await StatementNumbers(db: app.db).missing() {
                console.warning("  " + missing.text(StatementProblemText.consoleLanguage(), localizer: app.kontor.localizer))
            }
        }
        if report.heldForPendingPayments > 0 {
            console.info("\(report.heldForPendingPayments) overdue invoice(s) not reminded: the bank announced their payment, not booked yet "
                         + "(held up to \(ReminderRun.pendingPaymentDays) days).")
        }
    }
}

/// `kontor billing import FILE…`: imports camt.053 / camt.054 files one after the other, each all or nothing, with a
/// progress line (on a terminal) and a summary per file. Exits 65 when a file is refused (malformed, a test file), 66
/// when one cannot be opened (or is a folder), 75 when another import wrote the same payments at the same moment (try
/// again: it then finds them imported); files already imported change nothing.
///
/// Written against `AnyAsyncCommand` rather than `AsyncCommand` because a command signature takes a fixed number of
/// arguments and this one takes any number of files.
struct BillingImportCommand: AnyAsyncCommand {
    var help: String { "Imports bank statements (camt.053 / camt.054, versions .001.02 to .001.13): kontor billing import FILE…" }

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
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            guard exists, !isFolder.boolValue, FileManager.default.isReadableFile(atPath: url.path) else {
                let why = !exists ? "no such file" : isFolder.boolValue ? "is a folder, not a file" : "cannot be read (permission denied)"
                console.error("\(file): \(why)")
                failed = max(failed, 66)
                continue
            }
            let importer = BankStatementImporter(db: app.db, config: app.kontor.config.billing, allowTestFiles: app.kontor.config.allowTestStatements,
                                                 staffID: nil, now: app.kontor.clock.now())
            let started = Date()
            // The progress line rewrites itself on a terminal; in a log or cron mail it would run into the summary.
            let showsProgress = isatty(STDOUT_FILENO) == 1
            do {
                let summary = try await importer.run(.file(url), fileName: url.lastPathComponent) { count in
                    guard showsProgress else { return }
                    console.clear(.line)
                    console.output("\(url.lastPathComponent): \(count) transactions read…".consoleText(), newLine: false)
                }
                if showsProgress { console.clear(.line) }
                let seconds = Date().timeIntervalSince(started)
                console.print("\(file): \(summary.kind) \(summary.version), \(summary.transactions) transactions in \(String(format: "%.1f", seconds)) s")
                console.print("  settled \(summary.settled) invoice(s), credited \(summary.prepaid) to prepaid accounts, \(summary.unidentified) for staff to assign, "
                              + "\(summary.flagged) flagged, \(summary.reversals) reversal(s), \(summary.duplicates) already imported, \(summary.ignored) not booked, not incoming or listed in a detail file (camt.054)")
                if let at = summary.sameFileImportedAt {
                    let config = app.kontor.config.billing
                    console.print("  the same bytes as \(summary.sameFileName ?? file), imported \(config.day(of: at)): nothing changed")
                }
                for (currency, minor) in summary.received.sorted(by: { $0.key < $1.key }) {
                    console.print("  received \(Money(minorUnits: minor, currency: Currency(code: currency) ?? .chf).description)")
                }
                for missing in summary.missingStatements ?? [] {
                    console.warning("  " + missing.text(StatementProblemText.consoleLanguage(), localizer: app.kontor.localizer))
                }
            } catch let refusal as BankStatementImporter.Refusal {
                console.clear(.line)
                switch refusal {
                case .testFile:
                    let sentence = app.kontor.localizer.text("staff.billing.test_file", StatementProblemText.consoleLanguage(), [:])
                    console.error("\(file): \(sentence) (KONTOR_ALLOW_TEST_STATEMENTS=true)")
                case .notOwnAccount(let account):
                    let sentence = StatementProblemText.notOwnAccount(account, StatementProblemText.consoleLanguage(), localizer: app.kontor.localizer)
                    console.error("\(file): \(sentence)")
                case .malformed(let problem):
                    console.error("\(file): " + StatementProblemText.text(problem, StatementProblemText.consoleLanguage(), localizer: app.kontor.localizer))
                }
                failed = max(failed, 65)
            } catch let error where ConcurrentChange(error) != nil {
                if showsProgress { console.clear(.line) }
                if ConcurrentChange(error) == .conflict {
                    // Two imports of the same payments at the same moment (the same file twice, say): the other one
                    // recorded them, this one rolled back whole.
                    console.error("\(file): imported at the same time by another import; nothing changed by this one. Import it again to see what it recorded.")
                } else {
                    // The database stayed locked by another writer (a long import, the renewal run) for the whole wait.
                    console.error("\(file): the database stayed busy with other work for too long; nothing was imported. Run it again in a moment.")
                }
                failed = max(failed, 75)
            }
        }
        if failed != 0 { throw ExitCode(failed) }
    }
}
