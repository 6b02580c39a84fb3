import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// An import that takes longer than a request may wait goes on by itself: the upload answers 202 with the upload's id,
/// and any server tells how it is going and, once it is done, the summary the upload would have answered.
@Suite("Statement imports that outlast the request: 202 with an id, the state from any server, the work done once")
struct StatementImportJobTests {
    /// One invoice of 120.00 and a file paying it plus an unknown payment of 7.00.
    static func invoiceAndFile(_ app: Application) async throws -> (Invoice, CamtFile) {
        let (organization, _) = try await StaffAPITests.customer(app)
        let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 120)
        return (invoice, CamtFile(entries: [
            .init(payments: [.init(reference: invoice.reference, amount: "120.00", bankReference: "T1")], entryReference: "E1"),
            .init(payments: [.init(amount: "7.00", bankReference: "T2", debtorIBAN: "DE89370400440532013000", debtorName: "Unknown GmbH")], entryReference: "E2"),
        ]))
    }

    static func status(_ app: Application, token: String, _ id: UUID) async throws -> APIModels.StatementImportStatus {
        let response = try await Scenario.staffAPI(app, .GET, .staffBankStatementImport(id), token: token)
        #expect(response.status == .ok, "the status answered \(response.status)")
        return try response.content.decode(APIModels.StatementImportStatus.self)
    }

    /// A 202's body, checked against its `Location`.
    static func accepted(_ response: TestingHTTPResponse) throws -> APIModels.StatementImportStatus {
        #expect(response.status == .accepted, "the upload answered \(response.status)")
        let status = try response.content.decode(APIModels.StatementImportStatus.self)
        #expect(response.headers.first(name: .location) == SiteRoute.api(.staffBankStatementImport(status.id)).path)
        return status
    }

    @Test("an upload's record says when its import finished, not when it started")
    func finishedWhenDone() async throws {
        try await withTestApp { app, clock in
            let (_, file) = try await Self.invoiceAndFile(app)
            let upload = BankStatementUpload()
            upload.id = UUID()
            upload.fileName = "slow.xml"; upload.fileSHA256 = ""; upload.state = BankStatementUpload.State.running.rawValue
            upload.transactionsRead = 0; upload.startedAt = clock.now; upload.heartbeatAt = clock.now
            try await upload.create(on: app.db)
            var importer = BankStatementImporter(db: app.db, config: app.kontor.config.billing, allowTestFiles: false, staffID: nil, now: clock.now)
            importer.uploadID = upload.id
            importer.afterMatching = { try await Task.sleep(for: .milliseconds(1_200)) }
            _ = try await importer.run(.data(file.data), fileName: "slow.xml")
            let done = try #require(try await BankStatementUpload.find(upload.id, on: app.db))
            let took = try #require(done.finishedAt).timeIntervalSince(done.startedAt)
            #expect(took >= 1.2 && took < 60, "finished \(took) s after it started")
        }
    }

    @Test("with no time to wait, the upload answers 202 and a Location; the import goes on and the status shows the summary a 200 would have")
    func acceptedThenDone() async throws {
        try await withTestApp(configure: { $0.statementImports.waitSeconds = 0 }) { app, _ in
            let (invoice, file) = try await Self.invoiceAndFile(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let upload = try Self.accepted(try await Scenario.staffUpload(app, token: token, file))
            #expect(upload.state != "failed" && upload.error == nil && upload.fileName == "staff-api.xml")
            // `staffAPI` waits for the import, as a caller asking again a little later would.
            let status = try await Self.status(app, token: token, upload.id)
            #expect(status.state == "done" && status.error == nil && status.transactionsRead == 2 && status.finishedAt != nil)
            let summary = try #require(status.summary)
            #expect(summary.transactions == 2 && summary.settled == 1 && summary.unidentified == 1 && summary.received.map(\.amountMinor) == [12_700])
            #expect(summary.importId == (try await BankStatementImport.query(on: app.db).first())?.id)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)

            // The same file again: accepted too, and still changes nothing.
            let again = try Self.accepted(try await Scenario.staffUpload(app, token: token, file))
            let repeated = try #require(try await Self.status(app, token: token, again.id).summary)
            #expect(repeated.duplicates == 2 && repeated.settled == 0 && repeated.sameFileImportedAt != nil)
            #expect(try await BankPayment.query(on: app.db).count() == 2)

            // A file refused after the answer: the status says why, as the upload would have.
            let broken = try Self.accepted(try await Scenario.staffAPI(app, .POST, .staffBankStatements, token: token,
                                                                        body: ByteBuffer(string: "<Document><BkToCstmrDbtCdtNtfctn>"),
                                                                        headers: ["Content-Type": "application/xml"]))
            let refused = try await Self.status(app, token: token, broken.id)
            #expect(refused.state == "failed" && refused.error?.code == "statement_malformed" && refused.error?.message.contains("nothing was imported") == true)
            #expect(try await Scenario.staffAPI(app, .GET, .staffBankStatementImport(UUID()), token: token).status == .notFound)
        }
    }

    @Test("an upload's status answers for 30 days; then housekeeping deletes the upload's record (404), and what the import booked stays")
    func uploadRecordsArePruned() async throws {
        try await withTestApp { app, clock in
            let (invoice, file) = try await Self.invoiceAndFile(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            #expect(try await Scenario.staffUpload(app, token: token, file).status == .ok)
            let upload = try #require(try await BankStatementUpload.query(on: app.db).first())
            clock.advance(by: 29 * 24 * 3600)
            #expect(try await app.housekeeping.run().statementUploadsDeleted == 0)
            #expect(try await Self.status(app, token: token, upload.requireID()).state == "done")
            // A renewed session token (M091) is kept a day, a pending announcement (M088) a month: both go with it.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("INSERT INTO renewed_session_tokens (token_hash, renewed_at) VALUES ('old', \(bind: clock.now.addingTimeInterval(-25 * 3600)))").run()
            try await sql.raw("INSERT INTO renewed_session_tokens (token_hash, renewed_at) VALUES ('new', \(bind: clock.now))").run()
            try await sql.raw("""
                INSERT INTO pending_bank_payments (id, dedupe_key, currency, amount_minor, reference, announced_on, created_at)
                VALUES (\(bind: UUID()), 'pending|old', 'CHF', 100, NULL, '2026-01-01', \(bind: clock.now.addingTimeInterval(-40 * 24 * 3600)))
                """).run()
            clock.advance(by: 2 * 24 * 3600)
            let report = try await app.housekeeping.run()
            #expect(report.statementUploadsDeleted == 1)
            #expect(report.renewedSessionsForgotten == 2 && report.pendingPaymentsForgotten == 1, "\(report)")
            #expect(try await Scenario.staffAPI(app, .GET, .staffBankStatementImport(upload.requireID()), token: token).status == .notFound)
            #expect(try await BankStatementImport.query(on: app.db).count() == 1)
            #expect(try await BankPayment.query(on: app.db).count() == 2)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
            // The same file again is still known by its fingerprint, through the import's record.
            let again = try await Scenario.staffUpload(app, token: token, file)
            #expect(try again.content.decode(APIModels.StatementSummary.self).duplicates == 2)
        }
    }

    @Test("a small file within the wait still answers 200 with the summary, and its upload is recorded done with the same summary")
    func smallFileAnswersAtOnce() async throws {
        try await withTestApp { app, _ in
            let (_, file) = try await Self.invoiceAndFile(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let response = try await Scenario.staffUpload(app, token: token, file)
            #expect(response.status == .ok && response.headers.first(name: .location) == nil)
            let summary = try response.content.decode(APIModels.StatementSummary.self)
            let upload = try #require(try await BankStatementUpload.query(on: app.db).first())
            let status = try await Self.status(app, token: token, upload.requireID())
            #expect(status.state == "done" && status.summary?.importId == summary.importId && status.summary?.settled == 1)
        }
    }

    @Test("while it runs, either server says so (with progress where it runs); once done, either server shows the summary")
    func runningOnTwoServers() async throws {
        try await withTestApps(count: 2, configure: { $0.statementImports.waitSeconds = 0 }) { apps, _ in
            let (_, file) = try await Self.invoiceAndFile(apps[0])
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
            await apps[0].kontor.statementImports.hold()
            let upload = try Self.accepted(try await Scenario.staffUpload(apps[0], token: token, file))
            for app in apps {
                let running = try await Self.status(app, token: token, upload.id)
                #expect(running.state == "running" && running.summary == nil && running.error == nil && running.transactionsRead == 0)
            }
            // The same bytes uploaded again while the first runs join it, on either server.
            let joined = try Self.accepted(try await Scenario.staffUpload(apps[1], token: token, file))
            #expect(joined.id == upload.id)
            await apps[0].kontor.statementImports.release()
            await apps[0].kontor.statementImports.drain()
            for app in apps {
                let done = try await Self.status(app, token: token, upload.id)
                #expect(done.state == "done" && done.summary?.settled == 1 && done.summary?.unidentified == 1)
            }
            #expect(try await BankStatementImport.query(on: apps[1].db).count() == 1)
        }
    }

    @Test("an import whose server stopped is not reported running forever: once its heartbeat is stale it is failed, interrupted; a late end still wins")
    func staleHeartbeat() async throws {
        try await withTestApps(count: 2, configure: { $0.statementImports.waitSeconds = 0 }) { apps, clock in
            let (_, file) = try await Self.invoiceAndFile(apps[0])
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
            await apps[0].kontor.statementImports.hold()
            let upload = try Self.accepted(try await Scenario.staffUpload(apps[0], token: token, file))
            clock.advance(by: Double(apps[0].kontor.config.statementImports.staleMinutes * 60 + 1))
            let elsewhere = try await Self.status(apps[1], token: token, upload.id)
            #expect(elsewhere.state == "failed" && elsewhere.error?.code == "statement_import_interrupted"
                    && elsewhere.error?.message.contains("Upload it again") == true)
            #expect(try await Self.status(apps[0], token: token, upload.id).state == "running", "the server running it knows better")
            // Uploaded again meanwhile (as the message says): a new import, not joined to the stale one.
            await apps[1].kontor.statementImports.hold()
            let second = try Self.accepted(try await Scenario.staffUpload(apps[1], token: token, file))
            #expect(second.id != upload.id)
            for app in apps {
                await app.kontor.statementImports.release()
                await app.kontor.statementImports.drain()
            }
            let first = try await Self.status(apps[1], token: token, upload.id), other = try await Self.status(apps[0], token: token, second.id)
            #expect(first.state == "done" && other.state == "done")
            #expect((first.summary?.settled ?? 0) + (other.summary?.settled ?? 0) == 1, "the file's payments are booked once")
            #expect(try await BankPayment.query(on: apps[0].db).count() == 2)
        }
    }

    @Test("an upload that joined another server's import, which stops while it waits, answers 202 with the interruption, never a bare 500")
    func joinedImportStops() async throws {
        try await withTestApps(count: 1, configure: { $0.statementImports.waitSeconds = 5 }) { apps, clock in
            let app = apps[0]
            let (invoice, file) = try await Self.invoiceAndFile(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            // The same bytes being imported by a server that is about to stop: recorded running, beating now.
            let elsewhere = BankStatementUpload()
            elsewhere.fileName = "camt054.xml"
            elsewhere.fileSHA256 = try #require(StatementFingerprint.of(.data(file.data)))
            elsewhere.state = BankStatementUpload.State.running.rawValue
            elsewhere.transactionsRead = 0
            elsewhere.startedAt = clock.now
            elsewhere.heartbeatAt = clock.now
            try await elsewhere.create(on: app.db)
            let staleMinutes = app.kontor.config.statementImports.staleMinutes
            // That server stops: half a second into the wait its heartbeat goes stale.
            let stopping = Task {
                try await Task.sleep(nanoseconds: 500_000_000)
                clock.advance(by: Double(staleMinutes * 60 + 1))
            }
            let response = try await Scenario.staffUpload(app, token: token, file)
            try await stopping.value
            let status = try Self.accepted(response)
            #expect(status.id == elsewhere.id, "the upload joined the running import")
            #expect(status.state == "failed" && status.error?.code == "statement_import_interrupted"
                    && status.error?.message.contains("Upload it again") == true)
            #expect(try await InvoiceSettlement.query(on: app.db).filter(\.$invoice.$id == invoice.requireID()).count() == 0)
            // As the message says, uploading it again imports it.
            #expect(try await Scenario.staffUpload(app, token: token, file).status == .ok)
            #expect(try await InvoiceSettlement.query(on: app.db).filter(\.$invoice.$id == invoice.requireID()).count() == 1)
        }
    }

    @Test("on PostgreSQL a long import keeps its heartbeat: past the stale limit another server still says running, then done; SQLite writes none")
    func heartbeatWhileRunning() async throws {
        // A few connections more than tests usually get: the lock's holder and the waiting import each keep one for the
        // whole test, beside the heartbeat and the test's own reads.
        try await withTestApps(count: 2, configure: {
            $0.statementImports.waitSeconds = 0; $0.statementImports.heartbeatSeconds = 0.1; $0.databaseConnections = 8
        }) { apps, clock in
            let (_, file) = try await Self.invoiceAndFile(apps[0])
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
            let postgres = (apps[0].db as? any SQLDatabase)?.dialect.name == "postgresql"
            // Another import holds the import lock (PostgreSQL), so this one runs, waiting, for as long as the test wants.
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            let (lockTaken, locked) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await apps[0].db.transaction { db in
                    try await StatementImportLock.take(on: db)
                    locked.yield()
                    for await _ in released { break }
                }
            }
            if postgres { for await _ in lockTaken { break } } else { release.finish() }
            // Sent without `Scenario.staffUpload`, which waits for the imports it started to end.
            let upload = try Self.accepted(try await apps[0].testing().sendRequest(
                .POST, SiteRoute.api(.staffBankStatements).path,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/xml"], body: ByteBuffer(data: file.data)))
            let started = try #require(try await BankStatementUpload.find(upload.id, on: apps[0].db)).heartbeatAt
            clock.advance(by: Double(apps[0].kontor.config.statementImports.staleMinutes * 60 + 1))
            if postgres {
                // A few heartbeats later the record carries the new time, and the other server sees a running import.
                var renewed = started
                for _ in 0..<50 where renewed == started {
                    try await Task.sleep(nanoseconds: 100_000_000)
                    renewed = try #require(try await BankStatementUpload.find(upload.id, on: apps[0].db)).heartbeatAt
                }
                #expect(renewed > started, "no heartbeat was written while the import ran")
                #expect(try await Self.status(apps[1], token: token, upload.id).state == "running")
                release.finish()
            }
            _ = try await holder.value
            await apps[0].kontor.statementImports.drain()
            let done = try await Self.status(apps[1], token: token, upload.id)
            #expect(done.state == "done" && done.summary?.settled == 1)
            if !postgres {
                #expect(try #require(try await BankStatementUpload.find(upload.id, on: apps[0].db)).heartbeatAt == started,
                        "SQLite's import holds the write lock: no heartbeat is written (the server answers from memory)")
            }
        }
    }

    @Test("the same file uploaded four times at once over two servers is imported once: one settlement, every answer a summary or a running import",
          arguments: [0, 20])
    func sameFileAtOnce(wait: Int) async throws {
        try await withTestApps(count: 2, configure: { $0.statementImports.waitSeconds = wait }) { apps, _ in
            let (invoice, file) = try await Self.invoiceAndFile(apps[0])
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
            let answers = try await withThrowingTaskGroup(of: (HTTPStatus, UUID?).self) { group in
                for upload in 0..<4 {
                    group.addTask {
                        let response = try await Scenario.staffUpload(apps[upload % 2], token: token, file)
                        if response.status == .accepted { return (response.status, try response.content.decode(APIModels.StatementImportStatus.self).id) }
                        return (response.status, nil)
                    }
                }
                return try await group.reduce(into: [(HTTPStatus, UUID?)]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.0 == (wait == 0 ? .accepted : .ok) }, "\(answers.map(\.0))")
            for app in apps { await app.kontor.statementImports.drain() }
            #expect(try await BankPayment.query(on: apps[0].db).count() == 2)
            #expect(try await InvoiceSettlement.query(on: apps[0].db).filter(\.$invoice.$id == invoice.requireID()).count() == 1)
            let imports = try await BankStatementImport.query(on: apps[0].db).all()
            #expect(imports.map(\.settled).reduce(0, +) == 1 && imports.map(\.unidentified).reduce(0, +) == 1)
            let uploads = try await BankStatementUpload.query(on: apps[1].db).all()
            #expect(uploads.allSatisfy { $0.state == "done" } && !uploads.isEmpty && uploads.count <= 4)
            for id in answers.compactMap(\.1) { #expect(try await Self.status(apps[1], token: token, id).state == "done") }
        }
    }

    @Test("the wait and the stale limit are read from the environment, within their ranges; a wait at or past the idle timeout is refused")
    func configuration() throws {
        let defaults = try AppConfig.load(environment: [:], dotEnvPath: nil, isProduction: false).statementImports
        #expect(defaults.waitSeconds == 20 && defaults.staleMinutes == 10)
        let set = try AppConfig.load(environment: ["KONTOR_STATEMENT_IMPORT_WAIT_SECONDS": "0", "KONTOR_STATEMENT_IMPORT_STALE_MINUTES": "30"],
                                     dotEnvPath: nil, isProduction: false).statementImports
        #expect(set.waitSeconds == 0 && set.staleMinutes == 30)
        for (name, value) in [("KONTOR_STATEMENT_IMPORT_WAIT_SECONDS", "30"), ("KONTOR_STATEMENT_IMPORT_WAIT_SECONDS", "-1"),
                              ("KONTOR_STATEMENT_IMPORT_STALE_MINUTES", "0"), ("KONTOR_STATEMENT_IMPORT_STALE_MINUTES", "soon")] {
            #expect(throws: ConfigurationError.self, "\(name)=\(value)") {
                try AppConfig.load(environment: [name: value], dotEnvPath: nil, isProduction: false)
            }
        }
    }

    @Test("only administrators and billing staff import or read an import; other staff get 403, customers 401")
    func accessControl() async throws {
        try await withTestApp(configure: { $0.statementImports.waitSeconds = 0 }) { app, _ in
            let (_, file) = try await Self.invoiceAndFile(app)
            let (_, admin) = try await Scenario.staffWithToken(app, role: .administrator, email: "admin@staff.test")
            let upload = try Self.accepted(try await Scenario.staffUpload(app, token: admin, file))
            #expect(try await Self.status(app, token: admin, upload.id).state == "done")
            for role in [StaffRole.editor, .support] {
                let (_, token) = try await Scenario.staffWithToken(app, role: role, email: "\(role.rawValue)@staff.test")
                #expect(try await Scenario.staffUpload(app, token: token, file).status == .forbidden)
                #expect(try await Scenario.staffAPI(app, .GET, .staffBankStatementImport(upload.id), token: token).status == .forbidden)
            }
            #expect(try await Scenario.staffAPI(app, .GET, .staffBankStatementImport(upload.id), token: nil).status == .unauthorized)
            _ = try await Scenario.customer(app, name: "Eve", email: "eve@example.test")
            let eve = try await Scenario.signedIn(app, email: "eve@example.test")
            #expect(try await eve.get(SiteRoute.staffBillingImportStatus(upload.id).path).status != .ok)
            #expect(try await BankStatementUpload.query(on: app.db).count() == 1)
        }
    }

    @Test("on the staff page a long import does not time out: the upload leads to its own page, which reloads while it runs and then shows the summary")
    func staffPage() async throws {
        try await withTestApps(count: 2, configure: { $0.statementImports.waitSeconds = 0 }) { apps, _ in
            let (_, file) = try await Self.invoiceAndFile(apps[0])
            let billing = try await Scenario.staff(apps[0], role: .billing, email: "billing@staff.test")
            let csrf = ["_csrf": try await billing.csrfToken(page: SiteRoute.staffBilling.path)]
            await apps[0].kontor.statementImports.hold()
            let posted = try await billing.postMultipart(SiteRoute.staffBillingImport.path, fields: csrf,
                                                         files: [.init(field: "statement", filename: "big.xml", contentType: "application/xml", bytes: Array(file.data))])
            #expect(posted.status == .seeOther)
            let location = try #require(posted.headers.first(name: .location))
            let upload = try #require(try await BankStatementUpload.query(on: apps[0].db).first())
            #expect(location == SiteRoute.staffBillingImportStatus(upload.id!).path)
            let running = try await billing.get(location).body.string
            #expect(running.contains("id=\"import-running\"") && running.contains("big.xml") && running.contains("http-equiv=\"refresh\""))
            #expect(!running.contains("id=\"staff-prepaid\"") && !running.contains("id=\"staff-invoice\"") && running.contains(SiteRoute.staffBilling.path),
                    "the reloading page holds no form whose typing a reload would wipe, and leads back to billing")
            let billingPage = try await billing.get(SiteRoute.staffBilling.path).body.string
            #expect(billingPage.contains("id=\"staff-prepaid\"") && !billingPage.contains("http-equiv=\"refresh\""), "the billing page itself never reloads")
            await apps[0].kontor.statementImports.release()
            await apps[0].kontor.statementImports.drain()
            // The next reload, perhaps answered by the other server.
            let other = Browser(apps[1])
            for (name, value) in billing.cookies { other.setCookie(name, value) }
            let done = try await other.get(location).body.string
            #expect(done.contains("id=\"import-summary\"") && done.contains("id=\"summary-settled\">1<") && !done.contains("http-equiv=\"refresh\""))
            #expect(try await other.get(SiteRoute.staffBillingImportStatus(UUID()).path).status == .notFound)
        }
    }
}

