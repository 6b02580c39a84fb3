import Foundation
@testable import KontorDomain
import Testing

@Suite("Bank statements: reading camt.053 and camt.054 (.001.04 and .001.08) as a stream")
struct BankStatementReaderTests {
    // MARK: Payments

    @Test("a camt.054 .08 notification hands over one entry per Ntry, with the IBAN of its notification")
    func entriesWithTheirAccount() throws {
        let outcome = BankStatementFixtures.read("camt054-v08-qrr-and-scor.xml")
        #expect(outcome.error == nil)
        #expect(outcome.entries.map(\.position) == [1, 2])
        #expect(outcome.entries.map(\.accountIBAN) == ["CH4431999123000889012", "CH9300762011623852957"])
    }

    @Test("a QR payment: amount, booking, references, debtor, and the reference checked as a QR reference")
    func qrPayment() throws {
        let entry = try #require(BankStatementFixtures.read("camt054-v08-qrr-and-scor.xml").entries.first)
        #expect(entry.amount == BankAmount(value: DecimalAmount(significand: 194970, fractionDigits: 2), currencyCode: "CHF"))
        #expect(entry.creditDebit == .credit && !entry.isReversal && entry.isBooked && !entry.isCollective)
        #expect(entry.bookingDate == "2026-03-14" && entry.valueDate == "2026-03-15")
        #expect(entry.accountServicerReference == "E-20260314-0001")
        let payment = try #require(entry.transactions.first)
        #expect(entry.transactions.count == 1 && payment.position == 1)
        #expect(payment.amount == entry.amount && payment.creditDebit == .credit)
        #expect(payment.accountServicerReference == "T-20260314-0001")
        #expect(payment.endToEndID == nil, "NOTPROVIDED is the placeholder for no end-to-end id")
        #expect(payment.reference == "210000000003139471430009017" && payment.referenceType == "QRR")
        #expect(payment.parsedReference == QRReference("210000000003139471430009017").map(PaymentReference.qr))
        #expect(payment.debtorName == "Muster & Partner AG")
        #expect(payment.debtorIBAN == "CH5800791123000889012" && payment.debtorAccount != nil)
    }

    @Test("a SCOR payment keeps its stated type, parses as a creditor reference, and joins several Ustrd")
    func scorPayment() throws {
        let entry = try #require(BankStatementFixtures.read("camt054-v08-qrr-and-scor.xml").entries.last)
        let payment = try #require(entry.transactions.first)
        #expect(entry.amount.currencyCode == "EUR")
        #expect(entry.valueDate == "2026-03-14")   // from ValDt/DtTm
        #expect(payment.referenceType == "SCOR")
        #expect(payment.parsedReference == CreditorReference("RF18539007547034").map(PaymentReference.creditor))
        #expect(payment.unstructuredRemittance == "Invoice 2026-0042 thank you")
        #expect(payment.debtorName == "Beispiel GmbH" && payment.debtorIBAN == "DE89370400440532013000")
    }

    @Test("a .04 notification reads like .08: the status is the text of Sts, the debtor name is Dbtr/Nm")
    func version04Notification() throws {
        let outcome = BankStatementFixtures.read("camt054-v04-qrr-and-scor.xml")
        #expect(outcome.summary?.header.format == BankStatementFormat(kind: .notification, version: .v04))
        #expect(outcome.entries.map(\.status) == ["BOOK", "BOOK"])
        #expect(outcome.entries.flatMap(\.transactions).map(\.debtorName) == ["Muster & Partner AG", "Beispiel GmbH"])
        #expect(outcome.entries.flatMap(\.transactions).map { $0.parsedReference?.typeCode } == ["QRR", "SCOR"])
    }

    @Test("a .02 notification (banks abroad until 2025) reads: the status as text, the amount only in AmtDtls, the debtor name without Pty")
    func version02Notification() throws {
        let outcome = BankStatementFixtures.read("camt054-v02-qr-payment.xml")
        #expect(outcome.summary?.header.format == BankStatementFormat(kind: .notification, version: .v02))
        let entry = try #require(outcome.entries.first)
        #expect(entry.status == "BOOK" && entry.amount.value.description == "100.00" && entry.bookingDate == "2026-03-14")
        let payment = try #require(entry.transactions.first)
        #expect(payment.debtorName == "Muster AG" && payment.accountServicerReference == "T-FIX-1")
        #expect(payment.parsedReference?.typeCode == "QRR" && payment.statedAmount == nil, "the amount in AmtDtls agrees with the entry")
    }

    @Test("a .05 to .13 statement or notification reads exactly as its .08 (the elements Kontor reads did not change)",
          arguments: [BankStatementVersion.v05, .v06, .v07, .v09, .v10, .v11, .v12, .v13])
    func laterVersions(_ version: BankStatementVersion) throws {
        for name in ["camt054-v08-qrr-and-scor.xml", "camt053-v08-collective-and-single.xml"] {
            let v08 = BankStatementFixtures.read(name)
            let text = try String(contentsOf: BankStatementFixtures.url(name), encoding: .utf8)
                .replacingOccurrences(of: ".001.08\"", with: ".001.\(version.rawValue)\"")
            let v10 = BankStatementFixtures.read(text: text)
            #expect(v10.summary?.header.version == version && version.messageVersion == "001." + version.rawValue, "\(name)")
            #expect(v10.entries.count == v08.entries.count && v10.entries.count > 0)
            #expect(v10.entries.map { "\($0)" } == v08.entries.map { "\($0)" }, "\(name)")
        }
    }

    // MARK: Header and summary

