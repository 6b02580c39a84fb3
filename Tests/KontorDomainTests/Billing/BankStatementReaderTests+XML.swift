import Foundation
@testable import KontorDomain
import Testing

/// What XML allows in a bank file, read through libxml2's SAX2 parser: each form gives the same entry.
extension BankStatementReaderTests {
    static func entry(_ transaction: String, amount: String = #"<Amt Ccy="CHF">12.50</Amt>"#) -> String {
        "<Ntry>\(amount)<CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><NtryDtls><TxDtls>\(transaction)</TxDtls></NtryDtls></Ntry>"
    }

    @Test("entities, character references, CDATA and comments in text are read as the text they stand for")
    func entitiesCDATAComments() throws {
        let text = Self.notification(Self.entry("""
            <RltdPties><Dbtr><Pty><Nm>M&amp;M &lt;AG&gt; &#233;&#x20AC;</Nm></Pty></Dbtr></RltdPties>
            <RmtInf><Ustrd><![CDATA[Rechnung <42> & mehr]]></Ustrd><Ustrd>a<!-- a comment -->b<?pi ignored?>c</Ustrd></RmtInf>
            """))
        let outcome = BankStatementFixtures.read(text: text)
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        let transaction = try #require(outcome.entries.first?.transactions.first)
        #expect(transaction.debtorName == "M&M <AG> é€")
        #expect(transaction.unstructuredRemittance == "Rechnung <42> & mehr abc")
    }

    @Test("attributes in single quotes, with spaces around '=' and an escaped '&' in another attribute, give the currency")
    func attributeForms() throws {
        let text = Self.notification(Self.entry("", amount: #"<Amt  x="a&amp;b&#38;c" Ccy = 'EUR' >7</Amt>"#))
        let entry = try #require(BankStatementFixtures.read(text: text).entries.first)
        #expect(entry.amount.currencyCode == "EUR" && entry.amount.value.description == "7")
    }

    @Test("a UTF-8 byte order mark, an XML declaration and whitespace around values are accepted")
    func bomDeclarationWhitespace() throws {
        let text = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Self.notification(Self.entry("", amount: "<Amt Ccy=\"CHF\">\n  12.50\n</Amt>"))
        let outcome = BankStatementFixtures.read(text: text)
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.entries.first?.amount.value.description == "12.50")
    }

    @Test("a UTF-8 byte order mark wins over a declared ISO-8859-1: names read as written, not as 'MÃ¼ller'; without the mark the declaration decides")
    func byteOrderMarkOverDeclaration() throws {
        let body = Self.notification(Self.entry("<RltdPties><Dbtr><Pty><Nm>Müller Señora Zoë</Nm></Pty></Dbtr></RltdPties>"))
        let marked = "\u{FEFF}<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + body
        let outcome = BankStatementFixtures.read(text: marked)
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.entries.first?.transactions.first?.debtorName == "Müller Señora Zoë")
        // The same declaration on a Latin-1 file without a mark is how such a file is read right.
        let latin1 = try #require(("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + body).data(using: .isoLatin1))
        #expect(BankStatementFixtures.read(data: latin1).entries.first?.transactions.first?.debtorName == "Müller Señora Zoë")
    }

    @Test("any prefix bound to the namespace reads the same, also when declared beside a default namespace")
    func otherPrefix() throws {
        let namespace = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"
        let text = """
            <n:Document xmlns="urn:example:other" xmlns:n="\(namespace)"><n:BkToCstmrDbtCdtNtfctn>
            <n:GrpHdr><n:MsgId>M</n:MsgId><n:CreDtTm>2026-03-14T00:00:00</n:CreDtTm></n:GrpHdr>
            <n:Ntfctn><n:Ntry><n:Amt Ccy="CHF">3.00</n:Amt><n:CdtDbtInd>CRDT</n:CdtDbtInd><n:Sts>BOOK</n:Sts></n:Ntry></n:Ntfctn>
            </n:BkToCstmrDbtCdtNtfctn></n:Document>
            """
        let outcome = BankStatementFixtures.read(text: text)
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.entries.first?.status == "BOOK" && outcome.summary?.header.format.version == .v04)
    }

    @Test("not well-formed XML is refused with the place named", arguments: [
        "<Ntry><Amt Ccy=\"CHF\">1</Ntry>",            // mismatched end tag
        "<Ntry><Amt Ccy=CHF>1</Amt></Ntry>",          // unquoted attribute
        "<Ntry><Amt Ccy=\"CHF\" Ccy=\"EUR\">1</Amt></Ntry>", // attribute twice
        "<Ntry>&nbsp;</Ntry>",                        // undeclared entity
        "<Ntry><x:Amt>1</x:Amt></Ntry>",              // undeclared prefix
        "<Ntry>a < b</Ntry>",                         // stray '<'
    ])
    func notWellFormed(_ body: String) throws {
        let outcome = BankStatementFixtures.read(text: Self.notification(body))
        let error = try #require(outcome.error)
        guard case .malformedXML = error.problem else { Issue.record("got \(error)"); return }
        #expect(error.line == 3 && (error.column ?? 0) > 0, "\(error)")
        #expect(error.description.hasPrefix("line 3, column "), "\(error)")
        #expect(outcome.entries.isEmpty)
    }

    @Test("a blank line before the XML declaration is named as such, with its place, not as XML that is not well-formed")
    func declarationNotFirst() throws {
        let outcome = BankStatementFixtures.read(text: "\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Self.notification(""))
        let error = try #require(outcome.error)
        #expect(error.problem == .xmlDeclarationNotFirst)
        #expect(error.messageKey == "statement.problem.xml_declaration_not_first")
        #expect(error.line == 2)
    }

    @Test("bytes that are not UTF-8 are refused as malformed XML")
    func invalidUTF8() throws {
        let text = Array(Self.notification("<Ntry><Amt Ccy=\"CHF\">1</Amt><AddtlNtryInf>XY</AddtlNtryInf></Ntry>").utf8)
        let at = try #require(text.indices.first { text[$0] == UInt8(ascii: "X") && text[$0 + 1] == UInt8(ascii: "Y") })
        var data = Data(text)
        data.replaceSubrange(at..<(at + 2), with: [0xC3, 0x28])   // a lead byte without its continuation
        let result = Result { () throws(BankStatementError) in try BankStatementReader.read(from: data) { _ in } }
        guard case .failure(let error) = result, case .malformedXML = error.problem else { Issue.record("got \(result)"); return }
    }

    @Test("a file read in chunks splits names, text and entities anywhere and still reads the same")
    func chunkBoundaries() throws {
        let body = (1...1_000).map { Self.entry("<Refs><AcctSvcrRef>R\($0)&amp;x</AcctSvcrRef></Refs>") }.joined()
        let outcome = BankStatementFixtures.read(text: Self.notification(body))
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.entries.count == 1_000)   // about 190 KB: three 64 KB chunks
        #expect(outcome.entries.map { $0.transactions.first?.accountServicerReference } == (1...1_000).map { "R\($0)&x" })
    }
}
