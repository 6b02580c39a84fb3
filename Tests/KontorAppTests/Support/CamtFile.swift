import Foundation

/// Writes small camt.053 / camt.054 (.001.08) files for import tests: each payment one `TxDtls`, entries single or
/// collective, booked or not, reversed or not. Hand-built XML, so every test says exactly what the bank sent.
struct CamtFile: Sendable {
    struct Payment {
        var reference: String? = nil
        var amount: String
        var currency = "CHF"
        /// `Refs/AcctSvcrRef`; nil for a statement that lists the payment without the bank's reference for it.
        var bankReference: String?
        var debtorIBAN: String? = nil
        var debtorName = "Muster AG"
        /// False for a detail that leaves its amount to the entry (the entry's `Amt` still counts it).
        var amountInDetail = true
        /// The detail's own `CdtDbtInd` when it is not its entry's.
        var direction: String? = nil
        /// `RltdPties/UltmtDbtr/Pty/Nm`: on whose behalf the debtor paid.
        var ultimateDebtor: String? = nil
        /// `RmtInf/Ustrd`: the free-text message; each line of it (split at "\n") is a `Ustrd` of its own.
        var message: String? = nil
        /// `RtrInf`: the bank reports the payment as returned (with this reason code).
        var returnReason: String? = nil
        /// `TxDtls/Chrgs`: the bank's charges for this payment, taken from the amount booked.
        var charges: String? = nil
        /// `AddtlTxInf`: the bank's text about the payment.
        var additionalInformation: String? = nil
        /// `AmtDtls`, written as given (`<InstdAmt>…</InstdAmt><TxAmt>…</TxAmt>`).
        var amountDetails: String? = nil
    }

    struct Entry {
        var payments: [Payment]
        var status = "BOOK"
        var reversal = false
        /// `AcctSvcrRef` of the booking; empty for a bank that gives none.
        var entryReference: String
        /// A collective booking that lists no details (camt.053 with QR payments summed).
        var withoutDetails = false
        /// `Btch/NbOfTxs` as the bank states it, when it differs from the details listed (the rest in a camt.054), or
        /// a batch of one.
        var statedBatchCount: Int? = nil
        /// `CdtDbtInd` when it is not the usual (CRDT, or DBIT for a reversal).
        var direction: String? = nil
        /// `Amt` when it is not the sum of the payments.
        var amount: String? = nil
        /// `Chrgs`: charges the bank states for the booking, taken from its amount (`ChrgInclInd`) or not.
        var charges: String? = nil
        var chargesIncluded = true
        /// `AddtlNtryInf`: the bank's text about the booking.
        var additionalInformation: String? = nil
        /// The entry's booking and value day, when it is not the file's.
        var day: String? = nil
        /// `BkTxCd/Domn` as `DOMAIN/FAMILY/SUBFAMILY` (`PMNT/RCDT/VCOM`), when the bank states it.
        var bankTransactionCode: String? = nil
        /// The value day, when it is not the booking day.
        var valueDay: String? = nil
        /// No `BookgDt` (it is optional): the value day alone dates the booking.
        var withoutBookingDay = false
        /// No `ValDt` (it is optional too): the booking day alone dates it.
        var withoutValueDay = false
    }

    var kind = "054"
    var messageID = "MSG-\(UUID().uuidString.prefix(8))"
    var test = false
    var account = "CH4431999123000889012"
    /// `Acct/Ccy`, when the file states the account's currency.
    var accountCurrency: String? = nil
    /// The bank's day of the file: its creation day and every entry's booking and value day.
    var day = "2026-12-01"
    var entries: [Entry]
    /// `ElctrncSeqNb`: the statement's number in the bank's sequence for the account.
    var sequence: Int64? = nil
    /// `FrToDt/ToDtTm`'s day: the end of the period the statement reports (a copy downloaded later keeps it).
    var periodEnd: String? = nil
    /// `StmtPgntn` (`NtfctnPgntn`): which page of the statement this file is, and whether the last.
    var page: (number: Int, last: Bool)? = nil
    /// `GrpHdr/MsgPgntn`: which page of the message this file is, and whether the last.
    var messagePage: (number: Int, last: Bool)? = nil
    /// Further statements or notifications in the same file (their `account`, `accountCurrency` and `entries`), after this one's.
    var moreReports: [CamtFile] = []

