/// What each closing tag contributes: leaf values go into the draft they belong to, and closing a group
/// header, transaction, entry or report finishes it.
extension CamtAssembler {
    mutating func close(_ element: CamtElement, value: String) throws(BankStatementError) {
        switch element {
        case .messageID:
            // A second group header is refused as a whole when it closes (`finishHeader`).
            if header == nil, !headerGiven.first(.messageID) { throw failure(.repeatedElement("MsgId")) }
            headerFields.messageID = value
        case .createdAt:
            if header == nil, !headerGiven.first(.createdAt) { throw failure(.repeatedElement("CreDtTm")) }
            headerFields.createdAt = value
        case .additionalInformation: CamtValues.append(value, to: &headerFields.additionalInformation)
        case .messagePageNumber: headerFields.page.number = StatementPage.number(value)
        case .messageLastPage: headerFields.page.isLast = StatementPage.flag(value)
        case .reportPageNumber: report?.page.number = StatementPage.number(value)
        case .reportLastPage: report?.page.isLast = StatementPage.flag(value)
        case .groupHeader: try finishHeader()
        case .reportID: report?.id = value
        // The statement's number in the bank's electronic sequence (one more per statement of the account): a number that
        // is not a whole number of at most 18 digits tells nothing and is left out rather than refusing the payments.
        case .reportSequence: if report?.electronicSequence == nil { report?.electronicSequence = StatementSequence.number(value) }
        case .reportLegalSequence: if report?.legalSequence == nil { report?.legalSequence = StatementSequence.number(value) }
        case .reportCreatedAt: if report?.createdAt == nil { report?.createdAt = value }
        case .reportPeriodEnd: if report?.periodEnd == nil { report?.periodEnd = value }
        // An empty `<IBAN/>` names no account: the refusal says so instead of quoting an empty account.
        case .account:
            // One statement is of one account: a second `Acct` put the file under whichever came last.
            if report?.given.first(.account) == false { throw failure(.repeatedElement("Acct")) }
        case .accountIBAN: report?.accountIBAN = value.isEmpty ? nil : value
        case .accountOtherID: report?.accountOtherID = value.isEmpty ? nil : value
        case .accountCurrency: report?.accountCurrency = value
        case .report:
            if let report { reports.append(report.report) }
            report = nil
        case .entry: try finishEntry()
        case .transaction:
            if let transaction { entry?.transactions.append(transaction) }
            transaction = nil
            transactionCount += 1
        default:
            if entry != nil { try closeEntryField(element, value: value) }
        }
    }

    private mutating func finishHeader() throws(BankStatementError) {
        guard let format else { return }
        // One message has one group header; a second would start the same import twice.
        guard header == nil else { throw failure(.unexpectedElement(found: "GrpHdr", expected: format.kind.reportElement)) }
        guard let messageID = headerFields.messageID, !messageID.isEmpty else { throw failure(.missingElement("MsgId")) }
        guard let createdAt = headerFields.createdAt, !createdAt.isEmpty else { throw failure(.missingElement("CreDtTm")) }
        let header = BankStatementHeader(
            format: format, messageID: messageID, createdAt: createdAt, additionalInformation: headerFields.additionalInformation,
            page: headerFields.page.page)
        self.header = header
        do { try onHeader(header) } catch { throw BankStatementError(.stoppedByCaller, path: path, underlyingError: error) }
    }

    private mutating func finishEntry() throws(BankStatementError) {
        guard let draft = entry else { return }
        entry = nil
        entryCount += 1
        var finished: BankEntry
        do { finished = try draft.finish(position: entryCount, accountIBAN: report?.accountIdentifier, accountCurrency: report?.accountCurrency) } catch { throw failure(error.problem) }
        // The schema puts a statement's number, pagination and dates before its entries: known at its first entry.
        if report?.placeKnown == false, let draft = report {
            let summary = draft.report
            report?.place = summary.electronicSequence.map { StatementPlace(number: $0, page: summary.page ?? header?.page, day: summary.reportedDay) }
            report?.placeKnown = true
        }
        finished.statement = report?.place
        do { try onEntry(finished) } catch { throw BankStatementError(.stoppedByCaller, path: path, underlyingError: error) }
    }

