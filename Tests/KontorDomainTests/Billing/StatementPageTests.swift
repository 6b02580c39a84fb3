import KontorDomain
import Testing

@Suite("Statements split into pages: what the bank says of each page, and which pages are missing")
struct StatementPageTests {
    private func pages(_ list: (Int, Bool)...) -> [StatementPage] { list.map { StatementPage(number: $0.0, isLast: $0.1) } }

    @Test("complete once pages 1 to the one marked last are in, whatever their order or repeats")
    func complete() {
        #expect(StatementPages.missing(pages((1, true))) == nil)
        #expect(StatementPages.missing(pages((3, true), (1, false), (2, false), (2, false))) == nil)
        #expect(StatementPages.missing([]) == nil, "nothing recorded: nothing split")
    }

    @Test("a page before the last missing is named; without a page marked last, everything after the highest may be missing")
    func missing() {
        #expect(StatementPages.missing(pages((1, false), (3, true))) == .init(pages: [2], after: nil))
        #expect(StatementPages.missing(pages((1, false))) == .init(pages: [], after: 1))
        #expect(StatementPages.missing(pages((2, false))) == .init(pages: [1], after: 2))
        #expect(StatementPages.missing(pages((4, true))) == .init(pages: [1, 2, 3], after: nil), "only the last page arrived")
        #expect(StatementPages.missing(pages((2, true), (1, false), (3, true))) == nil, "complete up to the highest page marked last")
        #expect(StatementPages.missing(pages((1, false), (2, true), (3, false))) == .init(pages: [], after: 3),
                "a page after the one marked last: that mark was wrong, and more may follow")
    }

    @Test("the reader hands over each statement's pagination, else the message's; a page number without the last-page flag says nothing")
    func readerHandsThemOver() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
            <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-12-02T18:00:00+01:00</CreDtTm><MsgPgntn><PgNb>2</PgNb><LastPgInd>true</LastPgInd></MsgPgntn></GrpHdr>
            <Stmt><Id>S1</Id><StmtPgntn><PgNb>3</PgNb><LastPgInd>false</LastPgInd></StmtPgntn><ElctrncSeqNb>42</ElctrncSeqNb><Acct><Id><IBAN>CH4431999123000889012</IBAN></Id></Acct></Stmt>
            <Stmt><Id>S2</Id><StmtPgntn><PgNb>1</PgNb></StmtPgntn><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct></Stmt>
            <Stmt><Id>S3</Id><StmtPgntn><PgNb>x</PgNb><LastPgInd>1</LastPgInd></StmtPgntn><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct></Stmt>
            </BkToCstmrStmt></Document>
            """
        let read = BankStatementFixtures.read(text: text)
        let summary = try #require(read.summary)
        #expect(summary.header.page == StatementPage(number: 2, isLast: true))
        #expect(summary.reports.map(\.page) == [StatementPage(number: 3, isLast: false), nil, nil])
    }
}
