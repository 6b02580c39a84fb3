import Foundation
import KontorPDF

/// The slips and invoices the tests render: a Swiss provider billing a customer with umlauts in her name.
enum Samples {
    static let creditor = SwissPaymentsCode.Address(
        name: "Zürcher Hosting GmbH", street: "Bahnhofstrasse", buildingNumber: "12", postcode: "8001",
        town: "Zürich")
    static let debtor = SwissPaymentsCode.Address(
        name: "Françoise Müller-Weiß", street: "Grosse Marktgasse", buildingNumber: "28", postcode: "9400",
        town: "Rorschach")
    static let qrReference = "210000000003139471430009017"
    static let message = "Rechnung 2025-0042 – Server „Größe L“"

    /// A payload for 1949.70 CHF with QR reference, with or without amount and debtor.
    static func payload(amount: String? = "1949.70", debtor: SwissPaymentsCode.Address? = debtor) -> String {
        SwissPaymentsCode.payload(
            iban: "CH4431999123000889012", creditor: creditor, amount: amount, currency: "CHF", debtor: debtor,
            referenceType: "QRR", reference: qrReference, message: message)
    }

    /// The slip printed for `payload(amount:debtor:)`.
    static func slip(
        language: QRBillSlip.Language = .de, amount: String? = "1 949.70", hasDebtor: Bool = true
    ) -> QRBillSlip {
        QRBillSlip(
            language: language,
            payload: payload(amount: amount.map { $0.replacingOccurrences(of: " ", with: "") },
                             debtor: hasDebtor ? debtor : nil),
            account: "CH44 3199 9123 0008 8901 2",
            creditorLines: ["Zürcher Hosting GmbH", "Bahnhofstrasse 12", "8001 Zürich"],
            reference: "21 00000 00003 13947 14300 09017",
            additionalInformation: message,
            debtorLines: hasDebtor ? ["Françoise Müller-Weiß", "Grosse Marktgasse 28", "9400 Rorschach"] : nil,
            currency: "CHF",
            amount: amount)
    }

    /// An invoice with `lineCount` lines and the slip at the bottom.
    static func invoice(lineCount: Int = 3, slip: QRBillSlip? = slip()) -> InvoiceDocument {
        let lines = (1...max(1, lineCount)).map { number in
            InvoiceDocument.LineItem(
                description: number % 4 == 0
                    ? "Managed server L (8 vCPU, 32 GB RAM, 400 GB NVMe) with daily backups, monitoring and "
                        + "24/7 on-call support, 1 June to 30 June 2025"
                    : "Webhosting Business, Juni 2025 (Nr. \(number))",
                quantity: "1", unitPrice: "649.90", amount: "649.90", vatRate: "8.1 %")
        }
        return InvoiceDocument(
            titleLines: ["Rechnung 2025-0042", "Leistungszeitraum 1.–30. Juni 2025"],
            creditorLines: ["Zürcher Hosting GmbH", "Bahnhofstrasse 12", "8001 Zürich", "CHE-123.456.789 MWST"],
            recipientLines: ["Françoise Müller-Weiß", "Grosse Marktgasse 28", "9400 Rorschach"],
            metadata: [
                .init("Rechnungsnummer", "2025-0042"), .init("Kundennummer", "10023"),
                .init("Rechnungsdatum", "1. Juli 2025"), .init("Fällig am", "31. Juli 2025"),
            ],
            columnTitles: .init(
                description: "Beschreibung", quantity: "Menge", unitPrice: "Preis", vatRate: "MWST",
                amount: "Betrag"),
            lineItems: lines,
            totals: [
                .init("Netto 8.1 %", "1 803.60"), .init("MWST 8.1 %", "146.10"), .init("Total CHF", "1 949.70"),
            ],
            notes: ["Zahlbar innert 30 Tagen mit dem QR-Zahlteil unten."],
            slip: slip)
    }
}