    @Test("the header is handed over before the first entry: format, message id, creation time")
    func headerFirst() throws {
        let header = try #require(BankStatementFixtures.read("camt054-v08-qrr-and-scor.xml").headerSeenBeforeEntries)
        #expect(header.kind == .notification && header.version == .v08)
        #expect(header.messageID == "KTR-054-08-0001" && header.createdAt == "2026-03-14T18:30:00+01:00")
        #expect(!header.isTest)
    }

    @Test("the summary lists each notification's account and currency, and counts entries and transactions")
    func summary() throws {
        let summary = try #require(BankStatementFixtures.read("camt054-v08-qrr-and-scor.xml").summary)
        #expect(summary.reports.map(\.accountIBAN) == ["CH4431999123000889012", "CH9300762011623852957"])
        #expect(summary.reports.map(\.accountCurrency) == ["CHF", nil])
        #expect(summary.reports.map(\.entryCount) == [1, 1] && summary.reports.first?.iban?.isQRIBAN == true)
        #expect(summary.entryCount == 2 && summary.transactionCount == 2)
    }

    @Test("SPS/2.0/TEST in AddtlInf marks a test file, known before the first entry")
    func testFile() throws {
        let outcome = BankStatementFixtures.read("camt054-v08-test-file.xml")
        #expect(outcome.headerSeenBeforeEntries?.isTest == true)
        #expect(outcome.entries.count == 1)
    }

    @Test("only SPS/<version>/TEST marks a test", arguments: [
        ("SPS/2.0/TEST", true), ("SPS/1.7/TEST", true), ("Bank X SPS/2.0/TEST", true),
        ("SPS/2.0/PROD", false), ("TEST", false), ("SPS//TEST", false),
    ])
    func testMarker(_ text: String, marksTest: Bool) {
        #expect(BankStatementHeader.marksTest(text) == marksTest)
    }

    // MARK: Statements and bookings

    @Test("a collective booking in camt.053: Btch NbOfTxs 3 and three transactions with their own amounts")
    func collectiveBooking() throws {
        let outcome = BankStatementFixtures.read("camt053-v08-collective-and-single.xml")
        let collective = try #require(outcome.entries.first)
        #expect(outcome.summary?.header.kind == .statement)
        #expect(collective.isCollective && collective.batchTransactionCount == 3)
        #expect(collective.transactions.map(\.position) == [1, 2, 3])
        #expect(collective.transactions.map { $0.amount?.value.description } == ["100.00", "150.50", "50.00"])
        #expect(collective.transactions.allSatisfy { $0.parsedReference != nil })
    }

    @Test("a single transaction without its own amount takes the entry's")
    func singleBookingInheritsAmount() throws {
        let single = try #require(BankStatementFixtures.read("camt053-v08-collective-and-single.xml").entries.last)
        #expect(!single.isCollective && single.position == 2)
        #expect(single.transactions.first?.amount == single.amount)
        #expect(single.transactions.first?.unstructuredRemittance == "Top-up")
        #expect(single.transactions.first?.parsedReference == nil)
    }

    @Test("camt.053 .04: a booking date given as date-time is kept as its date")
    func version04Statement() throws {
        let outcome = BankStatementFixtures.read("camt053-v04-single.xml")
        #expect(outcome.summary?.header.format.description == "camt.053.001.04")
        #expect(outcome.entries.first?.bookingDate == "2026-03-14")
        #expect(outcome.entries.first?.transactions.first?.debtorName == "Hans Muster")
    }

    @Test("a reversal is a DBIT entry with isReversal")
    func reversal() throws {
        let entry = try #require(BankStatementFixtures.read("camt054-v08-reversal.xml").entries.first)
        #expect(entry.isReversal && entry.creditDebit == .debit)
    }

    @Test("a pending entry keeps its raw status PDNG, is not booked, and may lack a booking date")
    func pending() throws {
        let entry = try #require(BankStatementFixtures.read("camt054-v08-pending.xml").entries.first)
        #expect(entry.status == "PDNG" && !entry.isBooked)
        #expect(entry.bookingDate == nil && entry.valueDate == "2026-03-16")
    }

    @Test("an amount finer than the currency allows is kept exactly; the importer's conversion refuses it")
    func amountTooPrecise() throws {
        let entry = try #require(BankStatementFixtures.read("camt054-v08-amount-too-precise.xml").entries.first)
        #expect(entry.amount.value == DecimalAmount(significand: 1_000_500, fractionDigits: 5))
        #expect(entry.amount.money() == .failure(.finerThanMinorUnit))
    }

    @Test("an invalid QR reference is kept as written but not parsed")
    func invalidReference() throws {
        let payment = try #require(BankStatementFixtures.read("camt054-v08-invalid-qrr.xml").entries.first?.transactions.first)
        #expect(payment.reference == "000000000000000000000000003" && payment.referenceType == "QRR")
        #expect(payment.parsedReference == nil)
    }

    @Test("an element prefix on every element (camt:Ntry) reads the same")
    func prefixedElements() throws {
        let outcome = BankStatementFixtures.read(text: """
            <c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><c:BkToCstmrDbtCdtNtfctn>
            <c:GrpHdr><c:MsgId>M</c:MsgId><c:CreDtTm>2026-03-14T00:00:00</c:CreDtTm></c:GrpHdr>
            <c:Ntfctn><c:Ntry><c:Amt Ccy="CHF">1</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts><c:Cd>BOOK</c:Cd></c:Sts></c:Ntry></c:Ntfctn>
            </c:BkToCstmrDbtCdtNtfctn></c:Document>
            """)
        #expect(outcome.error == nil && outcome.entries.first?.amount.value == DecimalAmount("1"))
    }
}
