import Foundation
import KontorDomain

/// A small camt.054 (.001.08) notification for `kontor demo`, so a new operator can try the statement import at once.
/// Written by hand (no XML library writes camt): every value is escaped, and the reader refuses anything malformed.
struct SampleStatement {
    struct Payment {
        let reference: String?
        let amount: Money
        let debtor: String
    }

    let account: String
    let payments: [Payment]

    func xml(messageID: String, day: String) -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
            <GrpHdr><MsgId>\(escape(messageID))</MsgId><CreDtTm>\(day)T18:00:00+01:00</CreDtTm><AddtlInf>SPS/2.0/PROD</AddtlInf></GrpHdr>
            <Ntfctn><Id>\(escape(messageID))-1</Id><CreDtTm>\(day)T18:00:00+01:00</CreDtTm><Acct><Id><IBAN>\(escape(account))</IBAN></Id></Acct>

            """
        for (index, payment) in payments.enumerated() {
            let amount = "<Amt Ccy=\"\(payment.amount.currency.code)\">\(payment.amount.decimalString)</Amt>"
            text += "<Ntry>\(amount)<CdtDbtInd>CRDT</CdtDbtInd><RvslInd>false</RvslInd><Sts><Cd>BOOK</Cd></Sts>"
            text += "<BookgDt><Dt>\(day)</Dt></BookgDt><ValDt><Dt>\(day)</Dt></ValDt><AcctSvcrRef>\(escape(messageID))-E\(index + 1)</AcctSvcrRef>"
            text += "<NtryDtls><TxDtls><Refs><AcctSvcrRef>\(escape(messageID))-T\(index + 1)</AcctSvcrRef></Refs>\(amount)<CdtDbtInd>CRDT</CdtDbtInd>"
            text += "<RltdPties><Dbtr><Pty><Nm>\(escape(payment.debtor))</Nm></Pty></Dbtr></RltdPties>"
            if let reference = payment.reference {
                let type = reference.hasPrefix("RF") ? "<Cd>SCOR</Cd>" : "<Prtry>QRR</Prtry>"
                text += "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry>\(type)</CdOrPrtry></Tp><Ref>\(escape(reference))</Ref></CdtrRefInf></Strd></RmtInf>"
            }
            text += "</TxDtls></NtryDtls></Ntry>\n"
        }
        return text + "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n"
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