    private mutating func closeEntryField(_ element: CamtElement, value: String) throws(BankStatementError) {
        switch element {
        // Given twice, one of them would be read without a word: the file is refused (bank probe round 4).
        case .entryAmount:
            guard entry?.amount == nil else { throw failure(.repeatedElement("Amt")) }
            let amount = try amount(value)
            entry?.amount = amount
        case .entryCreditDebit:
            guard entry?.creditDebit == nil else { throw failure(.repeatedElement("CdtDbtInd")) }
            let direction = try creditDebit(value)
            entry?.creditDebit = direction
        case .entryReversal:
            try entryOnce(.entryReversal, "RvslInd")
            guard let reversal = CamtValues.boolean(value) else { throw failure(.invalidValue(value)) }
            entry?.isReversal = reversal
        // In .04 the code is the text of Sts; in .08 Sts holds Cd (or Prtry) and its own text is blank.
        // One status, whichever way it is written: `<Sts>PDNG</Sts><Sts>BOOK</Sts>` booked a pending entry.
        case .entryStatus:
            if !value.isEmpty {
                try entryOnce(.entryStatus, "Sts")
                entry?.status = value
            }
        case .entryStatusCode:
            try entryOnce(.entryStatus, "Sts")
            entry?.status = value
        case .bookingDay, .bookingDateTime:
            try entryOnce(.bookingDate, "BookgDt")
            let day = try element == .bookingDay ? date(value) : day(ofDateTime: value)
            entry?.bookingDate = day
            if element == .bookingDateTime, let written = CamtValues.date(value), written != day { entry?.writtenBookingDate = written }
        case .valueDay, .valueDateTime:
            try entryOnce(.valueDate, "ValDt")
            let day = try element == .valueDay ? date(value) : day(ofDateTime: value)
            entry?.valueDate = day
        case .entryServicerReference:
            try entryOnce(.entryServicerReference, "AcctSvcrRef")
            entry?.accountServicerReference = CamtValues.reference(value)
            if entry?.accountServicerReference == nil, !value.isEmpty { entry?.placeholderReference = value }
        case .chargeAmount:
            let amount = try amount(value)
            chargeRecord?.amount = amount
        case .chargeCreditDebit:
            let direction = try creditDebit(value)
            chargeRecord?.creditDebit = direction
        case .chargeIncluded:
            guard let included = CamtValues.boolean(value) else { throw failure(.invalidValue(value)) }
            chargeRecord?.isIncluded = included
        case .chargeRecord:
            // Only charges the bank says it took from the amount booked explain a booking smaller than its payments.
            if let record = chargeRecord, record.isIncluded, record.creditDebit != .credit, let amount = record.amount {
                if transaction == nil { entry?.bookingCharges.append(amount) } else { transaction?.charges.append(amount) }
            }
            chargeRecord = nil
        case .entryAdditionalInformation:
            try entryOnce(.entryAdditionalInformation, "AddtlNtryInf")
            if !value.isEmpty { entry?.additionalInformation = value }
        case .bankCodeDomainCode, .bankCodeSubFamilyCode:
            let name = element == .bankCodeDomainCode ? "Domn/Cd" : "SubFmlyCd"
            if transaction != nil {
                try transactionOnce(element, name)
                transaction?.bankCode.read(element, value)
            } else {
                try entryOnce(element, name)
                entry?.bankCode.read(element, value)
            }
        case .batchCount:
            guard let count = CamtValues.count(value) else { throw failure(.invalidValue(value)) }
            // An entry may list several batches; their counts add up, checked: 9,300 counts of 15 nines overflowed
            // and stopped the process (bank probe round 4). A sum past what any count may be is no count.
            let (sum, overflow) = (entry?.batchTransactionCount ?? 0).addingReportingOverflow(count)
            guard !overflow, sum <= CamtValues.largestCount else { throw failure(.invalidValue(value)) }
            entry?.batchTransactionCount = sum
        default:
            if transaction != nil { try closeTransactionField(element, value: value) }
        }
    }

