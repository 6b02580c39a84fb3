/// An entry being read: its fields arrive one element at a time and are checked when `</Ntry>` closes it.
struct EntryDraft {
    /// The elements allowed once that it has been given (`ElementsGiven`).
    var given = ElementsGiven()
    var amount: BankAmount?
    var creditDebit: CreditDebit?
    var isReversal = false
    var status: String?
    var bookingDate: String?
    var valueDate: String?
    var accountServicerReference: String?
    var placeholderReference: String?
    var batchTransactionCount: Int?
    /// `AddtlNtryInf`: the bank's free text about the booking.
    var additionalInformation: String?
    var writtenBookingDate: String?
    /// Charges the bank says it took from the amount booked (`Chrgs/Rcrd` with `ChrgInclInd` true) of the booking
    /// (`Ntry/Chrgs`); its payments' own are each payment's (`TransactionDraft.charges`).
    var bookingCharges: [BankAmount] = []

    /// What was taken from the booking. Banks report the charges of a booking at its level, at its payments' level, or
    /// at both — the same charges twice, the booking's being their total — so the booking's own record counts when
    /// there is one, and its payments' otherwise. Added together, a lone payment's 5.00 became 10.00 and a batch no
    /// longer added up.
    var includedCharges: [BankAmount] { bookingCharges.isEmpty ? transactions.flatMap(\.charges) : bookingCharges }
    var transactions: [TransactionDraft] = []
    /// `Ntry/BkTxCd/Domn`.
    var bankCode = BankTransactionCode()

    /// The finished entry, or the first required element it lacks (`Amt`, `CdtDbtInd`, `Sts`); the caller adds
    /// the place to the error.
    func finish(position: Int, accountIBAN: String?, accountCurrency: String? = nil) throws(BankStatementError) -> BankEntry {
        guard let amount else { throw BankStatementError(.missingElement("Amt")) }
        guard let creditDebit else { throw BankStatementError(.missingElement("CdtDbtInd")) }
        guard let status, !status.isEmpty else { throw BankStatementError(.missingElement("Sts")) }
        // A single detail is the whole booking: the entry's amount is what the bank booked, whatever the detail
        // states — unless the bank states a batch of several: then the one detail is part of the sum, and giving it
        // the whole would credit the collective booking to one payment.
        let isWholeBooking = transactions.count == 1 && (batchTransactionCount ?? 1) <= 1
        let charges = includedCharges
        // A debit whose payments the bank reports as returned (`RtrInf`) is a customer's payment going back to its
        // payer, whether or not the bank also marks it `RvslInd`: some write only the return information. Read as
        // a debit, it was taken for the provider's own payment and ignored, and the invoice stayed paid.
        // Some say it only by the bank transaction code (`PMNT/RCDT/RRTN`, of the booking or of its payments, see
        // `TransactionDraft.finish`): a debit so coded returns a customer's payment; a credit so coded is a payment of the
        // provider's own coming back, as a credit marked `RvslInd` is.
        let returnsPayments = creditDebit == .debit && !transactions.isEmpty && transactions.allSatisfy { $0.reportsReturn || $0.bankCode.isReturn }
        var entry = BankEntry(
            accountIBAN: accountIBAN, position: position, accountServicerReference: accountServicerReference,
            amount: amount, creditDebit: creditDebit, isReversal: isReversal || returnsPayments || bankCode.isReturn, status: status,
            bookingDate: bookingDate, valueDate: valueDate, batchTransactionCount: batchTransactionCount,
            transactions: transactions.map { $0.finish(wholeBooking: isWholeBooking ? amount : nil, bookingCurrency: amount.currencyCode,
                                                       chargesTaken: isWholeBooking ? charges : $0.charges) }, accountCurrency: accountCurrency,
            includedCharges: charges)
        entry.placeholderReference = placeholderReference
        entry.additionalInformation = additionalInformation
        entry.writtenBookingDate = writtenBookingDate
        if bankCode != BankTransactionCode() { entry.bankTransactionCode = bankCode }
        return entry
    }
}

/// A charges record being read (`Chrgs/Rcrd`).
struct ChargeRecordDraft {
    var amount: BankAmount?
    var creditDebit: CreditDebit?
    /// `ChrgInclInd`: taken from the amount booked. Absent, nothing says so.
    var isIncluded = false
}

/// A transaction detail being read (`TxDtls`).
struct TransactionDraft {
    /// The elements allowed once that it has been given (`ElementsGiven`).
    var given = ElementsGiven()
    let position: Int
    var amount: BankAmount?
    /// `AmtDtls/TxAmt/Amt`: where some banks put the detail's amount instead of (or as well as) `Amt`.
    var bookedAmount: BankAmount?
    /// `AmtDtls/InstdAmt/Amt`: the amount the payer ordered.
    var instructedAmount: BankAmount?
    /// A `CcyXchg` under `AmtDtls`: the amount ordered was converted, so it is not the amount credited.
    var statesExchange = false
    var creditDebit: CreditDebit?
    var accountServicerReference: String?
    var endToEndID: String?
    var placeholderReference: String?
    var placeholderEndToEndID: String?
    var reference: String?
    var referenceType: String?
    /// The `Ref` of further `Strd` blocks, as written.
    var otherReferences: [String] = []
    /// `Tp/CdOrPrtry` of the `CdtrRefInf` being read, until its `Ref` (which may be absent).
    var typeOfReferenceBeingRead: String?
    var unstructuredRemittance: String?
    var remittanceLines: [String] = []
    /// `AddtlTxInf`: the bank's free text about the payment.
    var additionalInformation: String?
    var debtorName: String?
    var debtorIBAN: String?
    var ultimateDebtorName: String?
    /// `RtrInf`: the bank reports this as a payment returned.
    var reportsReturn = false
    /// Charges the bank says it took from this payment (`TxDtls/Chrgs` with `ChrgInclInd`).
    var charges: [BankAmount] = []
    /// `TxDtls/BkTxCd/Domn`.
    var bankCode = BankTransactionCode()

