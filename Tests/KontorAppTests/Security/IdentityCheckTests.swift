import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import TestSupport
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// A file laid out like a real one of `type` (what the server checks and walks), padded to a plausible size:
    /// a JPEG's segments up to its scan, a PNG's chunks, a PDF's header.
    static func document(_ type: DocumentType, bytes: Int = 2048) -> [UInt8] {
        switch type {
        case .jpeg: PhotoSamples.jpeg(scanBytes: max(16, bytes - 40))
        case .png: PhotoSamples.png(pixelBytes: max(16, bytes - 57))
        case .pdf: Array("%PDF-1.7\n".utf8) + Array(repeating: 0x20, count: max(0, bytes - 9))
        }
    }

    /// The three uploads of an identity check: front and back as JPEG, the selfie as PNG.
    static func identityUploads(front: [UInt8] = document(.jpeg), back: [UInt8] = document(.pdf),
                                selfie: [UInt8] = document(.png)) -> [Browser.Upload] {
        [.init(field: "document_front", filename: "front.jpg", contentType: "image/jpeg", bytes: front),
         .init(field: "document_back", filename: "back.pdf", contentType: "application/pdf", bytes: back),
         .init(field: "document_selfie", filename: "selfie.png", contentType: "image/png", bytes: selfie)]
    }
}

@Suite("Lost device: an identity check with documents, decided by staff (seed guide: desactivar la 2FA)")
struct IdentityCheckTests {
    static let email = "lost@example.test"

    /// A customer with 2FA who now stands at the second step without any factor at hand.
    private func lostDevice(_ app: Application, _ clock: TestClock) async throws -> Browser {
        try await Scenario.customer(app, name: "Lucía Pérez", email: Self.email)
        let setup = try await Scenario.signedIn(app, email: Self.email)
        _ = try await Scenario.enableTwoFactor(app, setup, now: clock.now)
        return try await Scenario.passwordStep(app, email: Self.email)
    }

    private func submit(_ app: Application, _ browser: Browser) async throws -> IdentityRequest {
        let sent = try await browser.postMultipart(SiteRoute.identityCheck.path, fields: ["password": Scenario.password],
                                                   files: Scenario.identityUploads())
        #expect(sent.location == SiteRoute.identityCheck.path + "?notice=identity_request_sent", "submitting answered \(sent.status): \(sent.body.string.prefix(300))")
        return try #require(try await IdentityRequest.query(on: app.db).first())
    }

    @Test("only a browser that gave the password reaches the form; the request needs the password again and all three files")
    func form() async throws {
        try await withTestApp { app, clock in
            #expect(try await Browser(app).get(SiteRoute.identityCheck.path).location == SiteRoute.signIn.path)
            let browser = try await lostDevice(app, clock)
            let page = try await browser.get(SiteRoute.identityCheck.path).body.string
            #expect(page.contains("enctype=\"multipart/form-data\"") && page.contains("name=\"document_selfie\""))

            let empty = try await browser.postMultipart(SiteRoute.identityCheck.path, fields: ["password": "wrong"], files: [])
            #expect(empty.status == .unprocessableEntity)
            for id in ["password-error", "document_front-error", "document_back-error", "document_selfie-error"] {
                #expect(empty.body.string.contains("id=\"\(id)\""), "\(id) is named")
            }
            #expect(try await IdentityRequest.query(on: app.db).count() == 0)
            #expect(try await IdentityDocument.query(on: app.db).count() == 0)
        }
    }

