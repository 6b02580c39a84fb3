@testable import KontorDomain
import Testing

@Suite("Payment references and accounts: QRR, ISO 11649, IBAN and QR-IBAN")
struct ReferenceTests {
    @Test("QR references: the published vectors pass, a wrong check digit or all zeros fail", arguments: [
        "210000000003139471430009017", "000000000000000000001878583", "000000000000014200000000566",
        "21 00000 00003 13947 14300 09017",
    ])
    func validQRR(_ text: String) {
        #expect(QRReference(text) != nil)
    }

    @Test("invalid QR references", arguments: [
        "000000000000000000000000003", "210000000003139471430009018", "21000000000313947143000901", "2100000000031394714300090170",
        "21000000000313947143000901A", "000000000000000000000000000", "",
    ])
    func invalidQRR(_ text: String) {
        #expect(QRReference(text) == nil)
    }

    @Test("a QR reference is made from its payload and printed in groups of five from the right")
    func makeQRR() throws {
        let reference = try #require(QRReference(payload: "21000000000313947143000901"))
        #expect(reference.digits == "210000000003139471430009017")
        #expect(reference.printed == "21 00000 00003 13947 14300 09017")
        #expect(QRReference(payload: "1420000000056")?.digits == "000000000000014200000000566")
        #expect(QRReference(payload: String(repeating: "1", count: 27)) == nil)
    }

    @Test("creditor references (SCOR): the published vectors", arguments: ["RF18539007547034", "RF45G72UUR", "RF712348231", "RF501306",
                                                                         "rf18 5390 0754 7034"])
    func validSCOR(_ text: String) {
        #expect(CreditorReference(text) != nil)
    }

    @Test("invalid creditor references", arguments: ["RF19539007547034", "RF18", "XX18539007547034", "RF18539007547034-", "RF1853900754703412345678901"])
    func invalidSCOR(_ text: String) {
        #expect(CreditorReference(text) == nil)
    }

    @Test("a creditor reference is generated from its body with check digits 98 − (N mod 97)")
    func makeSCOR() {
        #expect(CreditorReference(body: "539007547034")?.electronic == "RF18539007547034")
        #expect(CreditorReference(body: "G72UUR")?.electronic == "RF45G72UUR")
        #expect(CreditorReference(body: "2348231")?.electronic == "RF712348231")
        #expect(CreditorReference(body: "539007547034")?.printed == "RF18 5390 0754 7034")
        #expect(CreditorReference(body: String(repeating: "1", count: 22)) == nil)
        #expect(CreditorReference(body: "ÄB") == nil)
    }

    @Test("IBANs: checksum and length; a QR-IBAN has bank id 30000–31999")
    func ibans() throws {
        let qr = try #require(IBAN("CH44 3199 9123 0008 8901 2"))
        #expect(qr.isQRIBAN && qr.electronic == "CH4431999123000889012" && qr.printed == "CH44 3199 9123 0008 8901 2")
        let normal = try #require(IBAN("CH5800791123000889012"))
        #expect(!normal.isQRIBAN)
        #expect(IBAN("DE89370400440532013000") != nil)
        #expect(IBAN("CH5800791123000889013") == nil)   // check digits
        #expect(IBAN("CH580079112300088901") == nil)    // Swiss IBANs have 21 characters
        #expect(IBAN("CH58-0079-1123") == nil && IBAN("") == nil)
        #expect(IBAN("DE89370400440532013000")?.isQRIBAN == false)
        // Read on bytes when written without spaces, any case: the same rules and the same result.
        #expect(IBAN("ch4431999123000889012")?.electronic == "CH4431999123000889012")
        #expect(IBAN("CH4431999123000889012")?.printed == qr.printed)
        #expect(IBAN("C14431999123000889012") == nil && IBAN("CHX431999123000889012") == nil && IBAN("CH44319991230008890121234567890123456") == nil)
        #expect(CreditorReference("rf18539007547034")?.electronic == "RF18539007547034")
        #expect(CreditorReference("RF18 5390 0754 7034")?.electronic == "RF18539007547034")
        #expect(QRReference(" 210000000003139471430009017")?.digits == "210000000003139471430009017")
        #expect(QRReference("210000000003139471430009017")?.printed == "21 00000 00003 13947 14300 09017")
    }

    @Test("Kontor's references: kind, customer number and sequence, as QRR for a QR-IBAN or RF otherwise")
    func billingReferences() throws {
        let qrr = try #require(BillingReferences.reference(kind: .invoice, customerNumber: 100_042, sequence: 17, qrIBAN: true))
        #expect(qrr.typeCode == "QRR" && qrr.electronic.hasPrefix("1000100042") && PaymentReference(qrr.electronic) == qrr)
        let topUp = try #require(BillingReferences.reference(kind: .topUp, customerNumber: 100_042, sequence: 0, qrIBAN: false))
        #expect(topUp.typeCode == "SCOR" && PaymentReference(topUp.electronic) == topUp)
        #expect(topUp != BillingReferences.reference(kind: .topUp, customerNumber: 100_043, sequence: 0, qrIBAN: false))
        #expect(BillingReferences.reference(kind: .invoice, customerNumber: 0, sequence: 1, qrIBAN: true) == nil)
    }
}

