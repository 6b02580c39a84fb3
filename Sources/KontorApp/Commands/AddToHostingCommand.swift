import Fluent
import Foundation
import KontorDomain
import Vapor

/// `kontor add-to-hosting --product ID`: what the provider's provisioning adds to an existing web hosting — sites,
/// MySQL databases and database users — all of it or none.
struct AddToHostingCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "product", help: "The web hosting's id") var product: String?
        @Option(name: "sites", help: "New sites' domains, comma-separated") var sites: String?
        @Option(name: "migrated-sites", help: "Sites migrated from an older offer (MySQL prefix on), comma-separated") var migratedSites: String?
        @Option(name: "databases", help: "MySQL databases without the server prefix, comma-separated") var databases: String?
        @Option(name: "database-users", help: "MySQL users without the server prefix, comma-separated") var databaseUsers: String?
        @Option(name: "php", help: "The new sites' PHP version (default: the newest of KONTOR_PHP_VERSIONS)") var php: String?
    }
    var help: String { "Adds sites, databases and database users to a web hosting." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let id = signature.product.flatMap(UUID.init(uuidString:)), let product = try await Product.find(id, on: app.db) else {
            context.console.error("No such product: give --product <id of a web hosting>.")
            throw ExitCode(1)
        }
        let items = HostingProvisioning.Items(sites: HostingProvisioning.Items.list(signature.sites), migratedSites: HostingProvisioning.Items.list(signature.migratedSites),
                                              databases: HostingProvisioning.Items.list(signature.databases), databaseUsers: HostingProvisioning.Items.list(signature.databaseUsers), phpVersion: signature.php)
        guard !items.isEmpty else {
            context.console.error("Nothing to add: give --sites, --migrated-sites, --databases or --database-users.")
            throw ExitCode(1)
        }
        do {
            try await HostingProvisioning(db: app.db).add(items, to: product, offered: app.kontor.config.phpVersions, now: app.kontor.clock.now())
            context.console.print("Added to “\(product.name)”: \(items.sites.count + items.migratedSites.count) site(s), \(items.databases.count) database(s), \(items.databaseUsers.count) user(s).")
        } catch let failure as ValidationFailure {
            for error in failure.errors { context.console.error("\(error.field): \(app.kontor.localizer.text(error.messageKey, .en))") }
            throw ExitCode(1)
        }
    }
}
