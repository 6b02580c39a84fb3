import KontorDomain
import Testing

@Suite("Billing addresses in the QR-bill's character set (Swiss Implementation Guidelines: Latin, Latin-1, Latin Extended-A, Ș ș Ț ț €)")
struct QRBillCharactersTests {
    func parse(name: String = "Rossi & Figli", street: String = "Via Roma", town: String = "Lugano") -> Result<PostalAddress, ValidationFailure> {
        PostalAddress.parse(name: name, street: street, buildingNumber: "1", postcode: "6900", town: town, country: "CH")
    }

    @Test("Latin letters with their accents, Romanian Ș Ț and € are accepted as they are")
    func latinAccepted() throws {
        let address = try parse(name: "Łukasz Żółć & Brâncuși Ștefan € ß Œuvre", street: "Piața Țării", town: "Genève").get()
        #expect(address.name == "Łukasz Żółć & Brâncuși Ștefan € ß Œuvre" && address.street == "Piața Țării")
    }

    @Test("emoji, CJK, Cyrillic and combining stacks are refused on their field, naming the character")
    func outsideTheSetRefused() {
        for (name, described) in [("Rossi 😀", "😀 (U+1F600)"), ("Rossi 株式会社", "株 (U+682A)"), ("Россия", "Р (U+0420)"),
                                  ("Z\u{301}\u{301}", "U+0301")] {
            guard case .failure(let failure) = parse(name: name) else { Issue.record("\(name) accepted"); continue }
            #expect(failure.errors == [FieldError(field: "name", messageKey: "error.billing.character", arguments: ["character": described])])
        }
    }

    @Test("tabs, controls, bidi controls and zero-width characters are refused, naming the code point")
    func invisibleRefused() {
        for (street, code) in [("Via\tRoma", "U+0009"), ("Via\u{1}Roma", "U+0001"), ("Via \u{202E}Roma", "U+202E"), ("Via\u{200B}Roma", "U+200B"),
                               ("Via\u{AD}Roma", "U+00AD"), ("Via\u{85}", nil)] {
            let result = parse(street: street)
            if let code {
                #expect(result == .failure(ValidationFailure([FieldError(field: "street", messageKey: "error.invalid_characters", arguments: ["character": code])])),
                        "\(street.debugDescription)")
            } else {
                #expect((try? result.get())?.street == "Via", "a line break (NEL) was always made a space, then trimmed")
            }
        }
    }

    @Test("fields are NFC-normalized and their limits count the normalized characters, with the limit in the message")
    func normalizedLength() throws {
        let decomposed = String(repeating: "e\u{301}", count: 35)
        let address = try parse(town: decomposed).get()
        #expect(address.town == String(repeating: "\u{E9}", count: 35))
        let tooLong = parse(town: decomposed + "x")
        #expect(tooLong == .failure(ValidationFailure([FieldError(field: "town", messageKey: "error.billing.too_long", arguments: ["limit": "35"])])))
    }

    @Test("an address stored before the check still makes a valid payload: Latin forms kept, the rest replaced or dropped, limits held")
    func storedAddressFitted() throws {
        let stored = PostalAddress(name: "😀 Rossi\t\u{1}\u{202E} ﬁne “Figli”", street: String(repeating: "Z" + String(repeating: "\u{301}", count: 30), count: 70),
                                   buildingNumber: "１２ǎ", postcode: "6900", town: "Lugano 漢字 – Centro…", country: "CH")
        let fitted = stored.fittingQRBill
        #expect(fitted.name == ". Rossi  fine \"Figli\"")
        #expect(fitted.street == String(repeating: "\u{179}", count: 70), "Ź composed; the extra accents dropped")
        #expect(fitted.buildingNumber == "12a")
        #expect(fitted.town == "Lugano .. - Centro...")
        for field in [fitted.name, fitted.street, fitted.buildingNumber, fitted.postcode, fitted.town] {
            #expect(QRBillCharacters.firstRefused(in: field) == nil, "\(field)")
        }

        let creditor = PostalAddress(name: "Kontor Hosting AG", street: "Rue du Lac", buildingNumber: "12", postcode: "1201", town: "Genève", country: "CH")
        let code = try SwissPaymentsCode(account: #require(IBAN("CH4431999123000889012")), creditor: creditor,
                                         amount: Money(minorUnits: 1_000, currency: .chf), currency: .chf, debtor: stored,
                                         reference: PaymentReference("210000000003139471430009017"), message: "INV-000001")
        #expect(code.debtor == fitted)
        #expect(Array(code.fields[20...26]) == ["S", fitted.name, fitted.street, fitted.buildingNumber, "6900", fitted.town, "CH"])
        #expect(code.text.unicodeScalars.allSatisfy { $0 == "\n" || QRBillCharacters.allows($0) })
        #expect(code.text.unicodeScalars.count <= 997)
    }
}
