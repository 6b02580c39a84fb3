import Foundation
@testable import KontorDomain
import Testing

/// What the reader refuses, and that each refusal says where and why.
extension BankStatementReaderTests {
    static func notification(_ body: String, namespace: String = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08") -> String {
        """
        <Document xmlns="\(namespace)"><BkToCstmrDbtCdtNtfctn>
        <GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-14T00:00:00</CreDtTm></GrpHdr>
        <Ntfctn>\(body)</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
        """
    }

    @Test("an entry without Amt is refused with line, column and path, after the entries before it were handed over")
    func entryWithoutAmount() throws {
        let outcome = BankStatementFixtures.read("camt054-v08-entry-without-amount.xml")
        let error = try #require(outcome.error)
        #expect(outcome.entries.count == 1)
        #expect(error.problem == .missingElement("Amt"))
        #expect(error.path == "Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[2]")
        #expect(error.line == 44 && (error.column ?? 0) > 0)
        #expect(error.description.hasPrefix("line 44, column "))
        #expect(error.description.hasSuffix("Ntfctn[1]/Ntry[2]: Amt is missing"))
    }

    @Test("batch counts that add up past any count are refused, naming the element, not a crash (9,300 counts of 15 nines overflowed)")
    func batchCountsOverflowing() throws {
        let batches = String(repeating: "<Btch><NbOfTxs>999999999999999</NbOfTxs></Btch>", count: 9_300)
        let outcome = BankStatementFixtures.read(text: Self.notification(
            #"<Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><NtryDtls>"# + batches + "</NtryDtls></Ntry>"))
        let error = try #require(outcome.error)
        #expect(error.problem == .invalidValue("999999999999999") && error.path?.hasSuffix("NtryDtls/Btch/NbOfTxs") == true, "\(error)")
        // Two real batches of one entry still add up.
        let two = BankStatementFixtures.read(text: Self.notification(
            #"<Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch><Btch><NbOfTxs>3</NbOfTxs></Btch></NtryDtls></Ntry>"#))
        #expect(two.error == nil && two.entries.first?.batchTransactionCount == 5, "\(String(describing: two.error))")
    }

    @Test("an Amt or CdtDbtInd given twice in one entry or payment refuses the file, naming it: one would be read without a word")
    func repeatedAmountOrDirection() throws {
        let entries = [
            #"<Ntry><Amt Ccy="CHF">1.00</Amt><Amt Ccy="CHF">900.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>"#,
            #"<Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>"#,
            #"<Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><NtryDtls><TxDtls><Amt Ccy="CHF">1.00</Amt><Amt Ccy="CHF">2.00</Amt></TxDtls></NtryDtls></Ntry>"#,
        ]
        for (index, body) in entries.enumerated() {
            let error = try #require(BankStatementFixtures.read(text: Self.notification(body)).error)
            #expect(error.problem == .repeatedElement(index == 1 ? "CdtDbtInd" : "Amt") && error.messageKey == "statement.problem.repeated_element", "\(error)")
        }
    }

    @Test("any element the schema allows once, given twice (a status, a reversal mark, a booking day, the account, a payment's references or payer), refuses the file naming it: the last one was read without a word")
    func elementsAllowedOnceGivenTwice() throws {
        let head = #"<Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"#
        func payment(_ details: String) -> String { head + "<Sts><Cd>BOOK</Cd></Sts><NtryDtls><TxDtls>" + details + "</TxDtls></NtryDtls></Ntry>" }
        let cases: [(body: String, name: String, version: String)] = [
            (head + "<Sts><Cd>PDNG</Cd></Sts><Sts><Cd>BOOK</Cd></Sts></Ntry>", "Sts", "08"),
            (head + "<Sts><Cd>PDNG</Cd><Cd>BOOK</Cd></Sts></Ntry>", "Sts", "08"),
            (head + "<Sts>PDNG</Sts><Sts>BOOK</Sts></Ntry>", "Sts", "04"),
            (head + "<RvslInd>true</RvslInd><RvslInd>false</RvslInd><Sts><Cd>BOOK</Cd></Sts></Ntry>", "RvslInd", "08"),
            (head + "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-14</Dt></BookgDt><BookgDt><Dt>2026-03-01</Dt></BookgDt></Ntry>", "BookgDt", "08"),
            (head + "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-14</Dt><DtTm>2026-03-01T10:00:00</DtTm></BookgDt></Ntry>", "BookgDt", "08"),
            (head + "<Sts><Cd>BOOK</Cd></Sts><ValDt><Dt>2026-03-14</Dt></ValDt><ValDt><Dt>2026-03-01</Dt></ValDt></Ntry>", "ValDt", "08"),
            (head + "<Sts><Cd>BOOK</Cd></Sts><AcctSvcrRef>E1</AcctSvcrRef><AcctSvcrRef>E2</AcctSvcrRef></Ntry>", "AcctSvcrRef", "08"),
            (payment("<Refs><AcctSvcrRef>T1</AcctSvcrRef><AcctSvcrRef>T2</AcctSvcrRef></Refs>"), "AcctSvcrRef", "08"),
            (payment("<Refs><EndToEndId>A</EndToEndId><EndToEndId>B</EndToEndId></Refs>"), "EndToEndId", "08"),
            (payment("<RltdPties><Dbtr><Pty><Nm>A</Nm><Nm>B</Nm></Pty></Dbtr></RltdPties>"), "Dbtr/Nm", "08"),
            (payment("<RltdPties><DbtrAcct><Id><IBAN>CH9300762011623852957</IBAN><IBAN>CH5604835012345678009</IBAN></Id></DbtrAcct></RltdPties>"), "DbtrAcct/Id/IBAN", "08"),
            ("<Acct><Id><IBAN>CH5604835012345678009</IBAN></Id></Acct><Acct><Id><IBAN>CH4431999123000889012</IBAN></Id></Acct>"
                + head + "<Sts><Cd>BOOK</Cd></Sts></Ntry>", "Acct", "08"),
        ]
        for (index, test) in cases.enumerated() {
            let text = Self.notification(test.body, namespace: "urn:iso:std:iso:20022:tech:xsd:camt.054.001.\(test.version)")
            let outcome = BankStatementFixtures.read(text: text)
            let error = try #require(outcome.error, "case \(index) was read: \(outcome.entries)")
            #expect(error.problem == .repeatedElement(test.name) && error.messageKey == "statement.problem.repeated_element", "case \(index): \(error)")
        }
        // The group header's own, too.
        let header = """
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
            <GrpHdr><MsgId>M</MsgId><MsgId>N</MsgId><CreDtTm>2026-03-14T00:00:00</CreDtTm></GrpHdr><Ntfctn></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
            """
        #expect(BankStatementFixtures.read(text: header).error?.problem == .repeatedElement("MsgId"))
        // Each payment and each entry has its own: two payments naming their payers, two entries their status, are read.
        let two = BankStatementFixtures.read(text: Self.notification(
            payment("<RltdPties><Dbtr><Pty><Nm>A</Nm></Pty></Dbtr></RltdPties></TxDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>B</Nm></Pty></Dbtr></RltdPties>")
                + head + "<Sts><Cd>BOOK</Cd></Sts></Ntry>"))
        #expect(two.error == nil && two.entries.count == 2 && two.entries.first?.transactions.map(\.debtorName) == ["A", "B"], "\(String(describing: two.error))")
    }

    @Test("a currency code with spaces around it (Ccy=\" CHF\") is read as its code; a status in lower case still counts as booked")
    func lenientCodes() throws {
        let outcome = BankStatementFixtures.read(text: Self.notification(
            #"<Ntry><Amt Ccy=" CHF ">12.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>book</Cd></Sts></Ntry>"#))
        let entry = try #require(outcome.entries.first, "\(String(describing: outcome.error))")
        #expect(entry.amount.currencyCode == "CHF" && entry.isBooked)
    }

    @Test("an amount that is not a decimal is refused, naming the Amt element")
    func amountNotDecimal() throws {
        let error = try #require(BankStatementFixtures.read(text: Self.notification(
            #"<Ntry><Amt Ccy="CHF">12,50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>"#)).error)
        #expect(error.problem == .invalidAmount("12,50"))
        #expect(error.path?.hasSuffix("Ntry[1]/Amt") == true)
    }

    @Test("amounts are read as xs:decimal writes them ('+206.25', '58.', '.50', '007', zeros ending the fraction); a minus, a lone point, two points or 20 digits are refused",
          arguments: [("+206.25", "206.25"), ("58.", "58"), (".50", "0.50"), ("+.5", "0.5"), ("007", "7"), ("-0.00", nil), (".", nil), ("+", nil),
                      ("5.5.", nil), ("++1", nil), ("1.5e2", nil), ("14.0500000000000000000", "14.05"), ("12345678901234567890", nil),
                      ("12345678901234567890.00", nil)] as [(String, String?)])
    func amountAsXMLDecimal(_ written: String, read: String?) throws {
        let outcome = BankStatementFixtures.read(text: Self.notification(
            #"<Ntry><Amt Ccy="CHF">"# + written + #"</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>"#))
        if let read {
            #expect(outcome.error == nil && outcome.entries.first?.amount.value.description == read, "\(written): \(String(describing: outcome.error))")
        } else {
            #expect(outcome.error?.problem == .invalidAmount(written), "\(written)")
            // Twenty digits are a decimal, too large for a bank amount: the sentence says so, not "not a decimal".
            let tooLarge = written.hasPrefix("1234567890")
            #expect(outcome.error?.messageKey == (tooLarge ? "statement.problem.amount_too_large" : "statement.problem.invalid_amount"), "\(written)")
        }
    }

    @Test("an entry without CdtDbtInd or Sts is refused", arguments: [
        (#"<Amt Ccy="CHF">1</Amt><Sts>BOOK</Sts>"#, "CdtDbtInd"), (#"<Amt Ccy="CHF">1</Amt><CdtDbtInd>CRDT</CdtDbtInd>"#, "Sts"),
    ])
    func entryWithoutRequiredElement(_ body: String, missing: String) throws {
        let error = try #require(BankStatementFixtures.read(text: Self.notification("<Ntry>\(body)</Ntry>")).error)
        #expect(error.problem == .missingElement(missing))
    }

    @Test("CdtDbtInd other than CRDT or DBIT is refused")
    func unknownDirection() throws {
        let error = try #require(BankStatementFixtures.read(text: Self.notification(
            #"<Ntry><Amt Ccy="CHF">1</Amt><CdtDbtInd>CREDIT</CdtDbtInd><Sts>BOOK</Sts></Ntry>"#)).error)
        #expect(error.problem == .invalidValue("CREDIT"))
    }

    @Test("a file cut in the middle is malformed XML, with the line where it ends")
    func truncated() throws {
        let outcome = BankStatementFixtures.read("camt054-v08-truncated.xml")
        let error = try #require(outcome.error)
        guard case .malformedXML = error.problem else { Issue.record("got \(error)"); return }
        #expect(outcome.entries.count == 1)
        #expect(error.line == 41)   // the last line, where the file ends
        #expect(error.messageKey == "statement.problem.malformed_xml_cut_off")
    }

    @Test("a version Kontor does not read (camt.054.001.01 of 2009, or one ISO has not published) is refused, naming its namespace",
          arguments: ["001.01", "001.14", "002.08"])
    func unsupportedVersion(_ version: String) throws {
        let namespace = "urn:iso:std:iso:20022:tech:xsd:camt.054." + version
        let error = try #require(BankStatementFixtures.read(text: Self.notification("", namespace: namespace)).error)
        #expect(error.problem == .unsupportedNamespace(namespace))
        #expect(error.description.contains("camt.054." + version))
    }

    @Test("another camt message (camt.052) or a Document without namespace is refused")
    func otherMessages() throws {
        let camt052 = "urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"
        #expect(BankStatementFixtures.read(text: #"<Document xmlns="\#(camt052)"/>"#).error?.problem == .unsupportedNamespace(camt052))
        #expect(BankStatementFixtures.read(text: "<Document/>").error?.problem == .unsupportedNamespace(nil))
    }

    @Test("the message element must be the one of the namespace's kind")
    func messageMismatch() throws {
        let text = Self.notification("", namespace: "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08")
        let error = try #require(BankStatementFixtures.read(text: text).error)
        #expect(error.problem == .unexpectedElement(found: "BkToCstmrDbtCdtNtfctn", expected: "BkToCstmrStmt"))
    }

    @Test("HTML (a login page saved instead of the file) is refused as not a Document")
    func html() throws {
        let error = try #require(BankStatementFixtures.read(text: "<html><body><p>Please sign in</p></body></html>").error)
        #expect(error.problem == .notADocument(root: "html"))
    }

    @Test("an empty or blank file is refused as empty", arguments: ["", "   \n"])
    func empty(_ text: String) throws {
        #expect(BankStatementFixtures.read(text: text).error?.problem == .empty)
    }

    @Test("text that is not XML is refused as malformed XML", arguments: ["MsgId;Amount\n1;2\n", "ab", "%PDF-1.7 binary"])
    func notXML(_ text: String) throws {
        let error = try #require(BankStatementFixtures.read(text: text).error)
        guard case .malformedXML = error.problem else { Issue.record("got \(error)"); return }
    }

    @Test("a malformed file says what is most likely wrong: a cut-off file, an encoding that is not the declared one, a lone '&', tags that do not match")
    func malformedKinds() throws {
        func kind(_ data: Data) -> String? { BankStatementFixtures.read(data: data).error?.messageKey }
        let valid = Self.notification("")
        #expect(kind(Data(valid.utf8.dropLast(40))) == "statement.problem.malformed_xml_cut_off")
        let latin1 = valid.replacingOccurrences(of: "<GrpHdr>", with: "<GrpHdr><AddtlInf>Zürich</AddtlInf>")
        #expect(kind(latin1.data(using: .isoLatin1)!) == "statement.problem.malformed_xml_encoding", "Latin-1 bytes in a file declared UTF-8")
        #expect(kind(Data(valid.replacingOccurrences(of: "<GrpHdr>", with: "<GrpHdr><AddtlInf>Müller & Co</AddtlInf>").utf8))
                == "statement.problem.malformed_xml_entity")
        #expect(kind(Data(valid.replacingOccurrences(of: "<GrpHdr>", with: "<GrpHdr><AddtlInf>a&nbsp;b</AddtlInf>").utf8))
                == "statement.problem.malformed_xml_entity")
        #expect(kind(Data(valid.replacingOccurrences(of: "</GrpHdr>", with: "</GrpHeader>").utf8)) == "statement.problem.malformed_xml_tags")
        // A whole file with something after its end: NUL padding, a DOS end-of-file mark, a second document.
        for trailing in [Data(repeating: 0, count: 16), Data([0x1A]), Data(valid.utf8)] {
            #expect(kind(Data(valid.utf8) + trailing) == "statement.problem.malformed_xml_trailing", "\(Array(trailing.prefix(4)))")
        }
    }

    @Test("a zipped or gzipped statement is told to be unpacked first, not called broken XML")
    func archives() throws {
        let zip = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]) + Data("camt.xml".utf8)
        #expect(BankStatementFixtures.read(data: zip).error?.problem == .compressed("ZIP"))
        #expect(BankStatementFixtures.read(data: Data([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00])).error?.problem == .compressed("gzip"))
    }

    @Test("an element flooded with attributes (libxml2 compares them pair by pair) is refused, however its names are padded; a real file's attributes pass")
    func attributeFlood() throws {
        func flooded(_ attribute: (Int) -> String) -> String {
            Self.notification("").replacingOccurrences(of: "<GrpHdr>", with: "<GrpHdr" + (0..<20_000).map(attribute).joined() + ">")
        }
        #expect(BankStatementFixtures.read(text: flooded { " a\($0)=\"\"" }).error?.problem == .attributeFlood)
        // Long names, and values holding '>': fewer '=' per 64 KB read, still one element (a first version counted per read).
        #expect(BankStatementFixtures.read(text: flooded { " attribute_with_a_long_name_\($0)        =\">\"" }).error?.problem == .attributeFlood)
        // A thousand attributes in all, spread over elements, are nothing.
        let many = Self.notification("").replacingOccurrences(of: "<GrpHdr>", with: "<GrpHdr>" + (0..<1_000).map { "<AddtlInf a=\"\($0)\" b=\"x\">i</AddtlInf>" }.joined())
        #expect(BankStatementFixtures.read(text: many).error?.problem != .attributeFlood)
    }

    @Test("a DOCTYPE is refused in UTF-16 too, before any entity it declares is read")
    func doctypeInUTF16() throws {
        let laughs = #"<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>"#
            + #"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">&b;</Document>"#
        #expect(BankStatementFixtures.read(data: laughs.data(using: .utf16)!).error?.problem == .documentTypeDeclaration)
    }

    @Test("an entry before the group header is refused, and nothing is handed over")
    func entryBeforeHeader() throws {
        let outcome = BankStatementFixtures.read("camt054-v08-entry-before-header.xml")
        #expect(outcome.error?.problem == .missingGroupHeader)
        #expect(outcome.entries.isEmpty)
    }

    @Test("a missing file is unreadable")
    func missingFile() throws {
        #expect(BankStatementFixtures.read("no-such-file.xml").error?.problem == .unreadable(BankStatementFixtures.url("no-such-file.xml").path))
    }

    @Test("an error thrown by the importer stops the read and is kept as the underlying error")
    func stoppedByCaller() throws {
        struct Duplicate: Error {}
        var seen = 0
        let result = Result { () throws(BankStatementError) in
            try BankStatementReader.read(from: BankStatementFixtures.url("camt054-v08-qrr-and-scor.xml")) { _ in
                seen += 1
                throw Duplicate()
            }
        }
        guard case .failure(let error) = result else { Issue.record("read succeeded"); return }
        #expect(error.problem == .stoppedByCaller && error.underlyingError is Duplicate && seen == 1)
    }

    @Test("an importer can refuse a test file from the header callback, before any entry is handed over")
    func refuseTestFileFromHeader() throws {
        struct TestFileRefused: Error {}
        var entries = 0
        let result = Result { () throws(BankStatementError) in
            try BankStatementReader.read(
                from: BankStatementFixtures.url("camt054-v08-test-file.xml"),
                header: { if $0.isTest { throw TestFileRefused() } },
                entry: { _ in entries += 1 })
        }
        guard case .failure(let error) = result else { Issue.record("read succeeded"); return }
        #expect(error.problem == .stoppedByCaller && error.underlyingError is TestFileRefused && entries == 0)
        #expect(error.path == "Document/BkToCstmrDbtCdtNtfctn/GrpHdr")
    }

    // MARK: Hostile files

    @Test("a DOCTYPE declaring an external entity is refused before anything is read")
    func externalEntity() throws {
        let outcome = BankStatementFixtures.read("camt054-v08-xxe.xml")
        #expect(outcome.error?.problem == .documentTypeDeclaration)
        #expect(outcome.entries.isEmpty && outcome.headerSeenBeforeEntries == nil)
    }

    @Test("nested entities (billion laughs) are refused")
    func billionLaughs() throws {
        #expect(BankStatementFixtures.read("camt054-v08-billion-laughs.xml").error?.problem == .documentTypeDeclaration)
    }

    @Test("text longer than the limit is refused")
    func longText() throws {
        let text = Self.notification("<Id>\(String(repeating: "x", count: 200))</Id>")
        let error = try #require(BankStatementFixtures.read(text: text, limits: BankStatementLimits(maximumTextBytes: 100)).error)
        #expect(error.problem == .textTooLong(limit: 100))
        #expect(error.path == "Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Id")
    }

    @Test("nesting deeper than the limit is refused")
    func deepNesting() throws {
        let deep = String(repeating: "<X>", count: 20) + String(repeating: "</X>", count: 20)
        let error = try #require(BankStatementFixtures.read(text: Self.notification(deep), limits: BankStatementLimits(maximumDepth: 16)).error)
        #expect(error.problem == .nestingTooDeep(limit: 16))
    }
}