    private mutating func closeTransactionField(_ element: CamtElement, value: String) throws(BankStatementError) {
        switch element {
        case .transactionAmount:
            guard transaction?.amount == nil else { throw failure(.repeatedElement("Amt")) }
            let amount = try amount(value)
            transaction?.amount = amount
        case .transactionBookedAmount:
            try transactionOnce(element, "TxAmt/Amt")
            let amount = try amount(value)
            transaction?.bookedAmount = amount
        case .transactionInstructedAmount:
            try transactionOnce(element, "InstdAmt/Amt")
            let amount = try amount(value)
            transaction?.instructedAmount = amount
        case .currencyExchange: transaction?.statesExchange = true
        case .returnInformation: transaction?.reportsReturn = true
        case .transactionCreditDebit:
            guard transaction?.creditDebit == nil else { throw failure(.repeatedElement("CdtDbtInd")) }
            let direction = try creditDebit(value)
            transaction?.creditDebit = direction
        case .transactionServicerReference:
            try transactionOnce(element, "AcctSvcrRef")
            transaction?.accountServicerReference = CamtValues.reference(value)
            if transaction?.accountServicerReference == nil, !value.isEmpty { transaction?.placeholderReference = value }
        case .endToEndID:
            try transactionOnce(element, "EndToEndId")
            transaction?.endToEndID = CamtValues.reference(value)
            if transaction?.endToEndID == nil, !value.isEmpty { transaction?.placeholderEndToEndID = value }
        case .debtorName:
            try transactionOnce(element, "Dbtr/Nm")
            transaction?.debtorName = value
        case .debtorIBAN:
            try transactionOnce(element, "DbtrAcct/Id/IBAN")
            transaction?.debtorIBAN = value
        case .ultimateDebtorName:
            try transactionOnce(element, "UltmtDbtr/Nm")
            transaction?.ultimateDebtorName = value
        case .transactionAdditionalInformation:
            try transactionOnce(element, "AddtlTxInf")
            if !value.isEmpty { transaction?.additionalInformation = value }
        case .unstructured:
            if transaction != nil { CamtValues.append(value, to: &transaction!.unstructuredRemittance) }
            if !value.isEmpty { transaction?.remittanceLines.append(value) }
        // The first structured reference is the one kept as written; further `Strd` blocks are rare, and are kept to
        // tell whether they name another invoice (`BankTransaction.namesSeveralReferences`). The stated type is the
        // one in the same CdtrRefInf, not the first type anywhere: a block may state a type and no Ref.
        case .reference:
            if transaction?.reference == nil {
                let type = transaction?.typeOfReferenceBeingRead
                transaction?.reference = value
                transaction?.referenceType = type
            } else if !value.isEmpty {
                transaction?.otherReferences.append(value)
            }
        case .referenceTypeCode, .referenceTypeProprietary: transaction?.typeOfReferenceBeingRead = value
        case .creditorReference: transaction?.typeOfReferenceBeingRead = nil
        default: break
        }
    }

    private func amount(_ text: String) throws(BankStatementError) -> BankAmount {
        // `Ccy=" CHF"`: spaces around the code were kept and the code cut to " CH" (bank probe round 4).
        guard let currency = amountCurrency?.trimmedAsFoundation(), !currency.isEmpty else { throw failure(.missingElement("Amt@Ccy")) }
        guard let value = CamtValues.amount(text) else { throw failure(.invalidAmount(text)) }
        return BankAmount(value: value, currencyCode: currency)
    }

    /// Refuses an element the schema allows once per entry given a second time there (`ElementsGiven`); `slot` is
    /// the one place both spellings fill (`Dt` and `DtTm` of `BookgDt`, `Sts` and `Sts/Cd`).
    private mutating func entryOnce(_ slot: CamtElement, _ name: String) throws(BankStatementError) {
        if entry?.given.first(slot) == false { throw failure(.repeatedElement(name)) }
    }

    /// The same for a payment's elements.
    private mutating func transactionOnce(_ slot: CamtElement, _ name: String) throws(BankStatementError) {
        if transaction?.given.first(slot) == false { throw failure(.repeatedElement(name)) }
    }

    private func creditDebit(_ text: String) throws(BankStatementError) -> CreditDebit {
        guard let value = CreditDebit(rawValue: text) else { throw failure(.invalidValue(text)) }
        return value
    }

    private func day(ofDateTime text: String) throws(BankStatementError) -> String {
        guard let day = CamtValues.day(ofDateTime: text, in: bankTimeZone) else { throw failure(.invalidValue(text)) }
        return day
    }

    private func date(_ text: String) throws(BankStatementError) -> String {
        guard let day = CamtValues.date(text) else { throw failure(.invalidValue(text)) }
        return day
    }
}

extension BankTransactionCode {
    /// Takes one of its codes from the element that closed.
    mutating func read(_ element: CamtElement, _ value: String) {
        let code = value.isEmpty ? nil : value
        switch element {
        case .bankCodeDomainCode: domain = code
        case .bankCodeSubFamilyCode: subFamily = code
        default: break
        }
    }
}