/// A payment first reported without its amount is completed by the report that has it — unless staff decided about it
/// first. Both at the same instant: one of them wins, whole, and the other sees it.
@Suite("A payment without its amount, completed by an import while staff mark it for refund at the same instant: one wins, nothing is booked twice")
struct CompletionRaceTests {
    @Test("the camt.054 with the amounts imported on one server while staff mark the amount-less payment for refund on the other, repeated")
    func importAndStaffDecisionAtOnce() async throws {
        var outcomes: Set<String> = []
        for round in 0..<4 {
            try await withTestApps(count: 2) { apps, _ in
                let (a, _, values) = try await BankTwoReportsTests.twoInvoices(apps[0])
                let stated = try await BankPaymentKeyTests.run(apps[0], "camt053-v04-batch-details-without-amounts.xml", values)
                #expect(stated.flagged == 2)
                let missing = try await BankPayment.query(on: apps[0].db).filter(\.$flag == "amount_missing").all()
                let target = try #require(missing.first { $0.reference == a.reference })
                let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
                let file = try CamtFixture.data("camt054-v04-batch-with-amounts.xml", values)
                async let imported = Scenario.staffAPI(apps[round % 2], .POST, .staffBankStatements, token: token, body: ByteBuffer(data: file),
                                                       headers: ["Content-Type": "application/xml"])
                async let refunded = Scenario.staffAPI(apps[(round + 1) % 2], .POST, .staffUnidentifiedPaymentRefund(target.id!), token: token)
                let (importAnswer, refundAnswer) = try await (imported, refunded)
                #expect(importAnswer.status == .ok)
                let summary = try importAnswer.content.decode(APIModels.StatementSummary.self)
                let decided = try #require(try await BankPayment.find(target.id, on: apps[1].db))
                let completion = try await BankPayment.query(on: apps[1].db).filter(\.$dedupeKey == target.dedupeKey + "|completed").first()
                let paid = try await BankTwoReportsTests.isPaid(apps[1], a)
                switch refundAnswer.status {
                case .ok:
                    // Staff first: the report with the amount is the same payment, already decided: nothing booked.
                    outcomes.insert("staff")
                    #expect(decided.assignment == BankPayment.refundAssignment && completion == nil && !paid)
                    #expect(summary.settled == 1 && summary.duplicates == 1)
                case .conflict:
                    // The import first: the payment is completed and booked; staff are told it is decided.
                    outcomes.insert("import")
                    #expect(decided.assignment == BankPayment.completedAssignment && completion?.outcome == "settled" && paid)
                    #expect(summary.settled == 2 && summary.duplicates == 0)
                default:
                    Issue.record("the refund answered \(refundAnswer.status)")
                }
                #expect(try await InvoiceSettlement.query(on: apps[0].db).filter(\.$invoice.$id == a.requireID()).count() == (paid ? 1 : 0))
            }
        }
        #expect(!outcomes.isEmpty, "\(outcomes)")
    }

