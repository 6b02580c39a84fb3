import Foundation
@testable import KontorDomain
import Testing

@Suite("Statements the bank numbered but that never arrived (ElctrncSeqNb)")
struct StatementSequenceTests {
    typealias Known = StatementSequence.Known
    typealias Gap = StatementSequence.Gap

    @Test("a number skipped between two statements is missing, however many; consecutive numbers are not")
    func skippedNumbers() {
        #expect(StatementSequence.gaps(in: [Known(number: 41, day: "2026-12-01"), Known(number: 42, day: "2026-12-02")]).isEmpty)
        #expect(StatementSequence.gaps(in: [Known(number: 41, day: "2026-12-01"), Known(number: 43, day: "2026-12-03")])
                == [Gap(first: 42, last: 42, afterDay: "2026-12-01", beforeDay: "2026-12-03")])
        #expect(StatementSequence.gaps(in: [Known(number: 44, day: "2026-12-05"), Known(number: 40, day: "2026-12-01")])
                == [Gap(first: 41, last: 43, afterDay: "2026-12-01", beforeDay: "2026-12-05")], "in the order of their days, whatever the order given")
        #expect(StatementSequence.gaps(in: [Known(number: 7, day: "2026-12-01")]).isEmpty, "the first statement imported has nothing before it")
    }

    @Test("a bank starting again from 1 is a new run; an old statement sent again is not one")
    func restartsAndRepeats() {
        let yearEnd = [Known(number: 364, day: "2026-12-30"), Known(number: 365, day: "2026-12-31"), Known(number: 1, day: "2027-01-04"), Known(number: 2, day: "2027-01-05")]
        #expect(StatementSequence.gaps(in: yearEnd).isEmpty)
        let resent = [Known(number: 10, day: "2026-12-01"), Known(number: 11, day: "2026-12-02"), Known(number: 12, day: "2026-12-03"),
                      Known(number: 10, day: "2026-12-04"), Known(number: 13, day: "2026-12-05")]
        #expect(StatementSequence.gaps(in: resent).isEmpty, "10 again, then 13: 11 and 12 were imported")
        // A restart at 4: this year's 1–3 never arrived. And last year's 5 does not fill this year's.
        let lastYear = [Known(number: 5, day: "2026-01-08"), Known(number: 4, day: "2027-01-07"), Known(number: 6, day: "2027-01-09")]
        #expect(StatementSequence.gaps(in: lastYear) == [Gap(first: 1, last: 3, afterDay: "2026-01-08", beforeDay: "2027-01-07"),
                                                         Gap(first: 5, last: 5, afterDay: "2027-01-07", beforeDay: "2027-01-09")])
        let lostFirst = [Known(number: 365, day: "2026-12-31"), Known(number: 2, day: "2027-01-05")]
        #expect(StatementSequence.gaps(in: lostFirst).map(\.first) == [1], "a new year whose statement 1 never arrived")
    }

    @Test("nothing before the statement the imports began with is missing: an older one imported later opens no gap")
    func backfill() {
        let known = [Known(number: 101, day: "2026-12-01"), Known(number: 102, day: "2026-12-02"), Known(number: 60, day: "2026-10-20")]
        #expect(StatementSequence.gaps(in: known, since: "2026-12-01").isEmpty)
        #expect(StatementSequence.gaps(in: known + [Known(number: 104, day: "2026-12-04")], since: "2026-12-01").map(\.first) == [103])
    }

    @Test("numbers staff confirmed never issued close the gap, wholly or in part")
    func confirmedRanges() {
        let statements = [Known(number: 41, day: "2026-12-01"), Known(number: 46, day: "2026-12-06")]
        #expect(StatementSequence.gaps(in: statements + [Known(first: 42, last: 45, day: "2026-12-01", confirmed: true)]).isEmpty)
        #expect(StatementSequence.gaps(in: statements + [Known(first: 43, last: 44, day: "2026-12-01", confirmed: true)])
                == [Gap(first: 42, last: 42, afterDay: "2026-12-01", beforeDay: "2026-12-06"), Gap(first: 45, last: 45, afterDay: "2026-12-01", beforeDay: "2026-12-06")])
    }

    @Test("a statement number is digits only, at most 18; anything else tells nothing")
    func numbers() {
        #expect(StatementSequence.number("42") == 42 && StatementSequence.number(" 0042\n") == 42 && StatementSequence.number("0") == 0)
        #expect(StatementSequence.number("999999999999999999") == 999_999_999_999_999_999)
        for bad in ["", "-1", "4 2", "1e3", "42.0", "١٢", "9999999999999999999"] { #expect(StatementSequence.number(bad) == nil, "\(bad)") }
    }

    @Test("the reader hands over each statement's number and creation time")
    func readerHandsThemOver() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
            <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-12-02T18:00:00+01:00</CreDtTm></GrpHdr>
            <Stmt><Id>S1</Id><ElctrncSeqNb>42</ElctrncSeqNb><CreDtTm>2026-12-01T18:00:00+01:00</CreDtTm><Acct><Id><IBAN>CH4431999123000889012</IBAN></Id></Acct></Stmt>
            <Stmt><Id>S2</Id><ElctrncSeqNb>x</ElctrncSeqNb><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct></Stmt>
            <Stmt><Id>S3</Id><LglSeqNb>7</LglSeqNb><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct></Stmt>
            <Stmt><Id>S4</Id><ElctrncSeqNb>43</ElctrncSeqNb><LglSeqNb>8</LglSeqNb><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct></Stmt>
            </BkToCstmrStmt></Document>
            """
        let summary = try #require(BankStatementFixtures.read(text: text).summary)
        #expect(summary.reports.map(\.electronicSequence) == [42, nil, 7, 43], "the electronic number, else the legal one")
        #expect(summary.reports.map(\.createdAt) == ["2026-12-01T18:00:00+01:00", nil, nil, nil])
    }
}
