import Foundation
@testable import KontorDomain
import Testing

/// Forms of camt.053/054 that real banks write and the hand-written fixtures of `BankStatementReaderTests` do not
/// show: each must read as the standard means it, or be refused with the place named.
@Suite("Bank statements: variants of camt files as banks write them")
struct CamtVariantsTests {
    // MARK: Dates

    @Test("an ISODate with a time zone (2026-03-14+01:00, 2026-03-15Z) is read as its day, not refused")
    func datesWithTimeZone() throws {
        let outcome = BankStatementFixtures.read("camt054-v08-dates-with-time-zone.xml")
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.entries.map(\.bookingDate) == ["2026-03-14", "2026-03-16"])
        #expect(outcome.entries.map(\.valueDate) == ["2026-03-15", "2026-03-16"])
    }

    @Test("a booking time given as an instant counts on the bank's calendar day; a local time is its own day", arguments: [
        ("2026-12-07T23:40:00Z", "2026-12-08"),           // Zurich is an hour ahead in winter
        ("2026-06-30T22:30:00Z", "2026-07-01"),           // and two in summer
        ("2026-06-30T21:59:59.123Z", "2026-06-30"),
        ("2026-12-08T00:30:00+01:00", "2026-12-08"),
        ("2026-12-07T18:00:00-05:00", "2026-12-08"),      // 23:00 UTC, midnight in Zurich
        ("2026-12-31T23:30:00+00:00", "2027-01-01"),
        ("2026-12-07T23:40:00", "2026-12-07"),            // no offset: the bank's local time already
        ("2026-12-07", "2026-12-07"),
    ])
    func bookingTimes(_ text: String, _ day: String) throws {
        #expect(CamtValues.day(ofDateTime: text, in: BankStatementReader.swissTime) == day)
        let body = #"<Ntry><Amt Ccy="CHF">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"#
            + "<BookgDt><DtTm>\(text)</DtTm></BookgDt><ValDt><DtTm>\(text)</DtTm></ValDt></Ntry>"
        let outcome = BankStatementFixtures.read(text: BankStatementReaderTests.notification(body))
        #expect(outcome.entries.map(\.bookingDate) == [day] && outcome.entries.map(\.valueDate) == [day], "\(String(describing: outcome.error))")
    }

    @Test("a provider keeping its books elsewhere gets its own calendar day")
    func bookingTimesElsewhere() {
        #expect(CamtValues.day(ofDateTime: "2026-12-07T23:40:00Z", in: TimeZone(identifier: "America/New_York")!) == "2026-12-07")
        #expect(CamtValues.day(ofDateTime: "2026-12-07T03:40:00Z", in: TimeZone(identifier: "America/New_York")!) == "2026-12-06")
    }

    @Test("a time without seconds is still an instant; a time written some other way keeps the day as written", arguments: [
        ("2026-12-07T23:40Z", "2026-12-08"), ("2026-12-07T23:40+01:00", "2026-12-07"),
        ("2026-12-07T25:00:00Z", "2026-12-07"), ("2026-12-07T2340:00Z", "2026-12-07"), ("2026-12-07T23:40:00Zulu", "2026-12-07"),
    ])
    func unusualBookingTimes(_ text: String, _ day: String) {
        #expect(CamtValues.day(ofDateTime: text, in: BankStatementReader.swissTime) == day)
    }

    @Test("what the bank writes about a booking (AddtlNtryInf) and about a payment (AddtlTxInf) is read")
    func banksNotes() throws {
        let body = #"<Ntry><Amt Ccy="CHF">5</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-07</Dt></BookgDt>"#
            + #"<NtryDtls><TxDtls><Amt Ccy="CHF">5</Amt><AddtlTxInf>Payment note</AddtlTxInf></TxDtls></NtryDtls>"#
            + "<AddtlNtryInf>GUTSCHRIFT 21 00000 00003 13947 14300 09017</AddtlNtryInf></Ntry>"
        let entry = try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).entries.first)
        #expect(entry.additionalInformation == "GUTSCHRIFT 21 00000 00003 13947 14300 09017")
        #expect(entry.transactions.first?.additionalInformation == "Payment note")
    }

    @Test("what is not a date is still refused, naming the element", arguments: [
        "14.03.2026", "2026-03-14+1", "2026-03-14+01:00x", "2026-03-14 12:00", "2026-03-14Y", "2026-3-14",
    ])
    func notADate(_ text: String) throws {
        #expect(CamtValues.date(text) == nil)
        let body = #"<Ntry><Amt Ccy="CHF">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"#
            + "<BookgDt><Dt>\(text)</Dt></BookgDt></Ntry>"
        let error = try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).error)
        #expect(error.path == "Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]/BookgDt/Dt")
        guard case .invalidValue = error.problem else { Issue.record("got \(error)"); return }
    }
    // MARK: References

    @Test("the placeholders banks write where they have no reference are no reference", arguments: [
        "NONREF", "NOTPROVIDED", "NOT PROVIDED", "notprovided", "N/A", "NONE", "NOREF", " ", "",
    ])
    func placeholderReference(_ text: String) {
        #expect(CamtValues.reference(text) == nil)
    }

    @Test("real references are kept as written, however short or long", arguments: [
        "000001", "1", "NONREFUND-2026", "T-20260314-0001", "NOTPROVIDED-1", "KT20261206000000000001",
    ])
    func realReference(_ text: String) {
        #expect(CamtValues.reference(text) == text)
    }

    // MARK: Amounts of transaction details

    @Test("a detail whose amount is only in AmtDtls/TxAmt/Amt gets that amount, not the ordered InstdAmt")
    func amountInAmountDetails() throws {
        let outcome = BankStatementFixtures.read("camt053-v04-collective-amounts-in-amtdtls.xml")
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        let entry = try #require(outcome.entries.first)
        #expect(entry.isCollective && entry.transactions.count == 3)
        #expect(entry.transactions.map { $0.amount?.description } == ["CHF 100.00", "CHF 150.50", "CHF 50.00"])
    }

    @Test("a detail of a batch with only AmtDtls/InstdAmt in the booking's currency and no exchange gets that amount; exchanged or in another currency it gets none")
    func instructedAmountOnly() throws {
        let outcome = BankStatementFixtures.read("camt054-v04-batch-amounts-only-instructed.xml")
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        let entry = try #require(outcome.entries.first)
        #expect(entry.transactions.map { $0.amount?.description } == ["CHF 107.00", "CHF 14.00"])
        #expect(entry.detailsAgainstBooking == .addUp)
        func batch(_ amountDetails: String) throws -> BankEntry {
            let details = "<TxDtls><AmtDtls>\(amountDetails)</AmtDtls></TxDtls><TxDtls><Amt Ccy=\"CHF\">1.00</Amt></TxDtls>"
            let body = #"<Ntry><Amt Ccy="CHF">11.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><NtryDtls>"# + details + "</NtryDtls></Ntry>"
            return try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).entries.first)
        }
        #expect(try batch(#"<InstdAmt><Amt Ccy="EUR">10.00</Amt></InstdAmt>"#).transactions[0].amount == nil)
        #expect(try batch(#"<InstdAmt><Amt Ccy="CHF">10.00</Amt><CcyXchg><SrcCcy>EUR</SrcCcy><TrgtCcy>CHF</TrgtCcy><XchgRate>1</XchgRate></CcyXchg></InstdAmt>"#)
            .transactions[0].amount == nil)
        #expect(try batch(#"<InstdAmt><Amt Ccy="CHF">10.00</Amt></InstdAmt>"#).transactions[0].amount?.description == "CHF 10.00")
    }

    @Test("the bank transaction code is read for the booking and for each payment; a return said only by it (PMNT/…/RRTN, RPCR, UPDD, PRDD, RCDD) is a reversal, on a debit a customer's payment going back")
    func bankTransactionCodeOfAReturn() throws {
        func entry(_ direction: String, _ code: String, inDetail: Bool = false) throws -> BankEntry {
            let (family, sub) = (code.split(separator: "/")[1], code.split(separator: "/")[2])
            let written = "<BkTxCd><Domn><Cd>\(code.split(separator: "/")[0])</Cd><Fmly><Cd>\(family)</Cd><SubFmlyCd>\(sub)</SubFmlyCd></Fmly></Domn></BkTxCd>"
            let body = #"<Ntry><Amt Ccy="CHF">58.37</Amt><CdtDbtInd>"# + direction + #"</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"# + (inDetail ? "" : written)
                + "<NtryDtls><TxDtls>" + (inDetail ? written : "") + #"<Amt Ccy="CHF">58.37</Amt></TxDtls></NtryDtls></Ntry>"#
            return try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).entries.first)
        }
        let returned = try entry("DBIT", "PMNT/RCDT/RRTN")
        #expect(returned.isReversal && returned.bankTransactionCode == BankTransactionCode(domain: "PMNT", subFamily: "RRTN"))
        #expect(try entry("DBIT", "PMNT/RCDT/RRTN", inDetail: true).isReversal, "said by each payment")
        #expect(try entry("DBIT", "PMNT/IDDT/UPDD").isReversal)
        #expect(try entry("CRDT", "PMNT/ICDT/RRTN").isReversal, "a payment of ours coming back, as RvslInd on a credit")
        #expect(try !entry("DBIT", "PMNT/ICDT/DMCT").isReversal, "our own payment going out")
        #expect(try !entry("DBIT", "ACMT/MDOP/RRTN").isReversal, "a return only in the payments domain")
        #expect(try entry("CRDT", "PMNT/RCDT/VCOM").transactions.first?.reportsReturn == false)
        // Where the booking states its code, a payment's own is not read: the booking's says what its payments are.
        let both = #"<Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"#
            + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls>"
            + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn></BkTxCd>"
            + #"<Amt Ccy="CHF">1.00</Amt></TxDtls></NtryDtls></Ntry>"#
        let read = try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(both)).entries.first)
        #expect(read.bankTransactionCode == BankTransactionCode(domain: "PMNT", subFamily: "VCOM") && read.transactions.first?.bankTransactionCode == nil)
    }

    @Test("the bank's own bookings by their code: account management (ACMT) or interest, charges, fees, commissions and taxes outside payments; never a payment's code")
    func banksOwnBookings() {
        #expect(BankTransactionCode(domain: "ACMT", subFamily: "INTR").isBanksOwn)
        #expect(BankTransactionCode(domain: "ACMT", subFamily: "OTHR").isBanksOwn)
        #expect(BankTransactionCode(domain: "LDAS", subFamily: "INTR").isBanksOwn)
        #expect(!BankTransactionCode(domain: "PMNT", subFamily: "VCOM").isBanksOwn)
        #expect(!BankTransactionCode(domain: "PMNT", subFamily: "CHRG").isBanksOwn, "a payment's charges: still a payment")
        #expect(!BankTransactionCode().isBanksOwn)
    }

    @Test("one detail of a batch of several that is the whole booking's amount is a summary line, not a payment")
    func summaryOfBatch() throws {
        let summary = #"<Ntry><Amt Ccy="CHF">121.07</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>"#
            + #"<TxDtls><Amt Ccy="CHF">121.070</Amt></TxDtls></NtryDtls></Ntry>"#
        #expect(try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(summary)).entries.first).isSummaryOfBatch)
        let part = summary.replacingOccurrences(of: "121.070</Amt></TxDtls>", with: "107.02</Amt></TxDtls>")
        #expect(try !#require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(part)).entries.first).isSummaryOfBatch)
        // Naming a payer, it is no summary: one payment the bank counts as several, or several under one name.
        let named = summary.replacingOccurrences(of: "</Amt></TxDtls>", with: "</Amt><RltdPties><DbtrAcct><Id><IBAN>CH5604835012345678009</IBAN></Id></DbtrAcct></RltdPties></TxDtls>")
        let entry = try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(named)).entries.first)
        #expect(!entry.isSummaryOfBatch && entry.listsOneForSeveral)
    }

    @Test("TxDtls/Amt wins over AmtDtls/TxAmt/Amt when a detail states both")
    func amountBeforeAmountDetails() throws {
        let detail = #"<Amt Ccy="CHF">12.00</Amt><AmtDtls><TxAmt><Amt Ccy="CHF">99.00</Amt></TxAmt></AmtDtls>"#
        let body = BankStatementReaderTests.entry(detail, amount: #"<Amt Ccy="CHF">40.00</Amt>"#)
            .replacingOccurrences(of: "</NtryDtls>", with: #"<TxDtls><Amt Ccy="CHF">28.00</Amt></TxDtls></NtryDtls>"#)
        let entry = try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).entries.first)
        #expect(entry.transactions.map { $0.amount?.value.description } == ["12.00", "28.00"])
    }

    @Test("a converted payment's TxDtls/Amt in another currency than the booking gives way to AmtDtls/TxAmt in the booking's: what moved the account")
    func convertedAmountInTheBookingsCurrency() throws {
        let detail = #"<Amt Ccy="EUR">200.00</Amt><AmtDtls><InstdAmt><Amt Ccy="EUR">200.00</Amt><CcyXchg><SrcCcy>EUR</SrcCcy><TrgtCcy>CHF</TrgtCcy>"#
            + #"<XchgRate>1.03125</XchgRate></CcyXchg></InstdAmt><TxAmt><Amt Ccy="CHF">206.25</Amt></TxAmt></AmtDtls>"#
        let body = BankStatementReaderTests.entry(detail, amount: #"<Amt Ccy="CHF">264.62</Amt>"#)
            .replacingOccurrences(of: "</NtryDtls>", with: #"<TxDtls><Amt Ccy="CHF">58.37</Amt></TxDtls></NtryDtls>"#)
        let entry = try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).entries.first)
        #expect(entry.transactions.map { $0.amount?.description } == ["CHF 206.25", "CHF 58.37"])
        #expect(entry.detailsAgainstBooking == .addUp)
    }

    @Test("an amount in AmtDtls/TxAmt without Ccy or not a decimal is refused, naming the place")
    func badAmountInAmountDetails() throws {
        let body = BankStatementReaderTests.entry("<AmtDtls><TxAmt><Amt Ccy=\"CHF\">1,5</Amt></TxAmt></AmtDtls>")
        let error = try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).error)
        #expect(error.problem == .invalidAmount("1,5"))
        #expect(error.path == "Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]/NtryDtls/TxDtls[1]/AmtDtls/TxAmt/Amt")
    }

    @Test("the one detail given for a batch of three does not take the whole collective amount")
    func oneDetailOfABatch() throws {
        let outcome = BankStatementFixtures.read("camt053-v08-batch-with-one-detail.xml")
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        let entry = try #require(outcome.entries.first)
        #expect(entry.isCollective && entry.batchTransactionCount == 3 && entry.transactions.count == 1)
        #expect(entry.transactions.first?.amount == nil)
        #expect(entry.transactions.first?.parsedReference != nil)
    }

    @Test("a single detail in a batch of one still takes the entry's amount")
    func batchOfOne() throws {
        let body = BankStatementReaderTests.entry("<Refs><AcctSvcrRef>R</AcctSvcrRef></Refs>")
            .replacingOccurrences(of: "<NtryDtls>", with: "<NtryDtls><Btch><NbOfTxs>1</NbOfTxs></Btch>")
        let entry = try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).entries.first)
        #expect(!entry.isCollective && entry.transactions.first?.amount == entry.amount)
    }
    // MARK: Namespaces

    @Test("an element is camt by its namespace, not its prefix: a prefix bound to the message's namespace on inner elements only")
    func prefixOnInnerElementsOnly() throws {
        let namespace = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"
        let text = """
            <Document xmlns="\(namespace)" xmlns:c="\(namespace)"><c:BkToCstmrDbtCdtNtfctn>
            <c:GrpHdr><c:MsgId>M</c:MsgId><CreDtTm>2026-03-14T00:00:00</CreDtTm></c:GrpHdr>
            <Ntfctn><Acct><Id><c:IBAN>CH4431999123000889012</c:IBAN></Id></Acct>
            <c:Ntry><c:Amt Ccy="CHF">5.00</c:Amt><CdtDbtInd>CRDT</CdtDbtInd><c:Sts><Cd>BOOK</Cd></c:Sts></c:Ntry></Ntfctn>
            </c:BkToCstmrDbtCdtNtfctn></Document>
            """
        let outcome = BankStatementFixtures.read(text: text)
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.entries.map(\.amount.description) == ["CHF 5.00"])
        #expect(outcome.entries.first?.accountIBAN == "CH4431999123000889012")
    }

    @Test("an entry in another namespace refuses the file, naming it, whether prefixed, in a default namespace of its own or wrapped")
    func foreignNamespaceElements() throws {
        let namespace = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"
        let entry = #"<Amt Ccy="CHF">7.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"#
        for (root, foreign) in [("c:Document xmlns:c", "<x:Ntry>\(entry)</x:Ntry>"), ("Document xmlns", #"<Ntry xmlns="urn:example:other">\#(entry)</Ntry>"#),
                                ("Document xmlns", "<x:Wrap><Ntry>\(entry)</Ntry></x:Wrap>")] {
            let p = root.hasPrefix("c:") ? "c:" : ""
            let text = """
                <\(root)="\(namespace)" xmlns:x="urn:example:other"><\(p)BkToCstmrDbtCdtNtfctn>
                <\(p)GrpHdr><\(p)MsgId>M</\(p)MsgId><\(p)CreDtTm>2026-03-14T00:00:00</\(p)CreDtTm></\(p)GrpHdr>
                <\(p)Ntfctn>\(foreign)
                <\(p)Ntry><\(p)Amt Ccy="CHF">3.00</\(p)Amt><\(p)CdtDbtInd>CRDT</\(p)CdtDbtInd><\(p)Sts>BOOK</\(p)Sts></\(p)Ntry></\(p)Ntfctn>
                </\(p)BkToCstmrDbtCdtNtfctn></\(p)Document>
                """
            let outcome = BankStatementFixtures.read(text: text)
            let error = try #require(outcome.error, "\(foreign)")
            #expect(error.problem == .foreignElement(name: foreign.contains("Wrap") ? "Wrap" : "Ntry", namespace: "urn:example:other"))
            #expect(error.messageKey == "statement.problem.foreign_element" && error.path?.hasSuffix("Ntfctn[1]") == true, "\(error)")
        }
    }

    @Test("another namespace inside a supplementary data envelope (the one place the schemas allow it) is read past")
    func foreignNamespaceInsideEnvelope() throws {
        let envelope = #"<SplmtryData><Envlp><x:Extra xmlns:x="urn:example:other"><x:Ntry>9.00</x:Ntry></x:Extra></Envlp></SplmtryData>"#
        let body = BankStatementReaderTests.entry("<Refs><AcctSvcrRef>R</AcctSvcrRef></Refs>" + envelope)
        let outcome = BankStatementFixtures.read(text: BankStatementReaderTests.notification(body))
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.entries.count == 1)
    }
    // MARK: References

    @Test("the stated type goes with its own Ref: a Strd block with a type and no Ref does not label the next block's")
    func referenceTypeOfItsOwnBlock() throws {
        let detail = "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp></CdtrRefInf></Strd>"
            + "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>"
            + "<Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>210000000003139471430009017</Ref></CdtrRefInf></Strd></RmtInf>"
        let outcome = BankStatementFixtures.read(text: BankStatementReaderTests.notification(BankStatementReaderTests.entry(detail)))
        let payment = try #require(outcome.entries.first?.transactions.first)
        #expect(payment.reference == "RF18539007547034" && payment.referenceType == "SCOR")
    }

    @Test("references as people type them (QRR in groups, RF in lower case with spaces) are kept as written and parsed")
    func referencesWithSpaces() throws {
        func detail(_ type: String, _ ref: String) -> String {
            "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry>\(type)</CdOrPrtry></Tp><Ref>\(ref)</Ref></CdtrRefInf></Strd></RmtInf>"
        }
        let body = BankStatementReaderTests.entry(detail("<Prtry>QRR</Prtry>", "21 00000 00003 13947 14300 09017"))
            + BankStatementReaderTests.entry(detail("<Cd>SCOR</Cd>", "rf18 5390 0754 7034"))
        let outcome = BankStatementFixtures.read(text: BankStatementReaderTests.notification(body))
        let payments = outcome.entries.compactMap(\.transactions.first)
        #expect(payments.map(\.reference) == ["21 00000 00003 13947 14300 09017", "rf18 5390 0754 7034"])
        #expect(payments.map { $0.parsedReference?.electronic } == ["210000000003139471430009017", "RF18539007547034"])
    }

    // MARK: What public files show (PostFinance, the ISO business example, open-source importers' fixtures)

    @Test("a lone detail's amount is the entry's, what the bank booked; a different one it states (a zero, another currency) is kept beside it")
    func loneDetailTakesTheBookedAmount() throws {
        func lone(_ detail: String, entry: String = #"<Amt Ccy="SEK">105678.50</Amt>"#) throws -> BankTransaction {
            let read = BankStatementFixtures.read(text: BankStatementReaderTests.notification(BankStatementReaderTests.entry(detail, amount: entry)))
            return try #require(read.entries.first?.transactions.first)
        }
        let zero = try lone(#"<Amt Ccy="SEK">0</Amt>"#)
        #expect(zero.amount?.description == "SEK 105678.50" && zero.statedAmount?.description == "SEK 0")
        let converted = try lone(#"<Amt Ccy="EUR">3255</Amt>"#, entry: #"<Amt Ccy="SEK">30000</Amt>"#)
        #expect(converted.amount?.description == "SEK 30000" && converted.statedAmount?.description == "EUR 3255")
        let booked = try lone(#"<Amt Ccy="EUR">3255</Amt><AmtDtls><TxAmt><Amt Ccy="SEK">30000.00</Amt></TxAmt></AmtDtls>"#,
                              entry: #"<Amt Ccy="SEK">30000</Amt>"#)
        #expect(booked.statedAmount == nil, "the booked amount in AmtDtls/TxAmt agrees with the entry: nothing to report")
        #expect(try lone(#"<Amt Ccy="SEK">105678.5</Amt>"#).statedAmount == nil, "the same number written with fewer zeros agrees")
    }

    @Test("the details of a batch add up to its entry or they do not (also when fewer or more are listed than stated); with an amount in another currency it cannot be said")
    func detailsAddUp() throws {
        func entry(_ amounts: [String], total: String, batch: Int? = nil) throws -> BankEntry {
            let details = amounts.map { "<TxDtls><Amt Ccy=\"\($0.hasPrefix("EUR") ? "EUR" : "CHF")\">\($0.replacingOccurrences(of: "EUR", with: ""))</Amt></TxDtls>" }
            let stated = batch.map { "<Btch><NbOfTxs>\($0)</NbOfTxs></Btch>" } ?? ""
            let body = #"<Ntry><Amt Ccy="CHF">"# + total + #"</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><NtryDtls>"#
                + stated + details.joined() + "</NtryDtls></Ntry>"
            return try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).entries.first)
        }
        #expect(try entry(["2187.00", "1296.00"], total: "3483.00").detailsAgainstBooking == .addUp)
        #expect(try entry(["2187.00", "1296.0"], total: "3483").detailsAgainstBooking == .addUp)
        #expect(try entry(["2187.00", "1296.00"], total: "3490.20").detailsAgainstBooking == .fallShort)
        #expect(try entry(["2187.00", "EUR1296.00"], total: "3483.00").detailsAgainstBooking == .unverifiable, "a payment in another currency")
        #expect(try entry(["2187.00", "0.001"], total: "10.00").detailsAgainstBooking == .unverifiable, "a payment finer than a cent")
        #expect(try entry(["206.25"] + Array(repeating: "9999999999999999.99", count: 10), total: "1.00").detailsAgainstBooking == .unverifiable,
                "a sum beyond any number")
        #expect(try entry(["2187.00", "1296.00"], total: "5000.00", batch: 3).detailsAgainstBooking == .fallShort,
                "a third payment listed nowhere in the file is booked money the file does not show: said, not silent")
        #expect(try entry(["2187.00", "1296.00"], total: "3483.00", batch: 3).detailsAgainstBooking == .addUp, "the third may be a 0.00 line")
        #expect(try entry(["2187.00"], total: "2187.00").detailsAgainstBooking == nil)
        // A batch listing more payments than it states is compared all the same: money the bank did not book is not believed.
        #expect(try entry(["206.25", "107.02"], total: "206.25", batch: 1).detailsAgainstBooking == .exceed)
        #expect(try entry(["206.25", "107.02"], total: "313.27", batch: 1).detailsAgainstBooking == .addUp, "the count is wrong, the money is not")
        // One payment listed of a batch of two is not the booking: what it leaves unlisted is said.
        #expect(try entry(["206.25"], total: "313.27", batch: 2).detailsAgainstBooking == .fallShort)
        #expect(try entry(["206.25"], total: "206.25", batch: 2).detailsAgainstBooking == .addUp)
        #expect(try entry(["206.25"], total: "206.25", batch: 1).detailsAgainstBooking == nil, "a batch of one is the booking's one payment")
        // Which way they differ decides what the import does: money listed nowhere (short) or money that never arrived.
        #expect(try entry(["2187.00", "1296.00"], total: "3490.20").detailsAgainstBooking == .fallShort)
        #expect(try entry(["2187.00", "1296.00"], total: "3400.00").detailsAgainstBooking == .exceed)
    }

    @Test("charges the bank took from the booking (ChrgInclInd true, for the booking or per payment) make up the difference; others do not")
    func chargesTakenFromTheBooking() throws {
        func entry(charges: String, inDetails: Bool = false) throws -> BankEntry {
            let detail = { (amount: String) in "<TxDtls><Amt Ccy=\"CHF\">\(amount)</Amt>\(inDetails ? charges : "")</TxDtls>" }
            let body = #"<Ntry><Amt Ccy="CHF">48.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"# + (inDetails ? "" : charges)
                + "<NtryDtls>" + detail("30.00") + detail("20.00") + "</NtryDtls></Ntry>"
            return try #require(BankStatementFixtures.read(text: BankStatementReaderTests.notification(body)).entries.first)
        }
        func record(_ amount: String, included: String?) -> String {
            #"<Chrgs><Rcrd><Amt Ccy="CHF">"# + amount + "</Amt><CdtDbtInd>DBIT</CdtDbtInd>" + (included.map { "<ChrgInclInd>\($0)</ChrgInclInd>" } ?? "") + "</Rcrd></Chrgs>"
        }
        #expect(try entry(charges: record("2.00", included: "true")).detailsAgainstBooking == .addUp)
        #expect(try entry(charges: record("1.00", included: "true"), inDetails: true).detailsAgainstBooking == .addUp)
        #expect(try entry(charges: record("2.00", included: "false")).detailsAgainstBooking == .exceed)
        #expect(try entry(charges: record("2.00", included: nil)).detailsAgainstBooking == .exceed, "not said to be taken from the booking")
        #expect(try entry(charges: record("0.50", included: "true")).detailsAgainstBooking == .exceed)
    }

    @Test("an account without an IBAN is read from Acct/Id/Othr/Id; an ultimate debtor is read in both versions")
    func otherAccountAndUltimateDebtor() throws {
        let ultimate = BankStatementReaderTests.entry("""
            <RltdPties><Dbtr><Pty><Nm>Treuhand AG</Nm></Pty></Dbtr><UltmtDbtr><Pty><Nm>Dora Beispiel</Nm></Pty></UltmtDbtr></RltdPties>
            """)
        let body = "<Acct><Id><Othr><Id>50000000054910000003</Id></Othr></Id></Acct>" + ultimate
        let read = BankStatementFixtures.read(text: BankStatementReaderTests.notification(body))
        let entry = try #require(read.entries.first)
        #expect(entry.accountIBAN == "50000000054910000003")
        #expect(entry.transactions.first?.ultimateDebtorName == "Dora Beispiel")
        #expect(entry.transactions.first?.paysOnBehalfOfSomeoneElse == true)
        let older = BankStatementReaderTests.entry("<RltdPties><Dbtr><Nm>Muster AG</Nm></Dbtr><UltmtDbtr><Nm>muster ag</Nm></UltmtDbtr></RltdPties>")
        let v04 = BankStatementFixtures.read(text: BankStatementReaderTests.notification(older, namespace: "urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"))
        let same = try #require(v04.entries.first?.transactions.first)
        #expect(same.ultimateDebtorName == "muster ag" && !same.paysOnBehalfOfSomeoneElse, "naming the debtor itself is no one else")
    }
}
