import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A payment the bank gives no reference for is known again by what it says (its fingerprint). What it says is read
/// as content, not as the file wrote it: a second report writing the amount, the reference or the payer's IBAN
/// another way is the same payment.
@Suite("Bank payments without a reference of the bank's are known again however a later report writes them")
struct BankFingerprintTests {
    /// A notification with one payment and no reference of the bank's (neither the entry's nor the payment's).
    static func file(messageID: String, account: String, amount: String, reference: String, debtorIBAN: String) -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
            <GrpHdr><MsgId>\(messageID)</MsgId><CreDtTm>2026-12-07T18:00:00</CreDtTm></GrpHdr>
            <Ntfctn><Id>\(messageID)-1</Id><Acct><Id><IBAN>\(account)</IBAN></Id></Acct>
            <Ntry><Amt Ccy="CHF">\(amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>2026-12-07</Dt></BookgDt><ValDt><Dt>2026-12-07</Dt></ValDt>
            <NtryDtls><TxDtls><Amt Ccy="CHF">\(amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd>
            <RltdPties><Dbtr><Pty><Nm>Payer</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>\(debtorIBAN)</IBAN></Id></DbtrAcct></RltdPties>
            <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>\(reference)</Ref></CdtrRefInf></Strd></RmtInf>
            </TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
            """.utf8)
    }

    /// `text` in groups of five from its end, as a payment slip prints a QR reference and e-banking copies it.
    static func grouped(_ text: String) -> String {
        var groups: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            groups.insert(String(rest.suffix(5)), at: 0)
            rest = rest.dropLast(5)
        }
        return groups.joined(separator: " ")
    }

    @Test("a payment without any bank reference, reported again with its amount as 14.000 or 14, its QR reference in groups of five and the payer's IBAN with spaces, is already imported: nothing is credited twice")
    func sameContentWrittenOtherwise() async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana")
            let invoice = try await InvoiceTests.issue(app, to: try ana.requireID(), francs: 14)
            let reference = try #require(invoice.reference)
            let account = try #require(app.kontor.config.billing.accounts[.chf]).electronic
            let first = try await BankImportTests.importer(app).run(.data(Self.file(
                messageID: "FP1", account: account, amount: "14.00", reference: reference, debtorIBAN: "CH9300762011623852957")), fileName: "fp1.xml")
            #expect(first.settled == 1, "\(first)")
            for (index, amount) in ["14.000", "14", "14.0"].enumerated() {
                let again = try await BankImportTests.importer(app).run(.data(Self.file(
                    messageID: "FP\(index + 2)", account: account, amount: amount, reference: Self.grouped(reference),
                    debtorIBAN: "CH93 0076 2011 6238 5295 7")), fileName: "fp\(index + 2).xml")
                #expect(again.duplicates == 1 && again.prepaid == 0 && again.settled == 0 && again.unidentified == 0, "\(amount): \(again)")
            }
            #expect(try await BankPayment.query(on: app.db).count() == 1)
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("a payment recorded when fingerprints kept the text as written (amount 14.0) is found by that key when its file comes again")
    func recordedUnderTheWrittenKey() async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana")
            let invoice = try await InvoiceTests.issue(app, to: try ana.requireID(), francs: 14)
            let reference = try #require(invoice.reference)
            let account = try #require(app.kontor.config.billing.accounts[.chf]).electronic
            let file = Self.file(messageID: "OLD", account: account, amount: "14.0", reference: reference, debtorIBAN: "CH9300762011623852957")
            #expect(try await BankImportTests.importer(app).run(.data(file), fileName: "old.xml").settled == 1)
            // As the earlier release stored it: the amount as written.
            let payment = try #require(try await BankPayment.query(on: app.db).first())
            #expect(payment.dedupeKey.contains("|CHF 14.00|"), "\(payment.dedupeKey)")
            payment.dedupeKey = payment.dedupeKey.replacingOccurrences(of: "|CHF 14.00|", with: "|CHF 14.0|")
            try await payment.save(on: app.db)
            // The bank's file again (another message id, so not the same bytes).
            let again = try await BankImportTests.importer(app).run(.data(Self.file(
                messageID: "OLD-AGAIN", account: account, amount: "14.0", reference: reference, debtorIBAN: "CH9300762011623852957")), fileName: "again.xml")
            #expect(again.duplicates == 1 && again.prepaid == 0, "\(again)")
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
        }
    }
}
