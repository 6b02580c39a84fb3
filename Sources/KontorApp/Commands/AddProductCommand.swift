import Fluent
import Foundation
import KontorDomain
import Vapor

/// `kontor add-product`: how a provider's provisioning (or an operator by hand) puts a product into an organization
/// until Kontor takes orders itself. The organization is given by id, or as the one its legal representative
/// `--owner` signed up with.
struct AddProductCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "organization", help: "The organization's id") var organization: String?
        @Option(name: "owner", help: "Or: the e-mail of the organization's legal representative (their first organization)") var owner: String?
        @Option(name: "kind", help: "web_hosting, domain, mail_service, ksuite, nas_synology, premium_support (gives the organization its VIP code) or ssl_certificate") var kind: String?
        @Option(name: "name", help: "What the customer sees, e.g. the domain name") var name: String?
        @Option(name: "renews", help: "The renewal date, YYYY-MM-DD") var renews: String?
        @Option(name: "server-prefix", help: "Web hosting: the server's MySQL prefix, e.g. wxyz") var serverPrefix: String?
        @Flag(name: "mysql-prefix", help: "Web hosting: its sites come from an older offer, so their MySQL prefix option starts on") var mysqlPrefix: Bool
        @Option(name: "sites", help: "Web hosting: its sites' domains, comma-separated (default: one named after the hosting)") var sites: String?
        @Option(name: "migrated-sites", help: "Web hosting: sites migrated from an older offer (MySQL prefix on), comma-separated") var migratedSites: String?
        @Option(name: "databases", help: "Web hosting: MySQL databases without the server prefix, comma-separated") var databases: String?
        @Option(name: "database-users", help: "Web hosting: MySQL users without the server prefix, comma-separated") var databaseUsers: String?
        @Option(name: "php", help: "Web hosting: the sites' PHP version (default: the newest of KONTOR_PHP_VERSIONS)") var php: String?
        @Flag(name: "renewal-warranty", help: "Switch Renewal Warranty on") var renewalWarranty: Bool
        @Option(name: "users", help: "kSuite: the plan's users (seats)") var users: String?
        @Option(name: "storage-gb", help: "kSuite: the plan's storage in GB") var storageGB: String?
    }
    var help: String { "Adds a product to an organization." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let organizationID = try await organization(signature, app) else {
            context.console.error("No such organization: give --organization <id> or --owner <e-mail of its legal representative>.")
            throw ExitCode(1)
        }
        let hosting = HostingProvisioning.Items(sites: HostingProvisioning.Items.list(signature.sites), migratedSites: HostingProvisioning.Items.list(signature.migratedSites),
                                                databases: HostingProvisioning.Items.list(signature.databases), databaseUsers: HostingProvisioning.Items.list(signature.databaseUsers), phpVersion: signature.php)
        let new = ProductService.NewProduct(kind: signature.kind, name: signature.name, renewsOn: signature.renews, serverPrefix: signature.serverPrefix,
                                            mysqlPrefix: signature.mysqlPrefix, renewalWarranty: signature.renewalWarranty, hosting: hosting,
                                            suiteUsers: signature.users, suiteStorageGB: signature.storageGB)
        do {
            let product = try await ProductService(db: app.db).provision(new, in: organizationID, now: app.kontor.clock.now(),
                                                                         phpVersions: app.kontor.config.phpVersions)
            context.console.print("Added \(product.kindRaw) “\(product.name)” (\(product.id!.uuidString)).")
        } catch let failure as ValidationFailure {
            for error in failure.errors { context.console.error("\(error.field): \(app.kontor.localizer.text(error.messageKey, .en))") }
            throw ExitCode(1)
        }
    }

    private func organization(_ signature: Signature, _ app: Application) async throws -> UUID? {
        if let id = signature.organization.flatMap(UUID.init(uuidString:)) {
            return try await Organization.find(id, on: app.db)?.id
        }
        guard let owner = signature.owner, let user = try await User.find(email: owner, on: app.db) else { return nil }
        return try await Membership.all(of: user.requireID(), on: app.db).first { $0.role == .legalRepresentative }?.$organization.id
    }
}
