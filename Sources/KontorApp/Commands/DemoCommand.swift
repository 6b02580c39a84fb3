import Fluent
import KontorDomain
import Vapor

/// `kontor demo`: fills an empty database with a realistic provider so there is something to click through.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "seed", help: "Also import the guides of this knowledge-base page (e.g. ../shared/seeds/000_6f7a77ba93293df4.txt)")
        var seed: String?
    }
    var help: String { "Fills an empty database with demo customers, organizations and a staff administrator." }

    static let password = "tangerine-harbour-42"

    struct Person {
        let name: String
        let email: String
        let language: Language
    }

    static let people = [
        Person(name: "Ana García", email: "ana@demo.kontor.test", language: .es),
        Person(name: "Louis Martin", email: "louis@demo.kontor.test", language: .fr),
        Person(name: "Emma Walker", email: "emma@demo.kontor.test", language: .en),
        Person(name: "Jonas Weber", email: "jonas@demo.kontor.test", language: .de),
        Person(name: "Giulia Rossi", email: "giulia@demo.kontor.test", language: .it),
    ]

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard try await User.query(on: app.db).count() == 0 else {
            context.console.warning("The database already has customers; the demo only fills an empty one.")
            return
        }
        let now = app.kontor.clock.now()
        let hash = try await app.kontor.hasher.hash(Self.password)
        var random = SystemRandomNumberGenerator()
        var users: [String: User] = [:]
        context.console.print("Creating demo customers…")
        for person in Self.people {
            let user = User(name: person.name, email: person.email, passwordHash: hash, language: person.language.rawValue,
                            supportCode: SupportCode.generate(using: &random).value, createdAt: now)
            user.emailVerifiedAt = now
            try await user.create(on: app.db)
            users[person.email] = user
        }
        // Each organization: name and (member, role) pairs; the first is the legal representative.
        let organizations: [(String, [(String, OrganizationRole)])] = [
            ("Panadería García SL", [("ana", .legalRepresentative), ("louis", .administrator), ("emma", .user)]),
            ("Atelier Martin", [("louis", .legalRepresentative), ("ana", .user)]),
            ("Walker Studio Ltd", [("emma", .legalRepresentative), ("jonas", .legalRepresentative), ("giulia", .user)]),
            ("Weber Consulting GmbH", [("jonas", .legalRepresentative)]),
            ("Rossi & Figli", [("giulia", .legalRepresentative), ("ana", .administrator)]),
        ]
        var created: [String: Organization] = [:]
        for (name, members) in organizations {
            let organization = Organization(name: name, createdAt: now)
            organization.customerNumber = try await BillingCounters.next("customer_number", on: app.db)
            try await organization.create(on: app.db)
            created[name] = organization
            for (handle, role) in members {
                try await Membership(organizationID: organization.id!, userID: users["\(handle)@demo.kontor.test"]!.id!, role: role, createdAt: now)
                    .create(on: app.db)
            }
        }
        try await Self.addProducts(app, organizations: created, context: context)
        try await Self.addInvoices(app, organizations: created, context: context)
        try await Self.addCatalog(app, organizations: created, context: context)
        try await Self.addSuiteAndMail(app, organizations: created, context: context)
        try await Self.addRenewals(app, organizations: created, context: context)
        let staff = StaffMember(name: "Adrian Admin", email: "admin@demo.kontor.test", passwordHash: hash, role: .administrator, createdAt: now)
        try await staff.create(on: app.db)
        try await StaffMember(name: "Elena Editor", email: "editor@demo.kontor.test", passwordHash: hash, role: .editor, createdAt: now).create(on: app.db)
        try await StaffMember(name: "Sofia Support", email: "support@demo.kontor.test", passwordHash: hash, role: .support, createdAt: now).create(on: app.db)
        let securityLines = try await Self.addSecurityAndNews(app, users: users, context: context)

        context.console.print("Loading the help center's guides…")
        try await HelpImport.run(try BundledHelpContent.load(), publish: true, context: context, source: "bundled guides")
        if let seed = signature.seed {
            try await HelpImport.runSeed(try String(contentsOfFile: seed, encoding: .utf8), context: context, source: seed)
        }
        let base = app.kontor.config.publicURL
        context.console.success("Demo data is ready. Every demo account's password is \(Self.password)")
        context.console.print("Customers (\(SiteRoute.signIn.url(base: base))):")
        for person in Self.people { context.console.print("  \(person.email)  (\(person.name), \(person.language.nativeName))") }
        context.console.print("Staff (\(SiteRoute.staffSignIn.url(base: base))) — each sets up an authenticator app at the first sign-in:")
        context.console.print("  admin@demo.kontor.test  (administrator)")
        context.console.print("  editor@demo.kontor.test (help-center editor, newsletters)")
        context.console.print("  support@demo.kontor.test (support: identify callers by support or VIP code)")
        for line in securityLines { context.console.print(line) }
        context.console.print("Help center: \(SiteRoute.helpHome.url(base: base))")
    }
}
