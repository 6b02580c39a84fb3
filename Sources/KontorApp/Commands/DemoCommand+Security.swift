import Fluent
import Foundation
import KontorDomain
import Vapor

extension DemoCommand {
    /// The demo's security and newsletter data: Emma signs in with an authenticator app, Ana has a recovery
    /// address, Jonas lost his phone and waits for an identity check, the bakery has Premium Support, and there are
    /// three newsletter topics with subscribers.
    static func addSecurityAndNews(_ app: Application, users: [String: User], context: CommandContext) async throws -> [String] {
        let now = app.kontor.clock.now()
        var random = SystemRandomNumberGenerator()
        var lines: [String] = []

        if let emma = users["emma@demo.kontor.test"], let emmaID = emma.id {
            let secret = TOTPSecret.generate(using: &random)
            let sealing = SecretSealing(secretKey: app.kontor.config.secretKey, purpose: TwoFactorService.sealingPurpose)
            let factor = SecondFactor(userID: emmaID, kind: .authenticatorApp, secretSealed: try sealing.seal(secret), now: now)
            factor.confirmedAt = now
            try await factor.create(on: app.db)
            let codes = BackupCodes.generate(using: &random)
            for code in codes {
                try await BackupCode(userID: emmaID, codeHash: try await app.kontor.hasher.hash(BackupCodes.normalize(code) ?? code), now: now).create(on: app.db)
            }
            lines.append("emma@demo.kontor.test has two-factor authentication: authenticator key \(TOTPSecret.base32(secret)), a backup code \(codes[0])")
        }
        if let jonas = users["jonas@demo.kontor.test"], let jonasID = jonas.id {
            // Jonas used the app and SMS, lost his phone, and asked for help: a request waits in the staff console.
            let sealing = SecretSealing(secretKey: app.kontor.config.secretKey, purpose: TwoFactorService.sealingPurpose)
            let app2FA = SecondFactor(userID: jonasID, kind: .authenticatorApp, secretSealed: try sealing.seal(TOTPSecret.generate(using: &random)), now: now)
            app2FA.confirmedAt = now
            try await app2FA.create(on: app.db)
            let phoneSealing = SecretSealing(secretKey: app.kontor.config.secretKey, purpose: PhoneFactorService.sealingPurpose)
            let phone = SecondFactor(userID: jonasID, kind: .sms, secretSealed: try phoneSealing.seal(Array("+4915123456789".utf8)), now: now)
            phone.confirmedAt = now
            try await phone.create(on: app.db)
            let request = IdentityRequest(userID: jonasID, now: now.addingTimeInterval(-2 * 3600), ipAddress: "203.0.113.24",
                                          userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari/604.1")
            try await request.create(on: app.db)
            let documents = SecretSealing(secretKey: app.kontor.config.secretKey, purpose: IdentityVerificationService.sealingPurpose)
            for side in IdentityDocumentPolicy.Side.allCases {
                guard let bytes = BundledResources.data("Demo/identity-\(side.rawValue).png").map({ [UInt8]($0) }),
                      let type = DocumentType.sniff(bytes) else { continue }
                try await IdentityDocument(requestID: request.requireID(), side: side, type: type, byteCount: bytes.count,
                                           sealedData: try documents.sealData(bytes), now: request.createdAt).create(on: app.db)
            }
            lines.append("jonas@demo.kontor.test lost his phone: his identity check waits at \(SiteRoute.staffIdentityChecks.url(base: app.kontor.config.publicURL))")
        }
        if let ana = users["ana@demo.kontor.test"] {
            ana.recoveryEmail = "ana.garcia@private.example"
            try await ana.save(on: app.db)
        }
        if let bakery = try await Organization.query(on: app.db).filter(\.$name == "Panadería García SL").first() {
            try await ProductService(db: app.db).startPremiumSupport(bakery, name: "Premium Support", now: now)
            lines.append("Panadería García SL has Premium Support: VIP code \(VIPCode(bakery.vipCode!)!.formatted)")
        }
        let topics: [(String, [String: String])] = [
            ("product-news", ["es": "Novedades de productos", "fr": "Nouveautés produits", "en": "Product news", "de": "Produktneuheiten", "it": "Novità sui prodotti"]),
            ("maintenance", ["es": "Mantenimientos programados", "fr": "Maintenances planifiées", "en": "Planned maintenance", "de": "Geplante Wartungen", "it": "Manutenzioni programmate"]),
            ("security-advice", ["es": "Consejos de seguridad", "fr": "Conseils de sécurité", "en": "Security advice", "de": "Sicherheitstipps", "it": "Consigli di sicurezza"]),
        ]
        for (index, (slug, names)) in topics.enumerated() {
            let topic = NewsletterTopic(slug: slug, now: now)
            try await topic.create(on: app.db)
            for (language, name) in names {
                try await NewsletterTopicName(topicID: topic.id!, language: language, name: name, description: "").create(on: app.db)
            }
            for (offset, user) in users.values.sorted(by: { $0.email < $1.email }).enumerated() where (offset + index) % 2 == 0 {
                try await NewsletterSubscription(userID: user.id!, topicID: topic.id!, now: now).create(on: app.db)
            }
        }
        return lines
    }
}