    @Test("the file type is read from the content, not the name; too small and too large are refused, each by its field")
    func fileChecks() async throws {
        try await withTestApp { app, clock in
            let browser = try await lostDevice(app, clock)
            let disguised = Array("<html><script>alert(1)</script></html>".utf8) + Array(repeating: 0x20, count: 500)
            let oversized = Scenario.document(.jpeg, bytes: IdentityDocumentPolicy.maximumBytes + 1)
            let refused = try await browser.postMultipart(SiteRoute.identityCheck.path, fields: ["password": Scenario.password],
                                                          files: Scenario.identityUploads(front: disguised, back: oversized, selfie: [0xFF, 0xD8, 0xFF]))
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains(app.kontor.localizer.text("error.identity.file_type", .en)))
            #expect(html.contains(app.kontor.localizer.text("error.identity.too_large", .en)))
            #expect(html.contains("id=\"document_selfie-error\""), "a 3-byte 'JPEG' is no photo")
            #expect(try await IdentityRequest.query(on: app.db).count() == 0, "nothing is half-stored")

            // Over the route's limit: a real server refuses the stream with 413 before reading it all.
            try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(.POST, SiteRoute.identityCheck.path, beforeRequest: { request in
                request.headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
                request.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=x")
                request.body = ByteBuffer(repeating: 0x41, count: IdentityCheckController.maximumUpload + 1)
            }, afterResponse: { response in
                #expect(response.status == .payloadTooLarge, "a body over the route's limit is refused with 413, not a crash")
            })
        }
    }

    @Test("the API files the same request: password and every document checked, 202, then one waiting at a time")
    func throughTheAPI() async throws {
        try await withTestApp { app, clock in
            _ = try await lostDevice(app, clock)
            try await Scenario.customer(app, name: "Plain", email: "plain@example.test")
            let path = SiteRoute.api(.identityChecks).path
            let api = Browser(app)
            let wrong = try await api.postMultipart(path, fields: ["email": Self.email, "password": "not it"], files: Scenario.identityUploads())
            #expect(wrong.status == .unauthorized)
            let tooSmall = try await api.postMultipart(path, fields: ["email": Self.email, "password": Scenario.password],
                                                       files: Scenario.identityUploads(selfie: [0x89, 0x50]))
            #expect(tooSmall.status == .unprocessableEntity)
            #expect(try Scenario.apiError(tooSmall).fields?.map(\.field) == ["document_selfie"])
            let notNeeded = try await api.postMultipart(path, fields: ["email": "plain@example.test", "password": Scenario.password],
                                                        files: Scenario.identityUploads())
            let notNeededCode = try Scenario.apiError(notNeeded).code
            #expect(notNeeded.status == .conflict && notNeededCode == "not_needed")

            let filed = try await api.postMultipart(path, fields: ["email": Self.email, "password": Scenario.password], files: Scenario.identityUploads())
            #expect(filed.status == .accepted)
            let body = try filed.content.decode(APIModels.IdentityCheck.self)
            #expect(body.status == "pending")
            #expect(try await IdentityRequest.find(body.id, on: app.db)?.status == .pending)
            #expect(try await IdentityDocument.query(on: app.db).count() == 3)
            let again = try await api.postMultipart(path, fields: ["email": Self.email, "password": Scenario.password], files: Scenario.identityUploads())
            let againCode = try Scenario.apiError(again).code
            #expect(again.status == .conflict && againCode == "already_pending")
            let json = try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: "{}"))
            #expect(json.status == .unsupportedMediaType)
        }
    }

    @Test("a phone photo reaches the reviewer without where, when and with what it was taken; a damaged one is refused by its field")
    func photoMetadata() async throws {
        try await withTestApp { app, clock in
            let browser = try await lostDevice(app, clock)
            let damaged = Array(Scenario.document(.jpeg).prefix(30)) + Array(repeating: 0x20, count: 500)
            let refused = try await browser.postMultipart(SiteRoute.identityCheck.path + "?lang=de", fields: ["password": Scenario.password],
                                                          files: Scenario.identityUploads(front: damaged))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("id=\"document_front-error\"")
                    && refused.body.string.contains(HTMLEscaping.escape(app.kontor.localizer.text("error.identity.damaged", .de))))
            #expect(try await IdentityRequest.query(on: app.db).count() == 0, "nothing is half-stored")

            let photo = PhotoSamples.jpeg(before: [PhotoSamples.exif(orientation: 6)], scanBytes: 2000)
            let sent = try await browser.postMultipart(SiteRoute.identityCheck.path, fields: ["password": Scenario.password],
                                                       files: Scenario.identityUploads(front: photo))
            #expect(sent.status == .seeOther)
            let request = try #require(try await IdentityRequest.query(on: app.db).first())
            let stored = try #require(try await IdentityDocument.query(on: app.db).filter(\.$sideValue == "front").first())
            let support = try await Scenario.staff(app, role: .support)
            let front = Array(try await support.get(SiteRoute.staffIdentityDocument(request.id!, side: "front").path).body.readableBytesView)
            let expected = try #require(PhotoMetadata.stripped(photo, type: .jpeg))
            #expect(front == expected && stored.byteCount == expected.count, "stored and shown without the Exif block")
            #expect(String(decoding: front, as: UTF8.self).contains("PhoneMaker") == false)
            #expect(String(decoding: photo, as: UTF8.self).contains("PhoneMaker"), "the upload had it")
            #expect(front.count < photo.count && front.suffix(2002) == photo.suffix(2002), "the picture itself is as sent")
        }
    }

    @Test("a request is stored sealed, acknowledged by e-mail, logged, and shown as waiting; a second one is refused")
    func submitting() async throws {
        try await withTestApp { app, clock in
            let browser = try await lostDevice(app, clock)
            let request = try await submit(app, browser)
            #expect(request.status == .pending)
            let documents = try await IdentityDocument.query(on: app.db).all()
            #expect(documents.count == 3)
            #expect(Set(documents.map(\.typeValue)) == ["jpeg", "pdf", "png"])
            let jpeg = try #require(documents.first { $0.sideValue == "front" })
            #expect(!jpeg.sealedData.starts(with: [0xFF, 0xD8, 0xFF]) && jpeg.sealedData.count > jpeg.byteCount, "sealed, not stored as sent")

            let page = try await browser.get(SiteRoute.identityCheck.path).body.string
            #expect(page.contains("id=\"identity-pending\"") && !page.contains("id=\"identity-form\""))
            let again = try await browser.postMultipart(SiteRoute.identityCheck.path, fields: ["password": Scenario.password],
                                                        files: Scenario.identityUploads())
            #expect(again.status == .conflict)
            let subjects = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all().map(\.subject)
            #expect(subjects.contains(app.kontor.localizer.text("mail.identity_received.subject", .en)))
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "identity_request_submitted").count() == 1)
            #expect(try await browser.get(SiteRoute.console.path).status == .seeOther, "the request itself signs nobody in")
        }
    }

    @Test("the same request sent several times at the same moment is stored once; the others are refused with a reason")
    func parallelSubmissions() async throws {
        try await withTestApp { app, clock in
            _ = try await lostDevice(app, clock)
            let user = try #require(try await User.find(email: Self.email, on: app.db))
            let files: [IdentityDocumentPolicy.Side: [UInt8]] = [.front: Scenario.document(.jpeg), .back: Scenario.document(.pdf), .selfie: Scenario.document(.png)]
            // Straight at the service, as concurrent requests would reach it past the page's own check.
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let request = Request(application: app, on: app.eventLoopGroup.next())
                        do {
                            _ = try await IdentityVerificationService(request: request).submit(for: user, password: Scenario.password, files: files)
                            return "stored"
                        } catch let error as AppError {
                            switch error {
                            case .conflict(messageKey: "error.identity.already_pending", _): return "already pending"
                            case .rateLimited: return "too many today"  // the per-account daily limit counts these too
                            default: return "\(error)"
                            }
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "stored" }.count == 1, "outcomes: \(outcomes)")
            #expect(outcomes.allSatisfy { ["stored", "already pending", "too many today"].contains($0) }, "outcomes: \(outcomes)")
            #expect(try await IdentityRequest.query(on: app.db).count() == 1)
            #expect(try await IdentityDocument.query(on: app.db).count() == 3, "no documents of a refused request are left behind")
        }
    }

    @Test("approval removes every second factor, ends every session, tells the user, and is audited; it happens once")
    func approval() async throws {
        try await withTestApp { app, clock in
            let browser = try await lostDevice(app, clock)
            let otherDevice = try await Scenario.passwordStep(app, email: Self.email)
            let request = try await submit(app, browser)
            let support = try await Scenario.staff(app, role: .support)
            let page = try await support.get(SiteRoute.staffIdentityCheck(request.id!).path)
            #expect(page.status == .ok && page.body.string.contains("Lucía Pérez") && page.body.string.contains(SiteRoute.staffIdentityDocument(request.id!, side: "front").path))
            let front = try await support.get(SiteRoute.staffIdentityDocument(request.id!, side: "front").path)
            #expect(front.headers.contentType?.description == "image/jpeg" && Array(front.body.readableBytesView) == Scenario.document(.jpeg))
            #expect(front.headers.first(name: .cacheControl) == "no-store")
            let back = try await support.get(SiteRoute.staffIdentityDocument(request.id!, side: "back").path)
            #expect(back.headers.contentType?.description == "application/pdf" && back.headers.first(name: "Content-Security-Policy")?.hasSuffix("; sandbox") == true,
                    "the customer's PDF opens in a sandbox: \(back.headers.first(name: "Content-Security-Policy") ?? "")")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "identity_document_viewed").count() == 2)

            let unconfirmed = try await support.post(SiteRoute.staffIdentityApprove(request.id!).path)
            #expect(unconfirmed.status == .unprocessableEntity, "the reviewer confirms they compared the documents")
            let approved = try await support.post(SiteRoute.staffIdentityApprove(request.id!).path, form: ["confirmed": "on"])
            #expect(approved.location == SiteRoute.staffIdentityChecks.path + "?notice=identity_approved")
            #expect(try await support.post(SiteRoute.staffIdentityApprove(request.id!).path, form: ["confirmed": "on"]).status == .conflict)

            let user = try #require(try await User.find(email: Self.email, on: app.db))
            #expect(try await SecondFactor.query(on: app.db).filter(\.$user.$id == user.id!).count() == 0)
            #expect(try await BackupCode.query(on: app.db).filter(\.$user.$id == user.id!).count() == 0)
            #expect(try await AuthSession.query(on: app.db).filter(\.$user.$id == user.id!).count() == 0, "every session ended")
            #expect(try await otherDevice.get(SiteRoute.signInSecondFactor.path).location == SiteRoute.signIn.path)
            let subjects = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all().map(\.subject)
            #expect(subjects.contains(app.kontor.localizer.text("mail.identity_approved.subject", .en)))
            let event = try #require(try await SecurityEvent.query(on: app.db).filter(\.$kind == "identity_request_approved").first())
            #expect(event.userID == user.id && event.staffMemberID != nil)
            #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": Self.email, "password": Scenario.password]).location == SiteRoute.console.path,
                    "the password alone signs in now; the user sets 2FA up again")
        }
    }

    @Test("rejection needs a reason, mails it, and changes nothing else")
    func rejection() async throws {
        try await withTestApp { app, clock in
            let browser = try await lostDevice(app, clock)
            let request = try await submit(app, browser)
            let support = try await Scenario.staff(app, role: .support)
            let blank = try await support.post(SiteRoute.staffIdentityReject(request.id!).path, form: ["reason": "  "])
            #expect(blank.status == .unprocessableEntity && blank.body.string.contains("id=\"reason-error\""))
            let long = try await support.post(SiteRoute.staffIdentityReject(request.id!).path, form: ["reason": String(repeating: "x", count: 501)])
            #expect(long.status == .unprocessableEntity)
            let reason = "The selfie does not show the document."
            #expect(try await support.post(SiteRoute.staffIdentityReject(request.id!).path, form: ["reason": reason]).status == .seeOther)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all()
                .first { $0.subject == app.kontor.localizer.text("mail.identity_rejected.subject", .en) })
            #expect(mail.textBody.contains(reason))
            #expect(try await SecondFactor.query(on: app.db).count() == 1, "the factor stays")
            #expect(try await browser.get(SiteRoute.identityCheck.path).body.string.contains("id=\"identity-form\""), "a new request can be sent")
        }
    }

    @Test("documents are deleted once the retention period after the decision is over, and not before")
    func retention() async throws {
        try await withTestApp { app, clock in
            let browser = try await lostDevice(app, clock)
            let request = try await submit(app, browser)
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await app.housekeeping.run().identityRequestsCleared == 0, "a pending request keeps its documents")
            try await support.post(SiteRoute.staffIdentityReject(request.id!).path, form: ["reason": "Unreadable."])
            clock.advance(by: TimeInterval(app.kontor.config.identityDocumentRetentionDays) * 24 * 3600 - 60)
            #expect(try await app.housekeeping.run().identityRequestsCleared == 0)
            clock.advance(by: 120)
            #expect(try await app.housekeeping.run().identityRequestsCleared == 1)
            let reviewer = try await Scenario.staff(app, role: .support, email: "later@staff.test")
            #expect(try await IdentityDocument.query(on: app.db).count() == 0)
            #expect(try await IdentityRequest.find(request.id, on: app.db)?.documentsDeletedAt != nil, "the decision itself stays for the audit")
            #expect(try await reviewer.get(SiteRoute.staffIdentityDocument(request.id!, side: "front").path).status == .notFound)
            #expect(try await reviewer.get(SiteRoute.staffIdentityCheck(request.id!).path).body.string.contains("id=\"documents-deleted\""))
        }
    }

    @Test("a request nobody decides is closed after 90 days, logged for its customer, told to them in their language, and its documents go after the retention period")
    func unansweredRequestCloses() async throws {
        try await withTestApp { app, clock in
            let browser = try await lostDevice(app, clock)
            let request = try await submit(app, browser)
            let customer = try #require(try await User.query(on: app.db).filter(\.$email == Self.email).first())
            customer.language = Language.it.rawValue
            try await customer.save(on: app.db)
            let closedSubject = app.kontor.localizer.text("mail.identity_closed.subject", .it)
            clock.advance(by: Double(IdentityVerificationService.unansweredDays) * 24 * 3600 - 60)
            #expect(try await app.housekeeping.run().identityRequestsClosed == 0, "still waiting for support")
            clock.advance(by: 120)
            #expect(try await app.housekeeping.run().identityRequestsClosed == 1)
            let closed = try #require(try await IdentityRequest.find(request.id, on: app.db))
            #expect(closed.statusValue == IdentityRequestStatus.closed.rawValue && closed.decidedAt != nil)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "identity_request_closed").filter(\.$userID == closed.$user.id).count() == 1)
            let told = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).filter(\.$subject == closedSubject).all()
            #expect(told.count == 1, "the customer, still locked out, learns the request will get no answer")
            #expect(told.first?.textBody.contains(app.kontor.localizer.text("mail.identity_closed.again", .it)) == true, "and how to ask again")
            #expect(try await app.housekeeping.run().identityRequestsClosed == 0, "closed once")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == closedSubject).count() == 1, "told once")
            clock.advance(by: TimeInterval(app.kontor.config.identityDocumentRetentionDays) * 24 * 3600 + 60)
            #expect(try await app.housekeeping.run().identityRequestsCleared == 1)
            #expect(try await IdentityDocument.query(on: app.db).count() == 0, "no identity card kept for good")
        }
    }

    @Test("two servers' housekeeping at once close an unanswered request once and log it once, never a 500")
    func unansweredRequestClosesOnceOverTwoServers() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let browser = try await lostDevice(apps[0], clock)
            _ = try await submit(apps[0], browser)
            clock.advance(by: Double(IdentityVerificationService.unansweredDays + 1) * 24 * 3600)
            let closed = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<6 { group.addTask { try await apps[index % 2].housekeeping.run().identityRequestsClosed } }
                return try await group.reduce(0, +)
            }
            #expect(closed == 1)
            #expect(try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "identity_request_closed").count() == 1)
            let subject = apps[0].kontor.localizer.text("mail.identity_closed.subject", .en)
            #expect(try await OutboxMessage.query(on: apps[1].db).filter(\.$recipient == Self.email).filter(\.$subject == subject).count() == 1,
                    "the customer is told once")
        }
    }

    @Test("only support and administrators see requests; customers, editors and half-signed-in staff do not")
    func access() async throws {
        try await withTestApp { app, clock in
            let browser = try await lostDevice(app, clock)
            let request = try await submit(app, browser)
            try await Scenario.customer(app, name: "Other", email: "other@example.test")
            let customer = try await Scenario.signedIn(app, email: "other@example.test")
            let paths = [SiteRoute.staffIdentityChecks.path, SiteRoute.staffIdentityCheck(request.id!).path,
                         SiteRoute.staffIdentityDocument(request.id!, side: "selfie").path]
            for path in paths {
                #expect(try await customer.get(path).location == SiteRoute.staffSignIn.path, "a customer session is no staff session")
            }
            let forged = try await customer.post(SiteRoute.staffIdentityApprove(request.id!).path, form: ["confirmed": "on"])
            #expect(forged.location == SiteRoute.staffSignIn.path, "a customer session cannot decide")
            let administrator = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            #expect(try await administrator.get(paths[1]).status == .ok)
            let editor = try await Scenario.staff(app, role: .editor, email: "editor@staff.test")
            #expect(try await editor.get(paths[0]).status == .forbidden)
            // Password given, authenticator code not yet: nothing.
            try await StaffService(database: app.db, hasher: app.kontor.hasher, policy: app.kontor.passwordPolicy, now: clock.now)
                .create(name: "Half", email: "half@staff.test", password: Scenario.password, role: "support")
            let half = Browser(app)
            try await half.post(SiteRoute.staffSignIn.path, form: ["email": "half@staff.test", "password": Scenario.password])
            #expect(try await half.get(paths[2]).location == SiteRoute.staffSignIn.path)
            #expect(try await IdentityRequest.find(request.id, on: app.db)?.status == .pending)
        }
    }

    @Test("a customer who gets back in with her second factor closes her waiting check: no reviewer needed, and her log says so")
    func signingInClosesTheCheck() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Lucía Pérez", email: Self.email)
            let (secret, _) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            let request = try await submit(app, try await Scenario.passwordStep(app, email: Self.email))
            #expect(request.status == .pending)

            clock.advance(by: 3600)                            // she found her phone again
            let again = try await Scenario.passwordStep(app, email: Self.email)
            let code = OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)
            #expect(try await again.post(SiteRoute.signInSecondFactor.path, form: ["code": code]).location == SiteRoute.console.path)
            let closed = try #require(try await IdentityRequest.find(request.id, on: app.db))
            #expect(closed.status == .closed && closed.decidedAt != nil, "decided, so its documents go after the retention period")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "identity_request_closed").count() == 1)
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.post(SiteRoute.staffIdentityApprove(request.id!).path, form: ["confirmed": "on"]).status == .conflict,
                    "a reviewer can no longer approve it")
            #expect(try await support.get(SiteRoute.staffIdentityChecks.path).body.string.contains("Closed: the customer signed in with a second factor"))
            #expect(try await SecondFactor.query(on: app.db).count() == 1, "her authenticator stays")
        }
    }
}
