import Fluent
import Vapor

func registerCommands(_ app: Application) {
    app.asyncCommands.use(MigrateNowCommand(), as: "migrate")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(DeliverMailCommand(), as: "deliver-mail")
    app.asyncCommands.use(HelpImportCommand(), as: "help-import")
    app.asyncCommands.use(HelpImportSeedCommand(), as: "help-import-seed")
    app.asyncCommands.use(HelpExportCommand(), as: "help-export")
    app.asyncCommands.use(HousekeepingCommand(), as: "housekeeping")
    app.asyncCommands.use(AddProductCommand(), as: "add-product")
    app.asyncCommands.use(AddToHostingCommand(), as: "add-to-hosting")
    app.asyncCommands.use(BillingCommands(), as: "billing")
    app.asyncCommands.use(ProductsCommands(), as: "products")
}

/// `kontor migrate`: applies pending migrations (they also run at every start).
struct MigrateNowCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Applies pending database migrations." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("Migrations are up to date.")
    }
}

/// `kontor deliver-mail`: sends what waits in the outbox once (for cron, or when no server runs).
struct DeliverMailCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Sends the e-mails waiting in the outbox." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let sent = try await context.application.mailDelivery.deliverDue(limit: 1000)
        context.console.print("Sent \(sent) message(s).")
    }
}

/// `kontor create-admin --email … --name …`: the first staff administrator. The password is read from
/// `KONTOR_ADMIN_PASSWORD` or asked for without echo, never taken from the command line.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The administrator's e-mail address") var email: String?
        @Option(name: "name", help: "The administrator's name") var name: String?
    }
    var help: String { "Creates a staff administrator." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let email = signature.email ?? context.console.ask("E-mail")
        let name = signature.name ?? context.console.ask("Name")
        let password = Environment.get("KONTOR_ADMIN_PASSWORD") ?? context.console.ask("Password", isSecure: true)
        let service = StaffService(database: app.db, hasher: app.kontor.hasher, policy: app.kontor.passwordPolicy, now: app.kontor.clock.now())
        do {
            let member = try await service.create(name: name, email: email, password: password, role: StaffRole.administrator.rawValue)
            context.console.print("Staff administrator \(member.email) created. Sign in at \(SiteRoute.staffSignIn.url(base: app.kontor.config.publicURL))")
        } catch let failure as ValidationFailure {
            for error in failure.errors {
                context.console.error("\(error.field): \(app.kontor.localizer.text(error.messageKey, .en))")
            }
            throw ExitCode(1)
        }
    }
}

import KontorDomain

/// Ends a command that has already told the operator why: `Kontor.run` exits with `code`, and Vapor logs it only at
/// debug level, so the command's own message stays the last line.
struct ExitCode: DebuggableError, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { "exit \(code)" }
    var identifier: String { "exit" }
    var reason: String { description }
    var logLevel: Logger.Level { .debug }
}
