import PDFReading
import Testing
import KontorPDF

/// The printed half of the slip: the fixed headings in the slip's language and the values beside the code.
@Suite("The slip's text")
struct SlipTextTests {
    @Test("headings appear in the slip's language", arguments: [
        (QRBillSlip.Language.de, ["Empfangsschein", "Zahlteil", "Konto / Zahlbar an", "Referenz",
                                  "Zusätzliche Informationen", "Zahlbar durch", "Währung", "Betrag", "Annahmestelle"]),
        (.fr, ["Récépissé", "Section paiement", "Compte / Payable à", "Référence", "Informations supplémentaires",
               "Payable par", "Monnaie", "Montant", "Point de dépôt"]),
        (.it, ["Ricevuta", "Sezione pagamento", "Conto / Pagabile a", "Riferimento", "Informazioni supplementari",
               "Pagabile da", "Valuta", "Importo", "Punto di accettazione"]),
        (.en, ["Receipt", "Payment part", "Account / Payable to", "Reference", "Additional information",
               "Payable by", "Currency", "Amount", "Acceptance point"]),
    ])
    func headingsInLanguage(language: QRBillSlip.Language, headings: [String]) throws {
        let text = try Poppler.text(of: PDFRenderer.slip(Samples.slip(language: language)))

        for heading in headings {
            #expect(text.contains(heading), "missing \(heading)")
        }
    }

    @Test("the amount, account, reference and payer are printed")
    func valuesPrinted() throws {
        let text = try Poppler.text(of: PDFRenderer.slip(Samples.slip()))

        #expect(text.contains("1 949.70"))
        #expect(text.contains("CH44 3199 9123 0008 8901 2"))
        #expect(text.contains("21 00000 00003 13947 14300 09017"))
        #expect(text.contains("Françoise Müller-Weiß"))
    }

    @Test("without a payer the slip asks for name and address to be filled in")
    func blankPayer() throws {
        let text = try Poppler.text(of: PDFRenderer.slip(Samples.slip(language: .fr, amount: nil, hasDebtor: false)))

        #expect(text.contains("Payable par (nom/adresse)"))
        #expect(!text.contains("Müller-Weiß"))
    }

    @Test("text too long for its box is cut with an ellipsis and never reaches the margins")
    func longTextTruncated() throws {
        var slip = Samples.slip(language: .en)
        slip.creditorLines[0] = "Zürcher Hosting und Rechenzentrum Gesellschaft mit beschränkter Haftung, "
            + "Abteilung Kundenbuchhaltung und Inkasso, Niederlassung Oerlikon"
        slip.additionalInformation = String(repeating: "Eine sehr lange Mitteilung an den Zahler ", count: 8)
        slip.debtorLines = (1...9).map { "Adresszeile \($0) mit etwas Text" }

        let image = try Poppler.graymap(of: PDFRenderer.slip(slip))

        // The 5 mm right margin of the payment part and the receipt's margin before the cut line stay blank
        // (below the scissors on that line), and nothing runs into the further-information strip at the bottom.
        #expect(!image.hasDarkPixel(xMM: 205.3...209.8, yMM: 193...296))
        #expect(!image.hasDarkPixel(xMM: 57.3...61.5, yMM: 204...296))
        #expect(!image.hasDarkPixel(xMM: 118...205, yMM: (192 + 90.5)...296))
    }
}
