/// The elements of a camt.053/054 file that the reader looks at, each known by its place in the tree.
///
/// Every start tag is classified once from its parent and its name (`child(named:)`), so the handlers switch
/// over a one-byte value instead of comparing paths; anything not listed is `.other`, and so is everything
/// below it, without another string comparison.
enum CamtElement: UInt8, Sendable {
    case other
    case document, message
    case groupHeader, messageID, createdAt, additionalInformation, messagePagination, messagePageNumber, messageLastPage
    case reportPagination, reportPageNumber, reportLastPage
    case report, reportID, reportSequence, reportLegalSequence, reportCreatedAt, reportPeriod, reportPeriodEnd, account, accountID, accountIBAN, accountOther, accountOtherID, accountCurrency
    case entry, entryAmount, entryCreditDebit, entryReversal, entryStatus, entryStatusCode
    case bookingDate, bookingDay, bookingDateTime, valueDate, valueDay, valueDateTime
    case entryServicerReference, entryDetails, batch, batchCount, entryCharges
    case transaction, transactionReferences, transactionServicerReference, endToEndID
    case transactionAmount, transactionCreditDebit
    case transactionAmountDetails, transactionAmountDetailsTransaction, transactionBookedAmount
    case transactionAmountDetailsInstructed, transactionInstructedAmount, currencyExchange
    case relatedParties, debtor, debtorParty, debtorName, debtorAccount, debtorAccountID, debtorIBAN
    case ultimateDebtor, ultimateDebtorParty, ultimateDebtorName
    case remittance, unstructured, structured, creditorReference, referenceType, referenceTypeChoice
    case referenceTypeCode, referenceTypeProprietary, reference, returnInformation
    case transactionCharges, chargeRecord, chargeAmount, chargeCreditDebit, chargeIncluded
    case entryAdditionalInformation, transactionAdditionalInformation
    case bankCode, bankCodeDomain, bankCodeDomainCode, bankCodeFamily, bankCodeSubFamilyCode

    /// The element for a child called `name` (local name, no prefix). `.message` and `.report` are recognised
    /// by name for both kinds; the reader checks that they match the namespace.
    func child(named name: String) -> CamtElement {
        switch self {
        case .other: .other
        case .document: name == "BkToCstmrStmt" || name == "BkToCstmrDbtCdtNtfctn" ? .message : .other
        case .message:
            switch name {
            case "GrpHdr": .groupHeader
            case "Stmt", "Ntfctn": .report
            default: .other
            }
        case .groupHeader:
            switch name {
            case "MsgId": .messageID
            case "CreDtTm": .createdAt
            case "AddtlInf": .additionalInformation
            case "MsgPgntn": .messagePagination
            default: .other
            }
        case .messagePagination: name == "PgNb" ? .messagePageNumber : name == "LastPgInd" ? .messageLastPage : .other
        case .reportPagination: name == "PgNb" ? .reportPageNumber : name == "LastPgInd" ? .reportLastPage : .other
        case .report:
            switch name {
            case "Ntry": .entry
            case "Id": .reportID
            case "ElctrncSeqNb": .reportSequence
            case "LglSeqNb": .reportLegalSequence
            case "CreDtTm": .reportCreatedAt
            case "FrToDt": .reportPeriod
            case "StmtPgntn", "NtfctnPgntn": .reportPagination
            case "Acct": .account
            default: .other
            }
        case .reportPeriod: name == "ToDtTm" ? .reportPeriodEnd : .other
        case .account:
            switch name {
            case "Id": .accountID
            case "Ccy": .accountCurrency
            default: .other
            }
        // An account without an IBAN is identified under Othr/Id (a bank's own account number).
        case .accountID: name == "IBAN" ? .accountIBAN : name == "Othr" ? .accountOther : .other
        case .accountOther: name == "Id" ? .accountOtherID : .other
        case .entry: Self.entryChild(name)
        case .entryStatus: name == "Cd" || name == "Prtry" ? .entryStatusCode : .other
        case .bookingDate: name == "Dt" ? .bookingDay : name == "DtTm" ? .bookingDateTime : .other
        case .valueDate: name == "Dt" ? .valueDay : name == "DtTm" ? .valueDateTime : .other
        case .entryDetails: name == "TxDtls" ? .transaction : name == "Btch" ? .batch : .other
        case .batch: name == "NbOfTxs" ? .batchCount : .other
        case .transaction: Self.transactionChild(name)
        // The bank transaction code of the booking (`Ntry/BkTxCd`) or of one payment (`TxDtls/BkTxCd`): in every payment
        // of a big file, so each step is one comparison.
        case .bankCode: name == "Domn" ? .bankCodeDomain : .other
        case .bankCodeDomain: name == "Cd" ? .bankCodeDomainCode : name == "Fmly" ? .bankCodeFamily : .other
        case .bankCodeFamily: name == "SubFmlyCd" ? .bankCodeSubFamilyCode : .other
        default: Self.partyOrRemittanceChild(of: self, name)
        }
    }