    var xml: String {
        let root = kind == "053" ? "BkToCstmrStmt" : "BkToCstmrDbtCdtNtfctn"
        let header = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.\(kind).001.08"><\(root)>
            <GrpHdr><MsgId>\(messageID)</MsgId><CreDtTm>\(day)T18:00:00+01:00</CreDtTm>\(messagePage.map { "<MsgPgntn><PgNb>\($0.number)</PgNb><LastPgInd>\($0.last)</LastPgInd></MsgPgntn>" } ?? "")<AddtlInf>SPS/2.0/\(test ? "TEST" : "PROD")</AddtlInf></GrpHdr>

            """
        let reports = ([self] + moreReports).enumerated().map { $1.reportXML(kind: kind, id: "\(messageID)-\($0 + 1)") }
        return header + reports.joined() + "</\(root)></Document>\n"
    }

    /// This file's statement or notification, as a report of a file of `kind`.
    private func reportXML(kind: String, id: String) -> String {
        let report = kind == "053" ? "Stmt" : "Ntfctn"
        var text = """
            <\(report)><Id>\(id)</Id>\(page.map { "<\(kind == "053" ? "Stmt" : "Ntfctn")Pgntn><PgNb>\($0.number)</PgNb><LastPgInd>\($0.last)</LastPgInd></\(kind == "053" ? "Stmt" : "Ntfctn")Pgntn>" } ?? "")\(sequence.map { "<ElctrncSeqNb>\($0)</ElctrncSeqNb>" } ?? "")<CreDtTm>\(day)T18:00:00+01:00</CreDtTm>\(periodEnd.map { "<FrToDt><FrDtTm>\($0)T00:00:00+01:00</FrDtTm><ToDtTm>\($0)T23:59:59+01:00</ToDtTm></FrToDt>" } ?? "")<Acct><Id><IBAN>\(account)</IBAN></Id>\(accountCurrency.map { "<Ccy>\($0)</Ccy>" } ?? "")</Acct>

            """
        for entry in entries {
            let total = entry.payments.compactMap { Decimal(string: $0.amount) }.reduce(0, +)
            let currency = entry.payments.first?.currency ?? "CHF"
            let direction = entry.direction ?? (entry.reversal ? "DBIT" : "CRDT")
            text += "<Ntry><Amt Ccy=\"\(currency)\">\(entry.amount ?? "\(total)")</Amt><CdtDbtInd>\(direction)</CdtDbtInd>"
            text += "<RvslInd>\(entry.reversal)</RvslInd><Sts><Cd>\(entry.status)</Cd></Sts>"
            if !entry.withoutBookingDay { text += "<BookgDt><Dt>\(entry.day ?? day)</Dt></BookgDt>" }
            if !entry.withoutValueDay { text += "<ValDt><Dt>\(entry.valueDay ?? entry.day ?? day)</Dt></ValDt>" }
            if !entry.entryReference.isEmpty { text += "<AcctSvcrRef>\(entry.entryReference)</AcctSvcrRef>" }
            if let code = entry.bankTransactionCode?.split(separator: "/").map(String.init), code.count == 3 {
                text += "<BkTxCd><Domn><Cd>\(code[0])</Cd><Fmly><Cd>\(code[1])</Cd><SubFmlyCd>\(code[2])</SubFmlyCd></Fmly></Domn></BkTxCd>"
            }
            if let charges = entry.charges {
                text += "<Chrgs><TtlChrgsAndTaxAmt Ccy=\"\(currency)\">\(charges)</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy=\"\(currency)\">\(charges)</Amt>"
                text += "<CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>\(entry.chargesIncluded)</ChrgInclInd></Rcrd></Chrgs>"
            }
            text += "<NtryDtls>"
            if let stated = entry.statedBatchCount { text += "<Btch><NbOfTxs>\(stated)</NbOfTxs></Btch>" }
            else if entry.payments.count > 1 { text += "<Btch><NbOfTxs>\(entry.payments.count)</NbOfTxs></Btch>" }
            if !entry.withoutDetails {
                for payment in entry.payments {
                    text += "<TxDtls><Refs>\(payment.bankReference.map { "<AcctSvcrRef>\($0)</AcctSvcrRef>" } ?? "")<EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
                    if payment.amountInDetail { text += "<Amt Ccy=\"\(payment.currency)\">\(payment.amount)</Amt>" }
                    text += "<CdtDbtInd>\(payment.direction ?? direction)</CdtDbtInd>"
                    if let details = payment.amountDetails { text += "<AmtDtls>\(details)</AmtDtls>" }
                    if let charges = payment.charges {
                        text += "<Chrgs><Rcrd><Amt Ccy=\"\(payment.currency)\">\(charges)</Amt><CdtDbtInd>DBIT</CdtDbtInd><ChrgInclInd>true</ChrgInclInd></Rcrd></Chrgs>"
                    }
                    text += "<RltdPties><Dbtr><Pty><Nm>\(payment.debtorName)</Nm></Pty></Dbtr>"
                    if let iban = payment.debtorIBAN { text += "<DbtrAcct><Id><IBAN>\(iban)</IBAN></Id></DbtrAcct>" }
                    if let ultimate = payment.ultimateDebtor { text += "<UltmtDbtr><Pty><Nm>\(ultimate)</Nm></Pty></UltmtDbtr>" }
                    text += "</RltdPties>"
                    if payment.reference != nil || payment.message != nil { text += "<RmtInf>" }
                    for line in payment.message?.split(separator: "\n") ?? [] { text += "<Ustrd>\(line)</Ustrd>" }
                    if let reference = payment.reference {
                        let type = reference.hasPrefix("RF") ? "<Cd>SCOR</Cd>" : "<Prtry>QRR</Prtry>"
                        text += "<Strd><CdtrRefInf><Tp><CdOrPrtry>\(type)</CdOrPrtry></Tp><Ref>\(reference)</Ref></CdtrRefInf></Strd>"
                    }
                    if payment.reference != nil || payment.message != nil { text += "</RmtInf>" }
                    if let reason = payment.returnReason { text += "<RtrInf><Rsn><Cd>\(reason)</Cd></Rsn><AddtlInf>RETOUR</AddtlInf></RtrInf>" }
                    if let note = payment.additionalInformation { text += "<AddtlTxInf>\(note)</AddtlTxInf>" }
                    text += "</TxDtls>"
                }
            }
            text += "</NtryDtls>"
            if let note = entry.additionalInformation { text += "<AddtlNtryInf>\(note)</AddtlNtryInf>" }
            text += "</Ntry>\n"
        }
        return text + "</\(report)>"
    }

    var data: Data { Data(xml.utf8) }
}