    /// The detail; `wholeBooking` is the entry's amount when this detail is the entry's only payment, and
    /// `chargesTaken` the charges the bank says it took from that booking (`ChrgInclInd`) — or, for a payment of a
    /// batch, from this payment.
    func finish(wholeBooking: BankAmount?, bookingCurrency: String, chargesTaken: [BankAmount] = []) -> BankTransaction {
        // In a batch, the amount ordered is the payment's when it is in the booking's currency and nothing was
        // exchanged: some banks give only it. (A lone payment is the booking's amount, whatever was ordered.)
        let transferred = statesExchange || wholeBooking != nil ? nil : instructedAmount.flatMap { $0.currencyCode == bookingCurrency ? $0 : nil }
        // A payment converted on the way may state the amount ordered (`Amt`, EUR 200.00) beside the amount that moved the
        // account (`AmtDtls/TxAmt`, CHF 206.25): the latter is the payment. Taken as EUR, it was parked as EUR money that
        // never reached any EUR account, and the CHF that did arrive was on no ledger.
        let moved = amount.map { $0.currencyCode != bookingCurrency } == true ? bookedAmount.flatMap { $0.currencyCode == bookingCurrency ? $0 : nil } : nil
        let stated = moved ?? amount ?? bookedAmount ?? transferred
        var statedAmount: BankAmount?
        var chargesDeducted: Int64?
        if let wholeBooking, let stated, !stated.isSame(as: wholeBooking), bookedAmount?.isSame(as: wholeBooking) != true {
            // The payer sent more than arrived, and the bank's stated charges are the difference (a foreign transfer
            // whose fees the payee bears): the booking is the payment, less the fees; nothing contradicts it.
            if let charges = chargesTaken.minorUnits(in: wholeBooking.currencyCode), charges > 0,
               case .success(let sent)? = stated.money(), case .success(let arrived)? = wholeBooking.money(),
               sent.currency == arrived.currency, sent.minorUnits - charges == arrived.minorUnits {
                chargesDeducted = charges
            } else {
                statedAmount = stated
            }
        }
        // A payment of a batch the bank took its own charges from: what arrived is booked, as for a lone payment (the
        // same payment settled its invoice in a batch and not alone, with money that never came: bank probe round 4).
        var arrived: BankAmount?
        if wholeBooking == nil, let stated, stated.currencyCode == bookingCurrency, creditDebit != .debit,
           let charges = chargesTaken.minorUnits(in: bookingCurrency), charges > 0,
           case .success(let sent)? = stated.money(), sent.minorUnits > charges,
           let net = DecimalAmount(Money(minorUnits: sent.minorUnits - charges, currency: sent.currency).decimalString) {
            arrived = BankAmount(value: net, currencyCode: bookingCurrency)
            chargesDeducted = charges
        }
        var transaction = BankTransaction(
            position: position, amount: wholeBooking ?? arrived ?? stated, statedAmount: statedAmount, creditDebit: creditDebit,
            accountServicerReference: accountServicerReference, endToEndID: endToEndID, reference: reference,
            referenceType: referenceType, unstructuredRemittance: unstructuredRemittance, debtorName: debtorName,
            debtorIBAN: debtorIBAN, ultimateDebtorName: ultimateDebtorName, reportsReturn: reportsReturn || bankCode.isReturn)
        transaction.placeholderReference = placeholderReference
        transaction.placeholderEndToEndID = placeholderEndToEndID
        if remittanceLines.count > 1 { transaction.remittanceLines = remittanceLines }
        if !otherReferences.isEmpty { transaction.otherReferences = otherReferences }
        transaction.chargesDeductedMinor = chargesDeducted
        transaction.additionalInformation = additionalInformation
        if bankCode != BankTransactionCode() { transaction.bankTransactionCode = bankCode }
        return transaction
    }
}

/// A statement or notification being read, up to its entries.
struct ReportDraft {
    let position: Int
    /// The elements allowed once that it has been given (`ElementsGiven`): its `Acct` among them.
    var given = ElementsGiven()
    var id: String?
    var accountIBAN: String?
    /// `Acct/Id/Othr/Id`: the account of a statement that gives no IBAN.
    var accountOtherID: String?
    var accountCurrency: String?
    /// `ElctrncSeqNb`, when it is a number.
    var electronicSequence: Int64?
    /// `LglSeqNb`, when it is a number: the statement's number for a bank that numbers only its legal statements.
    var legalSequence: Int64?
    /// `Stmt/CreDtTm` (or `Ntfctn/CreDtTm`) as written.
    var createdAt: String?
    /// `FrToDt/ToDtTm` as written.
    var periodEnd: String?
    /// `StmtPgntn` (`NtfctnPgntn`): which page of the statement this is.
    var page = StatementPage.Draft()
    /// The numbered statement its entries were reported in, worked out at its first entry (`CamtAssembler`).
    var place: StatementPlace?
    var placeKnown = false
    var entryCount = 0

    /// The IBAN, else the bank's other identification of the account.
    var accountIdentifier: String? { accountIBAN ?? accountOtherID }

    var report: BankAccountReport {
        BankAccountReport(position: position, id: id, accountIBAN: accountIdentifier, accountCurrency: accountCurrency, entryCount: entryCount,
                          electronicSequence: electronicSequence ?? legalSequence, createdAt: createdAt, periodEnd: periodEnd, page: page.page)
    }
}
