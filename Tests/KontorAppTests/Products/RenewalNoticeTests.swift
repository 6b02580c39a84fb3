import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Renewal e-mails: every step of an unrenewed product is announced, with the real number of days, in good grammar")
struct RenewalNoticeTests {
    @Test("expired unrenewed: an e-mail at grace (naming the suspension day), at suspension (naming the deletion day) and at deletion, each once")
    func everyStepIsAnnounced() async throws {
        try await withTestApp(configure: { $0.renewals = RenewalPolicy(graceDays: 5, retentionDays: 10) }) { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            try await RenewalScenario.product(app, clock, in: organization.requireID(), .nasSynology, name: "NAS office", expiresIn: 1, item: nil)
            let day = { (offset: Int) in DayFormatting.format(RenewalScenario.day(app, clock, plus: offset), .en) }
            let (suspension, deletion) = (day(1 + 5), day(1 + 5 + 10))

            for _ in 0..<18 { try await RenewalScenario.nextDay(app, clock) }

            let subjects = try await RenewalScenario.subjects(app, to: "ana@example.test", about: "NAS office")
            #expect(subjects == ["NAS office has expired and will be suspended on \(suspension)",
                                 "NAS office has been suspended and will be deleted on \(deletion)",
                                 "NAS office has been deleted"], "\(subjects)")
            let grace = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "will be suspended").first())
            #expect(grace.textBody.contains("The product “NAS office” (NAS Synology) of") && grace.textBody.contains("renewals page"))
        }
    }

    @Test("an automatic renewal the balance cannot pay is announced, and the notice before it no longer says nothing needs doing")
    func failedAutomaticRenewalIsAnnounced() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app, language: "it")
            organization.payFromBalance = true
            try await organization.save(on: app.db)
            let item = try await Scenario.catalogItem(app)
            try await RenewalScenario.product(app, clock, in: organization.requireID(), name: "rossi.example", expiresIn: 15, item: item, automatic: true)

            for _ in 0..<15 { try await RenewalScenario.nextDay(app, clock) }

            let subjects = try await RenewalScenario.subjects(app, to: "ana@example.test", about: "rossi.example")
            #expect(subjects.contains("Il rinnovo automatico di rossi.example non ha potuto essere pagato"), "\(subjects)")
            #expect(subjects.contains { $0.hasPrefix("rossi.example è scaduto e sarà sospeso il ") }, "then grace, announced too")
            let ahead = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "si rinnova automaticamente").first())
            #expect(!ahead.textBody.contains("Non deve fare nulla") && ahead.textBody.contains("si assicuri che copra la fattura"))
        }
    }

    @Test("a reminder counts the days really left, with the language's singular and plural, and no gendered article for the product")
    func reminderWording() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app, language: "de")
            organization.renewalReminderDaysRaw = "30,1"
            try await organization.save(on: app.db)
            let org = try organization.requireID()
            try await RenewalScenario.product(app, clock, in: org, .domain, name: "walker.example", expiresIn: 17, item: nil)

            for _ in 0..<16 { try await RenewalScenario.nextDay(app, clock) }

            let subjects = try await RenewalScenario.subjects(app, to: "ana@example.test", about: "walker.example")
            #expect(subjects == ["walker.example läuft in 16 Tagen ab", "walker.example läuft in 1 Tag ab"], "\(subjects)")
            let body = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "walker.example").first()).textBody
            #expect(body.contains("Das Produkt «walker.example» (Domain)") && body.contains("Es verlängert sich nicht") && !body.contains("Ihr Domain"))
        }
    }

    @Test("each reader gets the lifecycle's e-mails in her own language, whatever the organization's documents use")
    func eachReaderInHerLanguage() async throws {
        try await withTestApp { app, clock in
            let (organization, ana) = try await Scenario.orderingCustomer(app, language: "es")
            try await Scenario.customer(app, name: "Louis", email: "louis@example.test", language: "fr")
            try await Scenario.join(app, user: "louis@example.test", organization: organization, role: "administrator", invitedBy: ana)
            let item = try await Scenario.catalogItem(app)
            let org = try organization.requireID()
            try await RenewalScenario.product(app, clock, in: org, name: "garcia.example", expiresIn: 1, item: item)
            try await RenewalScenario.product(app, clock, in: org, name: "warranty.example", expiresIn: 1, item: item, warranty: true)

            try await RenewalScenario.nextDay(app, clock)

            let louis = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "louis@example.test").all().map(\.subject)
            #expect(louis.contains { $0.hasPrefix("garcia.example a expiré et sera suspendu le ") }, "\(louis)")
            #expect(louis.contains { $0.hasPrefix("warranty.example a été renouvelé jusqu'au ") }, "the set-based confirmation too: \(louis)")
            let anas = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "ana@example.test").all().map(\.subject)
            #expect(anas.contains { $0.hasPrefix("garcia.example ha vencido y se suspenderá el ") }, "\(anas)")
            let invoice = try #require(try await Invoice.query(on: app.db).first())
            #expect(invoice.language == "es", "the invoice keeps the organization's language")
        }
    }
}
