import ConsoleKit
import Foundation
import KontorDomain
import Vapor

/// `kontor products …`: the products' batch work from the command line.
struct ProductsCommands: AsyncCommandGroup {
    var help: String { "Products: the daily renewal run, and its benchmark." }
    var commands: [String: any AnyAsyncCommand] { ["renew": ProductsRenewCommand(), "benchmark": RenewalBenchmarkCommand()] }
}

/// `kontor products renew [--date YYYY-MM-DD]`: the day's renewal run (servers also run it under a lease). Running
/// it again, or after it was killed halfway, renews nothing twice and misses nothing.
struct ProductsRenewCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "date", help: "The day to run for, YYYY-MM-DD (default: today in the provider's time zone)") var date: String?
    }
    var help: String { "Renews, reminds, and moves expired products through grace, suspension and deletion for today (or --date)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if let date = signature.date {
            guard Self.isDay(date), app.kontor.config.billing.day(date, plus: 0) == date else {
                context.console.error("--date must be a day as YYYY-MM-DD, got '\(date)'")
                throw ExitCode(64)
            }
        }
        let console = context.console
        let started = Date()
        let report = try await app.renewalRun(day: signature.date).run { done, total in
            console.clear(.line)
            console.output("Renewals: \(done) of \(total) products…".consoleText(), newLine: false)
        }
        console.clear(.line)
        console.print(Self.summary(report, seconds: Date().timeIntervalSince(started)))
    }

    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2 && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    static func summary(_ report: RenewalRun.Report, seconds: Double) -> String {
        "\(report.considered) product(s) due in \(String(format: "%.2f", seconds)) s — renewed automatically \(report.renewed[.automatic] ?? 0), "
            + "by Renewal Warranty \(report.renewed[.warranty] ?? 0); \(report.automaticRenewalsUnpaid) automatic renewal(s) the balance did not cover; "
            + "\(report.grace) into grace, \(report.suspended) suspended, \(report.deleted) deleted; \(report.refused) without a price; "
            + "\(report.notices) notice(s) queued."
    }
}