    private static func entryChild(_ name: String) -> CamtElement {
        switch name {
        case "Amt": .entryAmount
        case "CdtDbtInd": .entryCreditDebit
        case "RvslInd": .entryReversal
        case "Sts": .entryStatus
        case "BookgDt": .bookingDate
        case "ValDt": .valueDate
        case "AcctSvcrRef": .entryServicerReference
        case "NtryDtls": .entryDetails
        case "Chrgs": .entryCharges
        case "AddtlNtryInf": .entryAdditionalInformation
        case "BkTxCd": .bankCode
        default: .other
        }
    }

    private static func transactionChild(_ name: String) -> CamtElement {
        switch name {
        case "Refs": .transactionReferences
        case "Amt": .transactionAmount
        case "CdtDbtInd": .transactionCreditDebit
        case "AmtDtls": .transactionAmountDetails
        case "RltdPties": .relatedParties
        case "RmtInf": .remittance
        case "RtrInf": .returnInformation
        case "Chrgs": .transactionCharges
        case "AddtlTxInf": .transactionAdditionalInformation
        case "BkTxCd": .bankCode
        default: .other
        }
    }

    private static func partyOrRemittanceChild(of parent: CamtElement, _ name: String) -> CamtElement {
        switch (parent, name) {
        case (.transactionReferences, "AcctSvcrRef"): .transactionServicerReference
        case (.transactionReferences, "EndToEndId"): .endToEndID
        // AmtDtls/TxAmt/Amt, the detail's amount as booked; InstdAmt, the amount ordered, counts only in the booking's
        // currency with no exchange stated (`CcyXchg` under either), where it is the amount transferred.
        case (.transactionAmountDetails, "TxAmt"): .transactionAmountDetailsTransaction
        case (.transactionAmountDetailsTransaction, "Amt"): .transactionBookedAmount
        case (.transactionAmountDetails, "InstdAmt"): .transactionAmountDetailsInstructed
        case (.transactionAmountDetailsInstructed, "Amt"): .transactionInstructedAmount
        case (.transactionAmountDetailsTransaction, "CcyXchg"), (.transactionAmountDetailsInstructed, "CcyXchg"): .currencyExchange
        case (.relatedParties, "Dbtr"): .debtor
        case (.relatedParties, "DbtrAcct"): .debtorAccount
        // .04 puts the name straight under Dbtr, .08 under Dbtr/Pty.
        case (.debtor, "Nm"), (.debtorParty, "Nm"): .debtorName
        case (.debtor, "Pty"): .debtorParty
        case (.debtorAccount, "Id"): .debtorAccountID
        case (.debtorAccountID, "IBAN"): .debtorIBAN
        // On whose behalf the debtor paid: .04 has the name under UltmtDbtr, .08 under UltmtDbtr/Pty.
        case (.relatedParties, "UltmtDbtr"): .ultimateDebtor
        case (.ultimateDebtor, "Nm"), (.ultimateDebtorParty, "Nm"): .ultimateDebtorName
        case (.ultimateDebtor, "Pty"): .ultimateDebtorParty
        case (.remittance, "Ustrd"): .unstructured
        case (.remittance, "Strd"): .structured
        case (.structured, "CdtrRefInf"): .creditorReference
        case (.creditorReference, "Tp"): .referenceType
        case (.creditorReference, "Ref"): .reference
        case (.referenceType, "CdOrPrtry"): .referenceTypeChoice
        case (.referenceTypeChoice, "Cd"): .referenceTypeCode
        case (.referenceTypeChoice, "Prtry"): .referenceTypeProprietary
        // Charges of the booking (`Ntry/Chrgs`) or of one payment (`TxDtls/Chrgs`), record by record (.04 and .08
        // alike): how much, which way, and whether it was taken from the amount booked.
        case (.entryCharges, "Rcrd"), (.transactionCharges, "Rcrd"): .chargeRecord
        case (.chargeRecord, "Amt"): .chargeAmount
        case (.chargeRecord, "CdtDbtInd"): .chargeCreditDebit
        case (.chargeRecord, "ChrgInclInd"): .chargeIncluded
        default: .other
        }
    }

    /// Whether its text is kept: only leaves the reader uses (and `Sts`, whose text is the code in .04).
    var keepsText: Bool {
        switch self {
        case .other, .document, .message, .groupHeader, .report, .account, .accountID, .entry, .bookingDate,
             .valueDate, .entryDetails, .batch, .transaction, .transactionReferences, .transactionAmountDetails,
             .transactionAmountDetailsTransaction, .transactionAmountDetailsInstructed, .currencyExchange, .relatedParties, .debtor,
             .debtorParty, .debtorAccount, .debtorAccountID, .ultimateDebtor, .ultimateDebtorParty, .accountOther, .remittance, .structured, .creditorReference,
             .referenceType, .referenceTypeChoice, .entryCharges, .returnInformation, .transactionCharges, .chargeRecord,
             .bankCode, .bankCodeDomain, .bankCodeFamily:
            false
        default:
            true
        }
    }

    /// Whether the path in an error shows its position among siblings of the same name (`Ntry[3]`).
    var isRepeated: Bool { self == .report || self == .entry || self == .transaction }
}