@Suite("A reference typed into the payment's message is found when its check digits hold, and only then")
struct ReferenceInMessageTests {
    @Test("RF and QR references as people type them in the message: any case, in groups, among other words", arguments: [
        ("Zahlung RF18 5390 0754 7034 danke", "RF18539007547034"),
        ("rf18539007547034", "RF18539007547034"),
        ("Rechnung 21 00000 00003 13947 14300 09017, Kunde 100003", "210000000003139471430009017"),
        ("Fattura:210000000003139471430009017", "210000000003139471430009017"),
        // A word after the reference is not part of it, although each of these longer texts checks by chance (1 in 97).
        ("Pagamento fattura RF51 1000 1000 048 Grazie", "RF5110001000048"),
        ("RF80 1000 1000 011 Rechnung", "RF8010001000011"),
        ("RF22 1000 1000 0177 Merci", "RF22100010000177"),
        ("RF09 1000 1000 0120 Danke", "RF09100010000120"),
        ("RF5110001000048 Grazie", "RF5110001000048"),
        // Spaces a banking app may type between the groups: no-break, thin, narrow no-break, a tab.
        ("Ref 21\u{00A0}00000\u{00A0}00003 13947 14300 09017", "210000000003139471430009017"),
        ("Ref 21\u{2009}00000\u{2009}00003\u{2009}13947\u{2009}14300\u{2009}09017", "210000000003139471430009017"),
        ("Zahlung RF18\u{202F}5390\u{202F}0754\u{202F}7034", "RF18539007547034"),
        ("Zahlung RF18\t5390 0754 7034", "RF18539007547034"),
    ])
    func found(message: String, electronic: String) {
        #expect(PaymentReference.found(inMessage: message)?.electronic == electronic)
    }

    @Test("no reference: a wrong check digit, an invoice or phone number, a reference inside a longer number, or two different references", arguments: [
        "Zahlung RF19 5390 0754 7034",
        "Rechnung INV-000004 vom 3.12.",
        "Tel. 044 123 45 67",
        "1210000000003139471430009017",
        "RF18539007547034 und RF18 1234 5678 9",
        "",
    ])
    func notFound(message: String) {
        #expect(PaymentReference.found(inMessage: message) == nil)
    }

    @Test("a reference the bank cut over two Ustrd lines, in the middle of a group or without spaces, is found; two references across breaks give none",
          arguments: [
            (["Zahlung RF18 5390 07", "54 7034 danke"], "RF18539007547034"),
            (["Rechnung RF1853900754", "7034"], "RF18539007547034"),
            (["Rechnung 21 00000 000", "03 13947 14300 09017"], "210000000003139471430009017"),
            (["Zahlung RF18 5390", "0754 7034"], "RF18539007547034"),
            (["Rechnung 1234", "RF18 5390 0754 7034"], "RF18539007547034"),
          ])
    func foundAcrossLines(lines: [String], electronic: String) {
        #expect(PaymentReference.found(inMessageLines: lines)?.electronic == electronic)
    }

    @Test("lines that join into no valid reference give none; a whole reference ending a line stays whole")
    func notFoundAcrossLines() {
        #expect(PaymentReference.found(inMessageLines: ["Zahlung RF19 5390 07", "54 7034"]) == nil)
        // A whole reference ending a line is not glued to the next line's word ("RF18539007547034BETRAG" checks by chance).
        #expect(PaymentReference.found(inMessageLines: ["Zahlung RF18 5390 0754 7034", "Betrag CHF 120"])?.electronic == "RF18539007547034")
        #expect(PaymentReference.found(inMessageLines: ["Danke", "Merci"]) == nil)
    }

    @Test("in a long message a reference cut at its 800th line break is still found, and two cut references far apart give none; long lines and 'ß' (two letters once upper-cased) do not shift the breaks")
    func foundAcrossLinesOfALongMessage() {
        let filler = String(repeating: "Straße Nr. 12 wurde geliefert ", count: 4)
        var lines = Array(repeating: filler, count: 1_000)
        lines[799] = filler + "Zahlung RF18 5390 07"
        lines[800] = "54 7034 " + filler
        #expect(PaymentReference.found(inMessageLines: lines)?.electronic == "RF18539007547034")
        lines[100] = filler + "Rechnung RF03 1234 56"
        lines[101] = "78 9012 " + filler
        #expect(PaymentReference.found(inMessageLines: lines) == nil, "two references name no single invoice")
        // A start inside a word is no start, also at the edge of the part read around a break.
        var glued = Array(repeating: filler, count: 3)
        glued[1] = String(repeating: "x", count: 70) + "XRF18 5390 07"
        glued[2] = "54 7034"
        #expect(PaymentReference.found(inMessageLines: glued) == nil)
    }
}