    @Test("staff's decision claimed but not yet committed when the import reaches the payment: the import waits for it and books nothing for that payment")
    func staffDecisionHeldWhileTheImportRuns() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (a, b, values) = try await BankTwoReportsTests.twoInvoices(apps[0])
            _ = try await BankPaymentKeyTests.run(apps[0], "camt053-v04-batch-details-without-amounts.xml", values)
            let target = try #require(try await BankPayment.query(on: apps[0].db).filter(\.$flag == "amount_missing").all().first { $0.reference == a.reference })
            let claimed = AsyncStream<Void>.makeStream()
            // The refund mark's transaction stays open a while after its UPDATE claimed the row (its audit step is slow).
            let staff = Task {
                try await UnidentifiedPayments(db: apps[1].db).markForRefund(target.id!, staffID: UUID(), now: Date()) { _, _ in
                    claimed.continuation.yield()
                    try await Task.sleep(nanoseconds: 1_500_000_000)
                }
            }
            for await _ in claimed.stream { break }
            let summary = try await BankPaymentKeyTests.run(apps[0], "camt054-v04-batch-with-amounts.xml", values)
            try await staff.value
            #expect(summary.settled == 1 && summary.duplicates == 1, "the other payment is completed; the decided one is a repeat")
            let decided = try #require(try await BankPayment.find(target.id, on: apps[0].db))
            #expect(decided.assignment == BankPayment.refundAssignment)
            #expect(try await BankPayment.query(on: apps[0].db).filter(\.$dedupeKey == target.dedupeKey + "|completed").count() == 0)
            let paidA = try await BankTwoReportsTests.isPaid(apps[0], a), paidB = try await BankTwoReportsTests.isPaid(apps[0], b)
            #expect(!paidA && paidB, "the money marked for refund is not also booked")
        }
    }
}
