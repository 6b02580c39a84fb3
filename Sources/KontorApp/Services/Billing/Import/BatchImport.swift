import Crypto
import Fluent
import Foundation
import KontorDomain
import SQLKit

/// One batch of a statement import, as set operations: flatten the entries into payments, drop those already
/// recorded (in this file or before), look up invoices, customers and known debtor accounts once for the whole
/// batch, decide each payment, then write payments, settlements and prepaid credits with multi-row inserts.
struct BatchImport {
    let db: any Database
    let config: BillingConfiguration
    let importID: UUID
    /// `camt.053` or `camt.054`: a payment is also compared with those recorded from the other kind (`StatementOverlap`).
    let kind: String
    let now: Date
    /// See `BankStatementImporter.afterMatching`.
    var afterMatching: @Sendable () async throws -> Void = {}

    /// A payment as read from the file, before it is matched.
    struct Item {
        let id = TimeOrderedID.make()
        var key: String
        var flag: String?
        var accountIBAN: String?
        var currencyCode: String
        var amount: Money?
        var amountText: String
        var isReversal: Bool
        var bookingDate: String?
        var valueDate: String?
        var reference: PaymentReference?
        var referenceText: String?
        var debtorName: String?
        var debtorIBAN: String?
        /// The debtor paid for someone else (an ultimate debtor is named): the account says nothing about whose
        /// money it is, so it neither identifies a customer nor is learnt as one's.
        var paysOnBehalf = false
        var message: String?
        var bankReference: String?
        var entryReference: String?
        var transactionReference: String?
        /// The whole booking's amount, in minor units: the batch's sum for a payment of a collective booking.
        var bookingAmountMinor: Int64?
        /// The payment recorded before under this key without its amount (`amount_missing`) that this one completes.
        var completes: UUID?
        var outcome = BankPayment.Outcome.unidentified
        var organizationID: UUID?
        var invoiceID: UUID?
        var reversesPaymentID: UUID?
        /// The numbered statement that reported it (camt.053), to tell a copy of a statement imported before.
        var statement: StatementPlace?

        /// The payment reference as `bank_payments.reference` records it: the checked reference, else the text as written.
        var recordedReference: String? { reference?.electronic ?? referenceText }
        /// Its place in the batch, as the file lists it.
        var position = 0
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// A payment of the file before anything but its key is worked out: most of a file imported again is known by
    /// its key alone, and then nothing else of it is parsed.
    private struct Candidate {
        let entry: BankEntry
        let transaction: BankTransaction?
        var key: String
        /// Why staff should look at it although it may still be matched: no bank reference (a fingerprint), or a
        /// bank reference another payment of the same entry repeats.
        let flag: String?
        /// Keyed by a fingerprint, without its occurrence yet.
        var isFingerprint = false
        /// The key it had before placeholders (`NONREF`) were read as no reference, for payments recorded then.
        var legacyKey: String? = nil
        /// How the payments of its batch compare with the booking, when it belongs to one that lists several.
        var againstBooking: BankEntry.DetailsAgainstBooking?
        /// The payment recorded before under `key` without its amount, which this one completes.
        var completes: UUID?
        /// Its place in the batch, as the file lists it.
        var position = 0
        /// For a bank reference its entry repeats: the key before its occurrence and what follows it (`|reversal`).
        var repeatedReference: (stem: String, suffix: String)? = nil
    }

    func apply(_ entries: [BankEntry], summary: inout BankStatementImporter.Summary, state: inout ImportState) async throws {
        var candidates: [Candidate] = []
        candidates.reserveCapacity(entries.count)
        // Each account's configured currency, as the check below found it: `item` compares every payment with it, and
        // finding it (the account compacted, the accounts filtered) was 3 % of the 100,000-payment import's CPU.
        var accountCurrencies: [String: String?] = [:]
        var pending: [PendingPayment] = []
        for entry in entries {
            // Someone else's statement (a file mixed up on upload) must not settle the provider's invoices: the whole
            // file is refused. An account once accepted is not looked up again for every entry.
            if state.acceptedAccount == nil || entry.accountIBAN != state.acceptedAccount {
                guard config.isOwnAccount(entry.accountIBAN) else { throw BankStatementImporter.Refusal.notOwnAccount(entry.accountIBAN?.limited(to: 40)) }
                state.acceptedAccount = entry.accountIBAN
                state.acceptedAccountCurrency = config.currency(ofAccount: entry.accountIBAN)?.code
            }
            if accountCurrencies[entry.accountIBAN ?? ""] == nil { accountCurrencies[entry.accountIBAN ?? ""] = .some(state.acceptedAccountCurrency) }
            // Whose statement this is, by currency: the configured account's, else what the file states.
            summary.accountCurrencies.insert(state.acceptedAccountCurrency ?? entry.accountCurrency ?? entry.amount.currencyCode)
            let count = max(1, entry.transactions.count)
            summary.transactions += count
            // Only booked entries move money. Customers' payments are credits; a returned or reversed one is a debit
            // marked as a reversal. A debit is our own payment going out (ignored here), and a credit marked as a
            // reversal is such a payment coming back (ISO 20022: RvslInd with CRDT reverses a debit): not a customer's
            // money, but money that arrived, so it is recorded and parked for staff (`returned_payment`), as a return
            // the bank reports with `RtrInf` is.
            guard entry.isBooked, entry.creditDebit == .credit || entry.isReversal else {
                summary.ignored += count
                if entry.isPending, entry.creditDebit == .credit, !entry.isReversal { pending += Self.pendingPayments(entry) }
                continue
            }
            // A booking of nothing (some banks list a 0.00 line) moves no money and is no one's payment.
            if entry.amount.value.significand == 0 { summary.ignored += count; continue }
            // A batch listed without its payments is credited through them (camt.054), never as one sum: even a batch
            // of one, whose booking reference differs from its payment's. So is a batch of several listed with one
            // detail of the whole booking's amount that names nobody: a summary line ("collective credit, 2
            // transactions"), not a payment. One that names a payer is parked for staff (`item`).
            //
            // But a camt.053's collective booking without its payments is money that arrived: until the camt.054 lists
            // them it is recorded as one line waiting for its details (`batch_awaiting_details`), never credited, so staff
            // see it and no reminder of its currency crosses a payment inside it (`ReminderRun`); the detail file claims
            // it (`settleWholeBookingsRecordedElsewhere`), and a camt.053 after its camt.054 drops it (bank probe round 7:
            // the money was recorded nowhere and reminders went out).
            if entry.transactions.isEmpty, entry.isBatch || entry.isCollective {
                guard kind == "camt.053", entry.creditDebit == .credit, !entry.isReversal else { summary.ignored += 1; continue }
                candidates.append(candidate(entry, nil, position: 1, occurrence: nil, state: &state))
                continue
            }
            if entry.isSummaryOfBatch { summary.ignored += 1; continue }
            if let date = entry.bookingDate, date > (summary.latestBookingDate ?? "") { summary.latestBookingDate = date }
            if entry.transactions.count <= 1 {
                var lone = candidate(entry, entry.transactions.first, position: 1, occurrence: nil, state: &state)
                // The one payment listed of a batch stating more: what it leaves of the booking is listed nowhere.
                lone.againstBooking = entry.detailsAgainstBooking
                candidates.append(lone)
                continue
            }
            // A bank reference is one payment's key; where the bank repeats it within an entry (some write the batch's
            // id into every payment), each payment stays one, told apart by its occurrence. Worked out once per entry.
            var occurrences: [String: Int] = [:]
            for transaction in entry.transactions { if let reference = transaction.accountServicerReference { occurrences[reference, default: 0] += 1 } }
            let againstBooking = entry.detailsAgainstBooking
            var seen: [String: Int] = [:]
            for (index, transaction) in entry.transactions.enumerated() {
                // A 0.00 line of a batch moves no money either.
                if transaction.amount?.value.significand == 0 { summary.ignored += 1; continue }
                var occurrence: Int?
                if let reference = transaction.accountServicerReference, occurrences[reference, default: 0] > 1 {
                    seen[reference, default: 0] += 1
                    occurrence = seen[reference]
                }
                var next = candidate(entry, transaction, position: index + 1, occurrence: occurrence, state: &state)
                next.againstBooking = againstBooking
                candidates.append(next)
            }
        }
        if !pending.isEmpty { try await recordPending(pending) }
        for index in candidates.indices { candidates[index].position = index }
        let fresh = try await withoutDuplicates(candidates, summary: &summary, state: &state)
        guard !fresh.isEmpty else { return }
        var items = fresh.map { item($0, accountCurrencies: accountCurrencies) }
        try await dropSummedBookingsListedBefore(&items, summary: &summary)
        if kind == "camt.053" { try await dropCopiesOfImportedStatements(&items, summary: &summary, state: &state) }
        guard !items.isEmpty else { return }
        let awaiting = try await settleBookingsAwaitingDetails(&items, state: &state)
        try await dropReportedInOtherKind(&items, awaiting: awaiting, summary: &summary, state: &state)
        guard !items.isEmpty else { return }
        // A return is booked after the payments listed before it and before those listed after it, as the bank booked
        // them: a file that pays an invoice, returns the payment, and pays it again ends with the invoice paid. Booked
        // all payments first, the second payment found the invoice paid and went to the prepaid account, and then the
        // return re-opened the invoice. What is new in the batch, and what the other kind of file reported, is worked
        // out for the whole batch first (pairing takes the most specific payments first, whatever their place); only
        // the booking goes in the file's order. Most batches hold no return and are booked in one go.
        guard items.contains(where: \.isReversal) else { return try await book(consume items, summary: &summary, state: &state) }
        items.sort { $0.position < $1.position }   // payments keyed by a fingerprint come back last from `withoutDuplicates`
        var start = items.startIndex
        for index in items.indices where items[index].isReversal && (index + 1 == items.endIndex || !items[index + 1].isReversal) {
            try await book(Array(items[start...index]), summary: &summary, state: &state)
            start = index + 1
        }
        if start < items.endIndex { try await book(Array(items[start...]), summary: &summary, state: &state) }
    }

    /// Matches and books new payments of the file, in its order: returns after the payments before them.
    /// `items` is taken, not borrowed: matching changes every item, and a borrowed array was copied whole to do it.
    private func book(_ items: consuming [Item], summary: inout BankStatementImporter.Summary, state: inout ImportState) async throws {
        var items = items   // moved out of the parameter, not copied
        try await match(&items, state: &state)
        try await afterMatching()
        // Most files hold no return: the batch is written as it is, not copied payment by payment.
        let hasReversals = items.contains(where: \.isReversal)
        let payments = hasReversals ? items.filter { !$0.isReversal } : items
        try await write(payments, summary: &summary)
        var returns = ReversalBooking(db: db, now: now)
        try await returns.applyWaitingReturns(to: payments, recordedBefore: importID)
        // Counted with this file's returns, so its summary says why a payment it settled is open again.
        summary.reversals += returns.waitingReturnsApplied
        // A return listed earlier in this file, counted then as flagged, is booked now.
        summary.flagged -= returns.earlierInFileApplied
        for var reversal in items where hasReversals && reversal.isReversal {
            if reversal.outcome != .flagged { try await returns.apply(&reversal) }
            try await write([reversal], summary: &summary)
        }
        // An invoice a return re-opened is open again for the rest of the file: a later payment of it settles it.
        for invoiceID in returns.reopened { state.openAmounts[invoiceID] = nil }
    }

    /// The payment's key: the bank's reference for it (with its occurrence when the entry repeats it; or the entry's
    /// reference, with its position), else a fingerprint of what it says. Built by appending: string interpolation
    /// cost more than the rest of the key's work.
    /// `occurrence` counts the payments of the entry with the same bank reference, when there are several.
    /// A reversal's key ends in `|reversal`: a return may repeat the references of the payment it returns (`Refs`
    /// describes the underlying transaction), and is a payment of its own.
    private func candidate(_ entry: BankEntry, _ transaction: BankTransaction?, position: Int, occurrence: Int?, state: inout ImportState) -> Candidate {
        let account = Self.account(entry.accountIBAN) ?? "-"
        var key: String
        var flag: String?
        var repeated: (stem: String, suffix: String)?
        let returns = Self.returnsPayment(entry, transaction)
        let suffix = returns ? "|reversal" : ""
        if let bankReference = transaction?.accountServicerReference {
            var stem = "tx|"
            stem.reserveCapacity(4 + account.utf8.count + 1 + bankReference.utf8.count + 9)
            stem += account; stem += "|"; stem += bankReference
            if occurrence != nil {
                repeated = (stem, suffix)
                flag = "bank_reference_repeated"
            }
            key = Self.referenceKey(stem, occurrence: occurrence ?? 1, suffix: suffix)
        } else if let entryReference = entry.accountServicerReference {
            key = "entry|" + account + "|" + entryReference + "|" + String(position) + suffix
        } else {
            // No reference from the bank: a fingerprint of what the payment says. Its occurrence (`#1`, `#2` …) is chosen
            // with what is recorded under it (`withoutDuplicates`); flagged, since a later file cannot be told apart as surely.
            key = Self.fingerprint(entry, transaction, account: account, returns: returns)
            flag = "fingerprint"
        }
        var legacyKey = Self.legacyPlaceholderKey(entry, transaction, account: account, position: position)
        // Fingerprints were once made of the text as written: one recorded then under another writing (`14.050`, a
        // reference in groups of five) is looked for under that key too.
        if flag == "fingerprint", legacyKey == nil {
            let written = Self.writtenFingerprint(entry, transaction, account: account, returns: returns)
            if written != key { legacyKey = Self.bounded(written + "#1") }
        }
        return Candidate(entry: entry, transaction: transaction, key: Self.bounded(key), flag: flag, isFingerprint: flag == "fingerprint",
                         legacyKey: legacyKey, repeatedReference: repeated)
    }

    /// The key of a payment without any reference of the bank's: what it says, each part as its content reads, not as
    /// the file wrote it. Made of the text as written, one payment written two ways in two files (`14.05` and `14.050`,
    /// a QR reference in groups of five, an IBAN with spaces) had two keys and was credited twice (bank probe round 7).
    static func fingerprint(_ entry: BankEntry, _ transaction: BankTransaction?, account: String, returns: Bool) -> String {
        let amount = Self.amount(of: entry, transaction)
        let reference = transaction?.reference.map(StatementAccount.compact) ?? ""
        let debtor = transaction?.debtorIBAN.map(StatementAccount.compact) ?? ""
        return "fp|\(account)|\(entry.bookingDate ?? "")|\(fingerprintAmount(amount))|\(reference)|"
            + "\(debtor)|\(transaction?.endToEndID ?? "")|\(returns)"
    }

    /// The fingerprint as it was made before: of the text as written.
    private static func writtenFingerprint(_ entry: BankEntry, _ transaction: BankTransaction?, account: String, returns: Bool) -> String {
        let amount = Self.amount(of: entry, transaction)
        return "fp|\(account)|\(entry.bookingDate ?? "")|\(amount?.description ?? "")|\(transaction?.reference ?? "")|"
            + "\(transaction?.debtorIBAN ?? "")|\(transaction?.endToEndID ?? "")|\(returns)"
    }

    /// An amount as a fingerprint names it: in its currency's minor units, whatever zeros the file added or left out
    /// (`14.5`, `14.50` and `14.500` are one amount). One that is not a whole number of them (finer than a cent, an
    /// unknown currency) is named as written.
    static func fingerprintAmount(_ amount: BankAmount?) -> String {
        guard let amount else { return "" }
        guard case .success(let money)? = amount.money() else { return amount.description }
        return amount.currencyCode + " " + DecimalAmount(significand: money.minorUnits, fractionDigits: money.currency.exponent).description
    }

    /// A bank reference's key: its stem (`tx|ACCOUNT|REF`), the occurrence when its entry repeats it (`#2` …; the first
    /// has none), then `|reversal` for a return. `candidate` and `Occupant.key` write it the one way.
    static func referenceKey(_ stem: String, occurrence: Int, suffix: String) -> String {
        guard occurrence > 1 || !suffix.isEmpty else { return stem }
        var key = stem
        if occurrence > 1 { key += "#"; key += String(occurrence) }
        key += suffix
        return key
    }

    /// The key a payment had when a placeholder (`NONREF`, `NOTPROVIDED`) still counted as a reference: the bank's
    /// placeholder for the payment, else the entry's, else its fingerprint with the placeholder end-to-end id. Nil when
    /// the file wrote no placeholder (nearly always): nothing more is looked up.
    private static func legacyPlaceholderKey(_ entry: BankEntry, _ transaction: BankTransaction?, account: String, position: Int) -> String? {
        let reversal = entry.isReversal ? "|reversal" : ""
        if let placeholder = transaction?.placeholderReference { return bounded("tx|" + account + "|" + placeholder + reversal) }
        if transaction?.accountServicerReference == nil, let placeholder = entry.placeholderReference {
            return bounded("entry|\(account)|\(placeholder)|\(position)" + reversal)
        }
        if transaction?.accountServicerReference == nil, entry.accountServicerReference == nil, let endToEnd = transaction?.placeholderEndToEndID {
            let amount = Self.amount(of: entry, transaction)
            return "fp|\(account)|\(entry.bookingDate ?? "")|\(amount?.description ?? "")|\(transaction?.reference ?? "")|"
                + "\(transaction?.debtorIBAN ?? "")|\(endToEnd)|\(entry.isReversal)#1"
        }
        // A fingerprint recorded before booking times were read on the bank's calendar holds the date as written.
        if transaction?.accountServicerReference == nil, entry.accountServicerReference == nil, let written = entry.writtenBookingDate {
            let amount = Self.amount(of: entry, transaction)
            return "fp|\(account)|\(written)|\(amount?.description ?? "")|\(transaction?.reference ?? "")|"
                + "\(transaction?.debtorIBAN ?? "")|\(transaction?.endToEndID ?? "")|\(entry.isReversal)#1"
        }
        return nil
    }

    /// Each candidate's key with the account named each other way the provider names that account: its receiving account
    /// in the payment's currency and the names `KONTOR_STATEMENT_ACCOUNTS` lists, but for those listed with another
    /// currency (the CHF and EUR accounts are two accounts, never names of each other). None for a key that names no such
    /// account, a fingerprint or a hash.
    private static func otherKeys(of candidates: [Candidate], config: BillingConfiguration) -> [[String]] {
        var names: [String: [String]] = [:]   // per currency, sorted once
        return candidates.map { candidate in
            let currency = candidate.entry.amount.currencyCode
            if names[currency] == nil {
                let account = Currency(code: currency).flatMap { config.accounts[$0]?.electronic }
                let listed = config.statementAccounts.filter { config.statementAccountCurrencies[$0].map { $0.code == currency } ?? true }
                names[currency] = listed.union(account.map { [$0] } ?? []).sorted()
            }
            return keys(of: candidate.key, namingTheAccount: names[currency]!)
        }
    }

    /// `key` with its account (`tx|ACCOUNT|…`, `entry|ACCOUNT|…`) replaced by each other of `names`, when it is one of them.
    static func keys(of key: String, namingTheAccount names: [String]) -> [String] {
        let parts = key.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "tx" || parts[0] == "entry", names.contains(String(parts[1])) else { return [] }
        return names.filter { $0 != parts[1] }.map { bounded("\(parts[0])|\($0)|\(parts[2])") }
    }

    /// A key as stored: one too long for the column is stored as its SHA-256.
    static func bounded(_ key: String) -> String {
        key.utf8.count > 200 ? "sha256|" + Hex.encode(SHA256.hash(data: Data(key.utf8))) : key
    }

    /// The account as keys and payments name it: an IBAN compacted and in capitals, however the file wrote it (the
    /// schema forbids spaces and lower case, yet one account written two ways must not give a payment two keys).
    static func account(_ written: String?) -> String? {
        guard let written else { return nil }
        // Most files write it as the schema says: no copy then.
        guard written.utf8.contains(where: { $0 == 0x20 || (0x61...0x7A).contains($0) || $0 == 0x09 }) else { return written }
        return StatementAccount.compact(written)
    }

    /// A detail's amount as the reader gives it (the entry's, for a lone detail that is the whole entry; none for one
    /// part of a batch that states none); an entry without details is one payment of its own amount.
    private static func amount(of entry: BankEntry, _ transaction: BankTransaction?) -> BankAmount? {
        guard let transaction else { return entry.amount }
        return transaction.amount
    }

    /// `accountCurrencies`: the configured currency of each account the batch's entries are of (`apply`).
    private func item(_ candidate: Candidate, accountCurrencies: [String: String?]) -> Item {
        let (entry, transaction) = (candidate.entry, candidate.transaction)
        let amount = Self.amount(of: entry, transaction)
        var flag: String?
        var money: Money?
        switch amount?.money() {
        case .success(let value)?: money = value
        case .failure(.finerThanMinorUnit)?: flag = "finer_than_minor_unit"
        case .failure?: flag = "amount_unreadable"
        case nil: flag = amount == nil ? "amount_missing" : "unknown_currency"
        }
        // What the bank's file contradicts itself about is parked for staff, never booked on a guess: a payment whose
        // direction is not its entry's, a lone payment stating another amount than the one booked, a payment of a
        // batch in another currency than the booking.
        var parked = flag != nil && money == nil
        let returns = Self.returnsPayment(entry, transaction)
        if flag == nil, let parking = Self.contradiction(entry, transaction) { flag = parking; parked = true }
        if flag == nil, candidate.flag == BankPayment.reportedDifferentlyFlag { flag = candidate.flag; parked = true }
        // A booking in another currency than the one the provider receives on this account: a file that states no
        // account currency (`Acct/Ccy`) contradicts the configuration instead, and is parked the same way.
        let accountCurrency = accountCurrencies[entry.accountIBAN ?? ""] ?? config.currency(ofAccount: entry.accountIBAN)?.code
        if flag == nil, let accountCurrency, entry.amount.currencyCode != accountCurrency {
            flag = "currency_differs_from_account"; parked = true
        }
        if flag == nil, let money, let refusal = refusal(of: money) { flag = refusal; parked = true }
        // A credit the bank codes as its own booking (its interest, charges paid back: `BankTransactionCode.isBanksOwn`)
        // is nobody's payment: staff see it as the bank's, not as a customer's money waiting to be credited.
        if flag == nil, !returns,
           entry.bankTransactionCode?.isBanksOwn == true || transaction?.bankTransactionCode?.isBanksOwn == true { flag = "bank_booking"; parked = true }
        // Two different references in the structured remittance: two invoices, perhaps two customers'. Staff decide.
        if flag == nil, !returns, transaction?.namesSeveralReferences == true { flag = "several_references"; parked = true }
        // A credit the bank reports as returned (`RtrInf`) is the provider's own payment coming back (a refund that
        // did not reach its payee), never a customer's money: staff see it, and it teaches nothing about the account.
        let comesBack = entry.isReversal && entry.creditDebit == .credit
        if flag == nil, comesBack || (!returns && transaction?.reportsReturn == true) { flag = "returned_payment"; parked = true }
        // Payments that claim more than the bank booked: the money they name did not all arrive. Parked, as a lone
        // payment stating another amount is; fewer than booked are real money and are booked, flagged.
        if flag == nil, candidate.againstBooking == .exceed { flag = "details_exceed_booking"; parked = true }
        // Payments that cannot be held against their booking (one without an amount, in another currency, finer than a
        // cent, sums beyond any number) may claim far more than arrived: none of them is believed.
        if flag == nil, candidate.againstBooking == .unverifiable { flag = "details_unverifiable"; parked = true }
        // One payment of the whole amount, naming a payer, listed for a batch the bank says holds several: if a camt.054
        // lists them later, it decides this line (`settleWholeBookingsRecordedElsewhere`); until then staff see it.
        if flag == nil, entry.listsOneForSeveral { flag = "batch_count_unexplained"; parked = true }
        // A camt.053's collective booking listed without its payments (`apply`): their details come in the camt.054.
        if flag == nil, transaction == nil, entry.isBatch || entry.isCollective { flag = BankPayment.awaitingDetailsFlag; parked = true }
        if flag == nil, candidate.againstBooking == .fallShort { flag = "details_do_not_add_up" }
        if flag == nil { flag = candidate.flag }
        // The payer's bank fees came off the payment on the way: what arrived is booked; staff can see why it falls short.
        if flag == nil, transaction?.chargesDeductedMinor != nil { flag = "bank_charges_deducted" }
        var bookingAmount: Int64?
        if case .success(let booked)? = entry.amount.money() { bookingAmount = booked.minorUnits }
        // What the bank wrote about the payment, or about a booking of one payment: some banks (PostFinance) give a
        // booking without details and write the payer's reference there. Read for a reference only where the payer's
        // own fields name none, and never a collective booking's, which is about all its payments.
        let bankNote = Self.bankNote(entry, transaction)
        let reference = Self.namedReference(entry, transaction)
        var made = Item(key: candidate.key, flag: flag, accountIBAN: Self.account(entry.accountIBAN)?.limited(to: 70), currencyCode: (amount?.currencyCode ?? "").limited(to: 3),
                    amount: money, amountText: (amount?.value.description ?? "").limited(to: 40), isReversal: returns && !comesBack,
                    bookingDate: entry.bookingDate, valueDate: entry.valueDate, reference: reference,
                    referenceText: transaction?.reference?.limited(to: 40),
                    debtorName: transaction?.debtorName?.limited(to: 140),
                    debtorIBAN: transaction?.debtorAccount?.electronic,
                    paysOnBehalf: transaction?.paysOnBehalfOfSomeoneElse ?? false,
                    message: (transaction?.unstructuredRemittance ?? bankNote)?.limited(to: 140),
                    bankReference: (transaction?.accountServicerReference ?? entry.accountServicerReference)?.limited(to: 100),
                    entryReference: entry.accountServicerReference?.limited(to: 100),
                    transactionReference: transaction?.accountServicerReference?.limited(to: 100),
                    bookingAmountMinor: bookingAmount, completes: candidate.completes,
                    outcome: parked ? .flagged : .unidentified)
        made.statement = entry.statement
        made.position = candidate.position
        return made
    }

    /// What the bank wrote about the payment, or about a booking of one payment (never a collective booking's, which
    /// is about all its payments).
    private static func bankNote(_ entry: BankEntry, _ transaction: BankTransaction?) -> String? {
        transaction?.additionalInformation ?? (entry.isCollective ? nil : entry.additionalInformation)
    }

    /// The reference the payment names: its structured reference, else one typed into the message, else one the bank
    /// wrote in its note; none when the structured remittance names two. What is stored as the payment's reference
    /// (with the text as written when none is valid), and what a report of it is compared by (`PaymentContent`).
    static func namedReference(_ entry: BankEntry, _ transaction: BankTransaction?) -> PaymentReference? {
        if transaction?.namesSeveralReferences == true { return nil }
        return transaction.flatMap { $0.parsedReference ?? $0.referenceInMessage } ?? bankNote(entry, transaction).flatMap(PaymentReference.found(inMessage:))
    }

    /// The reference column of a payment: the named reference, else the structured one as written (40 characters).
    static func storedReference(_ entry: BankEntry, _ transaction: BankTransaction?) -> String? {
        namedReference(entry, transaction)?.electronic ?? transaction?.reference?.limited(to: 40)
    }

    /// Why a readable amount cannot be booked as it stands: a currency Kontor has no account in (no invoice is
    /// payable in it, so a prepaid balance in it could never be spent: staff refund it), or more than any payment
    /// to a hosting provider is (it would overflow the sums and balances it is added to).
    private func refusal(of money: Money) -> String? {
        if config.accounts[money.currency] == nil { return "currency_not_accepted" }
        if money.minorUnits > Self.largestPaymentMinor { return "amount_too_large" }
        return nil
    }

    /// 10,000,000,000.00 in a currency of two decimals: far above any real payment, and a million such payments
    /// still sum within an `Int64`.
    static let largestPaymentMinor: Int64 = 1_000_000_000_000

    /// Whether the payment is one taken back: its entry is a return or reversal, or it is a debit the bank reports as
    /// returned (`RtrInf`, a return's code) listed inside a credit booking that nets it against the money that came in.
    static func returnsPayment(_ entry: BankEntry, _ transaction: BankTransaction?) -> Bool {
        entry.isReversal || transaction.map { isReturnInsideCredit(entry, $0) } == true
    }

    /// A debit reported as returned inside a credit booking (a batch of 64.05 in and 14.05 returned, booked as 50.00):
    /// the return of a payment, to re-open what it paid. Parked as a contradiction, it left the invoice paid and was
    /// offered to staff to be refunded, paying the payer twice (bank probe round 4).
    private static func isReturnInsideCredit(_ entry: BankEntry, _ transaction: BankTransaction) -> Bool {
        entry.creditDebit == .credit && transaction.creditDebit == .debit && transaction.reportsReturn
    }

    /// Why the file contradicts itself about this payment, if it does.
    private static func contradiction(_ entry: BankEntry, _ transaction: BankTransaction?) -> String? {
        if entry.contradictsAccountCurrency { return "currency_differs_from_account" }
        guard let transaction else { return nil }
        if let direction = transaction.creditDebit, direction != entry.creditDebit, !isReturnInsideCredit(entry, transaction) {
            return "direction_contradicts_entry"
        }
        if transaction.statedAmount != nil { return "amount_differs_from_entry" }
        if let amount = transaction.amount, amount.currencyCode != entry.amount.currencyCode { return "currency_differs_from_entry" }
        return nil
    }

    /// Drops payments recorded before (the unique key says so) or earlier in this file: one look-up for the batch.
    ///
    /// A key is the same payment only when what both reports name agrees (`PaymentContent`): a bank that gives two
    /// payments one reference (in two entries, or on two days) has two payments, and the second is kept under the
    /// key's next occurrence (`#2`), flagged. A payment recorded without its amount (a camt.053 listing a batch's
    /// payments without amounts) is completed by the report that has it: see `completing`.
    private func withoutDuplicates(_ candidates: [Candidate], summary: inout BankStatementImporter.Summary,
                                   state: inout ImportState) async throws -> [Candidate] {
        guard !candidates.isEmpty else { return [] }
        let candidates = try await withoutRecordedUnderPlaceholders(candidates, summary: &summary, state: &state)
        guard !candidates.isEmpty else { return [] }
        // A reversal is also looked up under the key it had before keys told reversals apart (without `|reversal`):
        // a return imported then is not booked again.
        var lookup = candidates.compactMap { $0.isFingerprint ? nil : $0.key }
        for candidate in candidates where candidate.entry.isReversal { lookup.append(Self.legacyKey(of: candidate.key)) }
        // One account may be named two ways (a QR-IBAN and its account's IBAN, both the provider's): a payment recorded
        // from a file that named it the other way is the same payment. Worked out once per payment, and only for
        // providers who list other names (`KONTOR_STATEMENT_ACCOUNTS`).
        let otherKeys = config.statementAccounts.isEmpty ? [] : Self.otherKeys(of: candidates, config: config)
        lookup += otherKeys.joined()
        let known = try await recordedPayments(lookup)
        var fresh: [Candidate] = []
        var collisions: [(candidate: Candidate, content: PaymentContent)] = []
        var fingerprinted: [Occupant] = []
        var reportedDifferently = Set<Int>()
        for (index, var candidate) in candidates.enumerated() {
            let content = PaymentContent(candidate.entry, candidate.transaction)
            if candidate.isFingerprint {
                fingerprinted.append(Occupant(candidate: candidate, content: content, base: candidate.key, firstOccurrence: 1, flag: "fingerprint"))
                continue
            }
            // Earlier in this file, under this key or under the account's other name (one file may hold the statement of
            // the QR-IBAN and that of its plain IBAN, each listing the same payment).
            var seen = state.seenKeys[candidate.key]
            if seen == nil, !otherKeys.isEmpty { for key in otherKeys[index] where seen == nil { seen = state.seenKeys[key] } }
            if let seen {
                if seen.isSameAs(content) { summary.duplicates += 1 } else { collisions.append((candidate, content)) }
                continue
            }
            let recorded = known[candidate.key]
                ?? (candidate.entry.isReversal ? known[Self.legacyKey(of: candidate.key)].flatMap { $0.isReversal ? $0 : nil } : nil)
                ?? (otherKeys.isEmpty ? nil : otherKeys[index].lazy.compactMap { known[$0] }.first)
            if let row = recorded {
                if let completed = completing(row, with: content, namesOnePayment: candidate.key.hasPrefix("tx|") || !candidate.entry.isCollective,
                                              checkedAgainstBooking: candidate.againstBooking != .unverifiable && candidate.againstBooking != .exceed) {
                    candidate.completes = completed
                    candidate.key = Self.bounded(candidate.key + "|completed")
                    state.seenKeys[candidate.key] = content
                    fresh.append(candidate)
                } else if row.content.isSameAs(content) {
                    summary.duplicates += 1
                    if candidate.key.hasPrefix("entry|") { state.reorderedClaimed.insert(row.id) }
                    // Its own: another payment of the entry, sent in another order, must not take it too.
                    if candidate.repeatedReference != nil { state.occurrencesClaimed.insert(row.id) }
                } else {
                    // The payment's own bank reference, in its booking, on its day, recorded before saying otherwise: the
                    // same booking re-sent (corrected, or by mistake), not a bank that gives another payment the same
                    // reference. Parked, never credited. (A key by position in a batch says nothing of the kind: a batch
                    // listed in another order puts other payments at the positions.)
                    // Unless the bank took that booking back (a reversal under the same references, recorded or listed
                    // earlier in this file): then this is its correction, booked as in a file that holds all three
                    // (bank probe round 9, F9).
                    if candidate.key.hasPrefix("tx|"), let booking = candidate.entry.accountServicerReference?.limited(to: 100), row.entryReference == booking,
                       row.content.bookingDate == content.bookingDate, row.isReversal == candidate.entry.isReversal,
                       !(try await isReversed(row.id, key: candidate.key, before: candidate.position, in: candidates)) {
                        reportedDifferently.insert(candidate.position)
                    }
                    collisions.append((candidate, content))
                }
                continue
            }
            state.seenKeys[candidate.key] = content
            fresh.append(candidate)
        }
        fresh = try await claimingCompletions(fresh, summary: &summary)
        (fresh, collisions) = try await withoutSameBatchReordered(fresh, collisions, summary: &summary, state: &state)
        // Rare: a key reused with other content takes its next occurrence (`#2` …) no payment holds, unless one holds it.
        // A reference its entry repeats is looked for among all its entry's keys (`B1`, `B1#2` …), where the same batch
        // sent again in another order put its payments: `B1#2#2` was free, and the payment credited twice (probe round 4).
        let reused = collisions.map {
            Occupant(candidate: $0.candidate, content: $0.content, base: $0.candidate.key, firstOccurrence: $0.candidate.repeatedReference == nil ? 2 : 1,
                     flag: reportedDifferently.contains($0.candidate.position) ? BankPayment.reportedDifferentlyFlag : "bank_reference_reused",
                     repeated: $0.candidate.repeatedReference)
        }
        // Nearly always none: `fresh + []` copied every candidate of the batch (a score of references each).
        let occupants = fingerprinted + reused
        guard !occupants.isEmpty else { return fresh }
        fresh += try await occupying(occupants, summary: &summary, state: &state)
        return fresh
    }

    /// Whether the payment recorded as `paymentID` under `key` has been taken back: by a return recorded before, or by
    /// a return of this batch under the same key listed before `position`.
    private func isReversed(_ paymentID: UUID, key: String, before position: Int, in candidates: [Candidate]) async throws -> Bool {
        let reversalKey = Self.bounded(key + "|reversal")
        if candidates.contains(where: { $0.position < position && $0.entry.isReversal && $0.key == reversalKey }) { return true }
        return try await BankPayment.query(on: db).filter(\.$reversesPaymentID == paymentID).count() > 0
    }

    /// Drops the payments recorded before placeholders were read as no reference, under the key the placeholder gave
    /// them (`legacyPlaceholderKey`, and its occurrences `#2` … `#20`, the most that rule made): a file downloaded again,
    /// or one overlapping days imported then, would otherwise book them a second time. One look-up of the keys themselves;
    /// their occurrences only for those found.
    private func withoutRecordedUnderPlaceholders(_ candidates: [Candidate], summary: inout BankStatementImporter.Summary,
                                                  state: inout ImportState) async throws -> [Candidate] {
        let legacy = candidates.compactMap(\.legacyKey)
        guard !legacy.isEmpty else { return candidates }
        var known = try await recordedPayments(Array(Set(legacy)))
        guard !known.isEmpty else { return candidates }
        let found = Set(known.keys)
        known.merge(try await recordedPayments(found.flatMap { Self.legacyOccurrences(of: $0).dropFirst() })) { first, _ in first }
        return candidates.filter { candidate in
            guard let key = candidate.legacyKey, found.contains(key) else { return true }
            let content = PaymentContent(candidate.entry, candidate.transaction)
            for legacyKey in Self.legacyOccurrences(of: key) {
                guard let row = known[legacyKey] else { continue }
                let same = candidate.isFingerprint ? row.content.isSameTransferAs(content) : row.content.isSameAs(content)
                if same, state.occurrencesClaimed.insert(row.id).inserted {
                    summary.duplicates += 1
                    return false
                }
            }
            return true
        }
    }

    /// A legacy key and the occurrences the old rule gave its repeats (`#2` … `#20`); a fingerprint's key ends in `#1`,
    /// its repeats replace that.
    private static func legacyOccurrences(of key: String) -> [String] {
        let base = key.hasSuffix("#1") ? String(key.dropLast(2)) : key
        return [key] + (2...20).map { "\(base)#\($0)" }
    }

    /// A payment to be recorded under `base#n`: a fingerprint (from `#1`) or a bank reference that other content holds (from `#2`).
    private struct Occupant {
        let candidate: Candidate
        let content: PaymentContent
        let base: String
        let firstOccurrence: Int
        let flag: String
        /// For a bank reference its entry repeats: its keys are written as `candidate` writes them, not `base#n`.
        var repeated: (stem: String, suffix: String)? = nil

        func key(_ occurrence: Int) -> String {
            guard let repeated else { return BatchImport.occurrenceKey(base, occurrence) }
            return BatchImport.bounded(BatchImport.referenceKey(repeated.stem, occurrence: occurrence, suffix: repeated.suffix))
        }
    }

    /// Each occupant is a payment recorded under one of its base's occurrences (the same content, and no other payment
    /// of this file took it for its own) or takes the first occurrence nothing holds. Occurrences are looked up in
    /// growing windows (2, then 20, 200 …) for all occupants at once, so a reference a bank repeats every day, or a
    /// fingerprint shared by many payments, never runs out of them: a payment whose content differs is never dropped as
    /// a repeat. Within the file, the same bank reference with the same content is one payment listed twice; the same
    /// fingerprint is two payments (two identical transfers without a reference).
    private func occupying(_ occupants: [Occupant], summary: inout BankStatementImporter.Summary, state: inout ImportState) async throws -> [Candidate] {
        var fresh: [Candidate] = []
        var pending = occupants
        // Most fingerprints and reused references take their first free occurrence: one key each first, then wider.
        var window = 1...2
        while !pending.isEmpty {
            let known = try await recordedPayments(pending.flatMap { occupant in
                (max(window.lowerBound, occupant.firstOccurrence)...window.upperBound).map { occupant.key($0) }
            })
            var undecided: [Occupant] = []
            occupants: for occupant in pending {
                for occurrence in max(window.lowerBound, occupant.firstOccurrence)...window.upperBound {
                    let key = occupant.key(occurrence)
                    if let seen = state.seenKeys[key] {
                        if occupant.flag != "fingerprint", seen.isSameAs(occupant.content) {
                            summary.duplicates += 1
                            continue occupants
                        }
                        continue
                    }
                    if let row = known[key] {
                        let same = occupant.flag == "fingerprint" ? row.content.isSameTransferAs(occupant.content) : row.content.isSameAs(occupant.content)
                        if same, state.occurrencesClaimed.insert(row.id).inserted {
                            summary.duplicates += 1
                            continue occupants
                        }
                        continue
                    }
                    state.seenKeys[key] = occupant.content
                    fresh.append(Candidate(entry: occupant.candidate.entry, transaction: occupant.candidate.transaction, key: key,
                                           flag: occupant.flag, againstBooking: occupant.candidate.againstBooking))
                    continue occupants
                }
                undecided.append(occupant)
            }
            pending = undecided
            window = (window.upperBound + 1)...(window.upperBound * 10)
        }
        return fresh
    }

    /// `base#n` (the base is already `bounded`).
    private static func occurrenceKey(_ base: String, _ occurrence: Int) -> String {
        "\(base)#\(occurrence)"
    }

    /// A batch whose payments carry no reference of their own is keyed by its entry and each payment's position: the same
    /// batch sent again with its payments in another order, or with one added or left out, puts other payments at the
    /// positions, and each would be booked again (money credited twice). So a payment of such a batch that its own key
    /// did not find recorded is compared with every payment recorded for its entry: one with the same content, not
    /// claimed by another payment of this file, is that payment.
    ///
    /// The same holds between a report that gives the payment the bank's reference and one that does not (a bank's
    /// camt.054 .04 without `TxDtls/Refs`, its .08 with them, for one day): one is keyed by the entry, the other by the
    /// reference, and both were credited (bank probe round 7). So a payment with a reference of its own that its key did
    /// not find also asks its entry, for payments recorded there without one; two payments that each have a reference
    /// of their own are two payments whatever they say. Only within one kind of file: between a camt.053 and a camt.054
    /// `dropReportedInOtherKind` decides (a camt.053's nameless line is completed by the camt.054 that names the payer).
    /// Asked by the index on `entry_reference` (M084).
    private func withoutSameBatchReordered(_ fresh: [Candidate], _ collisions: [(candidate: Candidate, content: PaymentContent)],
                                           summary: inout BankStatementImporter.Summary, state: inout ImportState) async throws
        -> ([Candidate], [(candidate: Candidate, content: PaymentContent)]) {
        // Each asking payment's batch key, worked out once; for one with a reference of its own, its entry's.
        let freshBatches = fresh.map { candidate -> (batch: String, ownReference: Bool)? in
            guard candidate.completes == nil else { return nil }
            if let batch = Self.batchKey(candidate.key) { return (batch, false) }
            guard candidate.key.hasPrefix("tx|"), let entryReference = candidate.entry.accountServicerReference else { return nil }
            return (Self.batchKey(account: Self.account(candidate.entry.accountIBAN) ?? "-", entry: entryReference,
                                  reversal: Self.returnsPayment(candidate.entry, candidate.transaction)), true)
        }
        let collisionBatches = collisions.map { Self.batchKey($0.candidate.key).map { (batch: $0, ownReference: false) } }
        let entries = Set(zip(fresh, freshBatches).compactMap { $1 == nil ? nil : $0.entry.accountServicerReference?.limited(to: 100) }
            + zip(collisions, collisionBatches).compactMap { $1 == nil ? nil : $0.candidate.entry.accountServicerReference?.limited(to: 100) })
        guard !entries.isEmpty else { return (fresh, collisions) }
        // The entries' recorded payments, by batch key, and whether each has a reference of its own.
        var recorded: [String: [(payment: RecordedPayment, ownReference: Bool, sameKind: Bool)]] = [:]
        // Rows with a reference of their own matter only to payments asking without one.
        let askedWithoutOwnReference = freshBatches.contains { $0?.ownReference == false } || collisionBatches.contains { $0 != nil }
        for chunk in Array(entries).chunked(500) {
            let rows = try await sql.raw("""
                SELECT p.id, p.dedupe_key, p.amount_minor, p.currency, p.is_reversal, p.booking_date, p.reference, p.debtor_iban, p.debtor_name,
                  p.message, p.flag, p.assignment, p.outcome, p.account_iban, p.entry_reference,
                  p.transaction_reference IS NOT NULL AS has_own_reference, i.kind AS import_kind
                FROM bank_payments p JOIN bank_statement_imports i ON i.id = p.import_id
                WHERE p.entry_reference IN (\(BulkRows.list(chunk, on: sql).query))
                """).all()
            for row in rows {
                let ownReference = try row.decode(column: "has_own_reference", as: Bool.self)
                let batch: String?
                if ownReference {
                    guard askedWithoutOwnReference, let entry = try row.decode(column: "entry_reference", as: String?.self) else { continue }
                    batch = Self.batchKey(account: try row.decode(column: "account_iban", as: String?.self) ?? "-", entry: entry,
                                          reversal: try row.decode(column: "is_reversal", as: Bool.self))
                } else {
                    batch = Self.batchKey(try row.decode(column: "dedupe_key", as: String.self))
                }
                guard let batch else { continue }
                recorded[batch, default: []].append((try Self.recordedPayment(row), ownReference,
                                                     try row.decode(column: "import_kind", as: String.self) == kind))
            }
        }
        func isRecorded(_ asking: (batch: String, ownReference: Bool)?, _ content: PaymentContent) -> Bool {
            guard let asking else { return false }
            for row in recorded[asking.batch] ?? [] where !(asking.ownReference && row.ownReference)
                && (row.sameKind || !(asking.ownReference || row.ownReference))
                && row.payment.content.isSameAs(content) && !state.reorderedClaimed.contains(row.payment.id) {
                state.reorderedClaimed.insert(row.payment.id)
                summary.duplicates += 1
                return true
            }
            return false
        }
        let keptFresh = zip(fresh, freshBatches).filter { !isRecorded($1, PaymentContent($0.entry, $0.transaction)) }.map(\.0)
        let keptCollisions = zip(collisions, collisionBatches).filter { !isRecorded($1, $0.content) }.map(\.0)
        return (keptFresh, keptCollisions)
    }

    /// The batch key (`batchKey(_:)`) of a payment recorded, or read, with its own reference: from its account, its
    /// entry's reference and whether it is a return, as `candidate` writes an entry's keys.
    static func batchKey(account: String, entry: String, reversal: Bool) -> String {
        "entry|" + account + "|" + entry + "|" + (reversal ? "|reversal" : "")
    }

    /// The batch a key `entry|ACCOUNT|REFERENCE|POSITION` (a reversal's ending `|reversal`) belongs to: the key without
    /// its position. Nil for any other key (a payment's own reference, a fingerprint, a reused key's `#n`).
    static func batchKey(_ key: String) -> String? {
        guard key.hasPrefix("entry|") else { return nil }
        var parts = key.split(separator: "|", omittingEmptySubsequences: false)
        let reversal = parts.last == "reversal"
        if reversal { parts.removeLast() }
        guard parts.count >= 4, let position = parts.last.flatMap({ Int($0) }), position > 0 else { return nil }
        return parts.dropLast().joined(separator: "|") + "|" + (reversal ? "|reversal" : "")
    }

    /// Marks the payments recorded without their amount that these candidates complete as completed, before anything is
    /// booked: one conditional UPDATE in the import's transaction, which takes each row's lock (PostgreSQL; SQLite's
    /// write transaction already excludes every other writer). A staff decision on the same payment (`UnidentifiedPayments`
    /// claims it with the same `assignment IS NULL` condition) either committed first — the row is then not claimed
    /// here, and the report with the amount is a repeat of a payment staff decided about: nothing is booked — or waits
    /// for this import to commit and then finds the payment decided (409). Never both.
    private func claimingCompletions(_ fresh: [Candidate], summary: inout BankStatementImporter.Summary) async throws -> [Candidate] {
        let completing = fresh.compactMap(\.completes)
        guard !completing.isEmpty else { return fresh }
        var claimed = Set<UUID>()
        for chunk in completing.sorted(by: { $0.uuidString < $1.uuidString }).chunked(500) {
            let ids = BulkRows.list(chunk.map { TimeOrderedID.text($0) }, on: sql, as: "uuid")
            let rows = try await sql.raw("""
                UPDATE bank_payments SET assignment = \(bind: BankPayment.completedAssignment), assigned_at = \(bind: now)
                WHERE id IN (\(ids.query)) AND assignment IS NULL RETURNING id
                """).all()
            for row in rows { claimed.insert(try row.decode(column: "id", as: UUID.self)) }
        }
        guard claimed.count < completing.count else { return fresh }
        return fresh.filter { candidate in
            guard let completed = candidate.completes, !claimed.contains(completed) else { return true }
            summary.duplicates += 1
            return false
        }
    }

    private static func legacyKey(of key: String) -> String {
        key.hasSuffix("|reversal") ? String(key.dropLast(9)) : key
    }

    /// A payment recorded without its amount (`amount_missing`), or one waiting as nobody's money because its report
    /// named nothing of its payer (a camt.053 line without details: no reference, no account), nobody decided about and
    /// not yet completed, that a report of the same booking with what it lacked completes: its id. The recorded row
    /// stays as it was reported (only its decision is set, as staff's would be); the fuller report is recorded beside it
    /// and booked — the invoice it names is settled, as it is when the files come the other way round.
    /// A nameless line is completed only under a key that names one payment (the bank's reference of the payment, or
    /// the position in a booking of one payment, `namesOnePayment`): positions in a collective booking may list its
    /// payments in another order in each file, and a nameless position would be completed by another payer's payment.
    /// A payment parked because its batch could not be held against its booking (`details_unverifiable`) is completed
    /// by a report whose batch could be (`checkedAgainstBooking`).
    private func completing(_ row: RecordedPayment, with content: PaymentContent, namesOnePayment: Bool, checkedAgainstBooking: Bool) -> UUID? {
        guard row.assignment == nil, content.amountMinor != nil, row.content.isSameAs(content) else { return nil }
        if row.isAmountMissing || (row.isUnverified && checkedAgainstBooking) { return row.id }
        guard namesOnePayment else { return nil }
        let rowNamesNobody = row.content.reference == nil && row.content.debtorIBAN == nil
        // Judged as the row would store it: a payer IBAN that fails its check names nobody there, so a statement downloaded
        // again "completed" the waiting payment with itself — a second creditable row the bank's return could not single out.
        let contentNamesSomeone = content.reference != nil || content.namesDebtorAccount
        guard row.isUnidentified, rowNamesNobody, contentNamesSomeone, row.content.amountMinor == content.amountMinor else { return nil }
        return row.id
    }

    /// What is recorded under `keys`, by key.
    private func recordedPayments(_ keys: [String]) async throws -> [String: RecordedPayment] {
        var known: [String: RecordedPayment] = [:]
        for chunk in keys.chunked(5_000) {
            let list = BulkRows.list(Array(chunk), on: sql)
            let rows = try await sql.raw("""
                SELECT id, dedupe_key, amount_minor, currency, is_reversal, booking_date, reference, debtor_iban, debtor_name, message, flag, assignment, outcome,
                  entry_reference
                FROM bank_payments WHERE dedupe_key IN (\(list.query))
                """).all()
            for row in rows { known[try row.decode(column: "dedupe_key", as: String.self)] = try Self.recordedPayment(row) }
        }
        return known
    }

    /// A recorded payment from a row of `id, amount_minor, currency, is_reversal, booking_date, reference, debtor_iban,
    /// debtor_name, message, flag, assignment, outcome, entry_reference`.
    private static func recordedPayment(_ row: any SQLRow) throws -> RecordedPayment {
        let flag = try row.decode(column: "flag", as: String?.self)
        return RecordedPayment(
            id: try row.decode(column: "id", as: UUID.self),
            isReversal: try row.decode(column: "is_reversal", as: Bool.self),
            isAmountMissing: flag == "amount_missing",
            isUnverified: flag == "details_unverifiable",
            isUnidentified: try row.decode(column: "outcome", as: String.self) == BankPayment.Outcome.unidentified.rawValue && flag == nil,
            assignment: try row.decode(column: "assignment", as: String?.self),
            content: PaymentContent(amountMinor: try row.decode(column: "amount_minor", as: Int64?.self),
                                    currency: try row.decode(column: "currency", as: String.self),
                                    bookingDate: try row.decode(column: "booking_date", as: String?.self),
                                    reference: try row.decode(column: "reference", as: String?.self),
                                    debtorIBAN: try row.decode(column: "debtor_iban", as: String?.self),
                                    debtorName: try row.decode(column: "debtor_name", as: String?.self),
                                    message: try row.decode(column: "message", as: String?.self)),
            entryReference: try row.decode(column: "entry_reference", as: String?.self))
    }

    /// This file lists payments of collective bookings a camt.053 recorded without them (`awaitingDetailsFlag`), found
    /// by their booking reference: those lines are decided here (`listedInDetailAssignment`, conditional like staff's own
    /// claim), so reminders of their currency go out again. One staff closed meanwhile leaves these payments to staff
    /// (`maybe_in_other_file`), as a whole line they decided does. Returns the ids of the lines found.
    /// Usually the details are a camt.054's; a bank that sends only statements may send the day's camt.053 again with the
    /// payments listed, and that decides the line as well (it had waited until staff closed it, reminders held meanwhile).
    private func settleBookingsAwaitingDetails(_ items: inout [Item], state: inout ImportState) async throws -> Set<UUID> {
        let entries = Set(items.compactMap { $0.flag == BankPayment.awaitingDetailsFlag ? nil : $0.entryReference })
        guard !entries.isEmpty else { return [] }
        if state.awaitingDetailsRecorded == nil {
            state.awaitingDetailsRecorded = try await sql.select().column("id").from("bank_payments")
                .where("flag", .equal, BankPayment.awaitingDetailsFlag).limit(1).first() != nil
        }
        guard state.awaitingDetailsRecorded == true else { return [] }
        var lines: [(id: UUID, entry: String, account: String?, decided: Bool, day: String?)] = []
        for chunk in Array(entries).chunked(500) {
            for row in try await sql.raw("""
                SELECT id, entry_reference, account_iban, assignment, booking_date, value_date FROM bank_payments
                WHERE flag = \(bind: BankPayment.awaitingDetailsFlag) AND entry_reference IN (\(BulkRows.list(chunk, on: sql).query))
                """).all() {
                lines.append((try row.decode(column: "id", as: UUID.self), try row.decode(column: "entry_reference", as: String.self),
                              try row.decode(column: "account_iban", as: String?.self), try row.decode(column: "assignment", as: String?.self) != nil,
                              try row.decode(column: "booking_date", as: String?.self) ?? row.decode(column: "value_date", as: String?.self)))
            }
        }
        // Of the same account as the payments that list it, and of their days: a bank that starts its booking references
        // again must not have this week's payments decide last year's line.
        var days: [String: [String?]] = [:]
        for item in items where item.flag != BankPayment.awaitingDetailsFlag {
            if let entry = item.entryReference { days[Self.bookingKey(account: item.accountIBAN, entry: entry), default: []].append(item.bookingDate ?? item.valueDate) }
        }
        lines.removeAll { line in
            !(days[Self.bookingKey(account: line.account, entry: line.entry)] ?? []).contains { Self.sameBookingDays(line.day, $0) }
        }
        guard !lines.isEmpty else { return [] }
        var claimed = Set<UUID>()
        for chunk in lines.filter({ !$0.decided }).map(\.id).chunked(500) {
            let list = BulkRows.list(chunk.map { TimeOrderedID.text($0) }, on: sql, as: "uuid")
            for row in try await sql.raw("""
                UPDATE bank_payments SET assignment = \(bind: BankPayment.listedInDetailAssignment), assigned_at = \(bind: now)
                WHERE id IN (\(list.query)) AND assignment IS NULL RETURNING id
                """).all() { claimed.insert(try row.decode(column: "id", as: UUID.self)) }
        }
        let decidedByStaff = Set(lines.filter { !claimed.contains($0.id) }.map { Self.bookingKey(account: $0.account, entry: $0.entry) })
        for index in items.indices where items[index].outcome != .flagged
            && decidedByStaff.contains(Self.bookingKey(account: items[index].accountIBAN, entry: items[index].entryReference ?? "")) {
            items[index].outcome = .flagged
            items[index].flag = "maybe_in_other_file"
        }
        return Set(lines.map(\.id))
    }

    /// A credit the bank announces as not booked yet (`PDNG`): what the reminder run needs to hold the invoice it pays.
    struct PendingPayment {
        let key: String
        let currency: String
        let amountMinor: Int64?
        let reference: String?
    }

    /// The payments of a pending entry, each keyed by what it says (the account, the bank's references, amount, currency
    /// and reference), so the same announcement in the next file is recorded once.
    private static func pendingPayments(_ entry: BankEntry) -> [PendingPayment] {
        let transactions: [BankTransaction?] = entry.transactions.isEmpty ? [nil] : entry.transactions.map(Optional.some)
        return transactions.compactMap { transaction in
            // The sum of a batch listed without its payments names nobody's invoice.
            if transaction == nil, entry.isBatch || entry.isCollective { return nil }
            let amount = amount(of: entry, transaction)
            let minor: Int64? = if case .success(let money)? = amount?.money() { money.minorUnits } else { nil }
            let reference = namedReference(entry, transaction)?.electronic
            guard reference != nil || minor != nil else { return nil }
            let currency = (amount?.currencyCode ?? entry.amount.currencyCode).limited(to: 3)
            let parts = [account(entry.accountIBAN) ?? "", entry.accountServicerReference ?? "", transaction?.accountServicerReference ?? "",
                         entry.valueDate ?? "", currency, minor.map(String.init) ?? "", reference ?? ""]
            let key = "pending|" + SHA256.hash(data: Data(parts.joined(separator: "|").utf8)).map { String(format: "%02x", $0) }.joined()
            return PendingPayment(key: key, currency: currency, amountMinor: minor, reference: reference)
        }
    }

    /// Records the file's pending credits (each once): no money, but the reminder run holds the invoices they pay. One
    /// statement for the batch, as the payments are written (`BulkRows`), not one per announcement. An announcement made
    /// again (the bank still lists it as pending) holds from its latest day: held from the first, a payment re-announced
    /// yesterday had stopped holding (bank probe round 9).
    private func recordPending(_ payments: [PendingPayment]) async throws {
        var rows = BulkRows([.uuid, .text, .text, .int, .text])
        var seen = Set<String>()
        // Each key once per statement: PostgreSQL refuses to update one row twice in one INSERT … ON CONFLICT DO UPDATE.
        for payment in payments where seen.insert(payment.key).inserted {
            rows.append([.uuid(TimeOrderedID.make()), .text(payment.key), .text(payment.currency), .int(payment.amountMinor), .text(payment.reference)])
        }
        // `WHERE true`: SQLite reads `ON CONFLICT` after a bare `FROM` as a join's constraint.
        try await sql.raw("""
            INSERT INTO pending_bank_payments (id, dedupe_key, currency, amount_minor, reference, announced_on, created_at)
            SELECT \(unsafeRaw: rows.columns(on: sql)), \(bind: config.day(of: now)), \(bind: now) FROM \(rows.source(on: sql)) WHERE true
            ON CONFLICT (dedupe_key) DO UPDATE SET announced_on = excluded.announced_on
            """).run()
    }

    /// A booking of one account, as the detail and summed-line checks look it up: `account|booking reference`.
    private static func bookingKey(account: String?, entry: String) -> String { "\(account ?? "")|\(entry)" }

    /// Whether two reports under one booking reference date it closely enough to be that booking
    /// (`StatementOverlap.bookingReferenceDays`); a report without a day is not told apart by it.
    private static func sameBookingDays(_ one: String?, _ other: String?) -> Bool {
        guard let one = one.flatMap(CivilDay.number), let other = other.flatMap(CivilDay.number) else { return true }
        return abs(one - other) <= StatementOverlap.bookingReferenceDays
    }

    /// The days `StatementOverlap.bookingDayLeeway` around `day` (`YYYY-MM-DD`), without it.
    private static func neighbouringDays(_ day: String) -> [String] {
        guard let number = CivilDay.number(day) else { return [] }
        let leeway = StatementOverlap.bookingDayLeeway
        return (-leeway...leeway).filter { $0 != 0 }.map { CivilDay.text(number + $0) }
    }

    /// A collective booking this file lists without its payments, whose payments an earlier file listed (a detailed
    /// camt.053 or camt.054 under the same booking reference, of the same account): no new money, and nothing to wait for.
    /// Recorded as waiting, it held every reminder of its currency until staff closed it. Not booked; counted as ignored,
    /// as a whole line a detail file listed is (`dropWholeBookingsListedElsewhere`).
    private func dropSummedBookingsListedBefore(_ items: inout [Item], summary: inout BankStatementImporter.Summary) async throws {
        let summed = items.indices.filter { items[$0].flag == BankPayment.awaitingDetailsFlag && items[$0].entryReference != nil }
        guard !summed.isEmpty else { return }
        var listed: [String: [String?]] = [:]   // the days of each booking's listed payments
        for chunk in Array(Set(summed.compactMap { items[$0].entryReference })).chunked(500) {
            for row in try await sql.raw("""
                SELECT DISTINCT account_iban, entry_reference, booking_date, value_date FROM bank_payments
                WHERE entry_reference IN (\(BulkRows.list(chunk, on: sql).query)) AND (flag IS NULL OR flag <> \(bind: BankPayment.awaitingDetailsFlag))
                """).all() {
                let key = Self.bookingKey(account: try row.decode(column: "account_iban", as: String?.self), entry: try row.decode(column: "entry_reference", as: String.self))
                listed[key, default: []].append(try row.decode(column: "booking_date", as: String?.self) ?? row.decode(column: "value_date", as: String?.self))
            }
        }
        // Of the same days: a booking reference the bank gave again a year later is another booking.
        let dropped = Set(summed.filter { index in
            (listed[Self.bookingKey(account: items[index].accountIBAN, entry: items[index].entryReference ?? "")] ?? [])
                .contains { Self.sameBookingDays(items[index].bookingDate ?? items[index].valueDate, $0) }
        })
        guard !dropped.isEmpty else { return }
        summary.ignored += dropped.count
        items = items.indices.filter { !dropped.contains($0) }.map { items[$0] }
    }

    /// Drops the payments a file of the other kind (camt.053 against camt.054) recorded under other keys: the same
    /// booking, reported twice, is credited once (`StatementOverlap`). Skipped while no import of the other kind
    /// exists, so a bank that sends only one kind pays nothing for it.
    /// `awaiting`: the lines waiting for details that this file's payments decided (`settleBookingsAwaitingDetails`).
    private func dropReportedInOtherKind(_ items: inout [Item], awaiting: Set<UUID>, summary: inout BankStatementImporter.Summary,
                                         state: inout ImportState) async throws {
        if state.otherKindRecorded == nil {
            state.otherKindRecorded = try await sql.select().column("id").from("bank_statement_imports")
                .where("kind", .notEqual, kind).limit(1).first() != nil
        }
        guard state.otherKindRecorded == true else { return }
        // A report without a booking day (`BookgDt` is optional) is compared by its value day; one of the same value day
        // may be booked a day apart by the other kind (`StatementOverlap.bookingDayLeeway`).
        let days = Set(items.flatMap { item in
            [item.bookingDate, item.valueDate].compactMap { $0 } + (item.bookingDate.map { Self.neighbouringDays($0) } ?? [])
        }), amounts = Set(items.compactMap { $0.amount?.minorUnits })
        guard !days.isEmpty, !amounts.isEmpty else { return }
        var matched = try await dropWholeBookingsListedElsewhere(&items, days: days, summary: &summary)
        guard !items.isEmpty else { return }
        matched.formUnion(try await settleWholeBookingsRecordedElsewhere(&items, days: days))
        try await flagWholeBookingsPerhapsReportedElsewhere(&items, days: days, matched: matched)
        var recorded: [(id: UUID, payment: ReportedPayment)] = []
        for dayChunk in Array(days).chunked(200) {
            for amountChunk in Array(amounts).chunked(500) {
                let dayList = SQLGroupExpression(dayChunk.map { SQLBind($0) as any SQLExpression })
                let rows = try await sql.raw("""
                    SELECT \(unsafeRaw: Self.reportedColumns)
                    FROM bank_payments p JOIN bank_statement_imports i ON i.id = p.import_id
                    WHERE i.kind <> \(bind: kind) AND (p.booking_date IN \(dayList) OR (p.booking_date IS NULL AND p.value_date IN \(dayList)))
                      AND p.amount_minor IN \(SQLGroupExpression(amountChunk.map { SQLBind($0) as any SQLExpression }))
                    """).all()
                for row in rows { recorded.append((try row.decode(column: "id", as: UUID.self), try Self.reportedPayment(row))) }
            }
        }
        recorded += try await recordedUnderBookingReferences(of: items, amounts: amounts, besides: Set(recorded.map(\.id)))
        // A collective booking recorded without its payments is no payment these repeat: it is their sum.
        recorded.removeAll { awaiting.contains($0.id) }
        // A payment these complete (`completing`: one parked because its batch could not be checked) is no repeat of them.
        let completing = Set(items.compactMap(\.completes))
        if !completing.isEmpty { recorded.removeAll { completing.contains($0.id) } }
        guard !recorded.isEmpty else { return }
        let reported = items.map(\.reported)
        let pairing = StatementOverlap.pairing(reported, recorded: recorded, used: &state.pairedInOtherKind)
        // Alike in amount and day alone: perhaps the same booking, perhaps another payer's money. Kept, never credited
        // on a guess: staff see it and credit or refund it.
        for index in pairing.doubtful where items[index].outcome != .flagged {
            items[index].outcome = .flagged
            items[index].flag = "maybe_in_other_file"
        }
        guard !pairing.repeated.isEmpty else { return }
        let completed = try await completingNameless(items, pairing: pairing, recorded: recorded)
        let dropped = pairing.repeated.subtracting(completed)
        summary.duplicates += dropped.count
        items = items.indices.filter { !dropped.contains($0) }.map { items[$0] }
    }

    /// A payment the other kind of file recorded as nobody's money — a camt.053 line that named no payer, no
    /// reference, waiting for staff — is completed by this fuller report of it (`completing` does the same under one
    /// key): the recorded line leaves the staff queue as completed, and this payment is booked, so the invoice it names
    /// is settled whichever file came first. Claimed with the staff queue's own condition (`assignment IS NULL`), so a
    /// staff decision made meanwhile wins and this report stays a repeat. The indices of `items` kept for booking.
    private func completingNameless(_ items: [Item], pairing: StatementOverlap.Pairing,
                                    recorded: [(id: UUID, payment: ReportedPayment)]) async throws -> Set<Int> {
        var completing: [Int: UUID] = [:]
        for index in pairing.repeated where items[index].outcome != .flagged
            && (items[index].reference != nil || items[index].debtorIBAN != nil) {
            guard let position = pairing.twins[index] else { continue }
            let twin = recorded[position]
            // A return as well: a camt.053 lists the bank's return without details (nothing names the payment it takes
            // back, so it waits as `reversal_unmatched`); its camt.054 names the payment. Dropped as a repeat, the detailed
            // return never reopened the invoice, which stayed paid although the money went back (bank probe round 7).
            if twin.payment.reference == nil, twin.payment.debtorIBAN == nil, twin.payment.isReversal == items[index].isReversal {
                completing[index] = twin.id
            }
        }
        guard !completing.isEmpty else { return [] }
        var kept = Set<Int>()
        for (index, id) in completing {
            let condition: SQLQueryString = items[index].isReversal
                ? "is_reversal = \(bind: true) AND flag = 'reversal_unmatched' AND reverses_payment_id IS NULL"
                : "flag IS NULL AND outcome = \(bind: BankPayment.Outcome.unidentified.rawValue)"
            let claimed = try await sql.raw("""
                UPDATE bank_payments SET assignment = \(bind: BankPayment.completedAssignment), assigned_at = \(bind: now)
                WHERE id = \(bind: id) AND assignment IS NULL AND \(condition)
                RETURNING id
                """).first()
            if claimed != nil { kept.insert(index) }
        }
        return kept
    }

    /// Decides every payment of the batch with three look-ups: invoices by reference, organizations by customer
    /// number, and organizations whose invoices a debtor account paid before.
    private func match(_ items: inout [Item], state: inout ImportState) async throws {
        let references = Set(items.compactMap { $0.reference?.electronic })
        var invoices: [String: PaymentMatching.Invoice] = [:]
        if !references.isEmpty {
            // Read column by column: a `Decodable` row type cost more than the rest of the look-up (see
            // `SQLiteRowReader`).
            let list = BulkRows.list(references, on: sql)
            // An invoice is paid from the prepaid balance (by its customer, or by the reminder run) under its
            // organization's lock. Without that lock here, a payment from the balance committed between this read and
            // the import's commit left the invoice paid twice: once from the balance, once by this bank payment, which
            // then credited nothing. So on PostgreSQL the organizations of the invoices referenced are locked first, in
            // id order, in one statement, and the invoices read under the locks (held until the import commits).
            // SQLite's write transactions exclude each other already.
            if sql.dialect.name == "postgresql" {
                try await sql.raw("""
                    SELECT id FROM organizations WHERE id IN (SELECT organization_id FROM invoices WHERE reference IN (\(list.query)))
                    ORDER BY id FOR UPDATE
                    """).run()
            }
            let rows = try await sql.raw("SELECT id, organization_id, currency, open_minor, reference FROM invoices WHERE reference IN (\(list.query))").all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                invoices[try row.decode(column: "reference", as: String.self)] = .init(
                    id: id, organizationID: try row.decode(column: "organization_id", as: UUID.self),
                    currency: Currency(code: try row.decode(column: "currency", as: String.self)) ?? .chf,
                    openMinor: try state.openAmounts[id] ?? row.decode(column: "open_minor", as: Int64.self))
            }
        }
        // A customer number decides only where no invoice has the reference (a top-up, an invoice unknown here):
        // a batch of invoice payments asks nothing more.
        let customerNumbers = Set(items.compactMap { item in
            item.reference.flatMap { invoices[$0.electronic] == nil ? BillingReferences.decode($0)?.customerNumber : nil }
        })
        var customers: [Int: UUID] = [:]
        for chunk in customerNumbers.map({ Int64($0) }).chunked(500) {
            struct Row: Decodable { let id: UUID; let customer_number: Int64 }
            for row in try await sql.select().columns("id", "customer_number").from("organizations").where("customer_number", .in, Array(chunk))
                .all(decoding: Row.self) { customers[Int(row.customer_number)] = row.id }
        }
        let debtors = Set(items.filter { $0.reference == nil && !$0.paysOnBehalf }.compactMap(\.debtorIBAN))
        // What earlier imports learnt about these accounts: an account that paid a customer's invoice, or paid a customer by
        // a reference of theirs (a top-up, another amount than the invoice's) — a standing order that later drops its
        // reference is still that customer's. Asked together with what this file has learnt so far
        // (`state.debtorOwners`), which is not copied: it grows with the file, and a copy per batch made big files
        // quadratic.
        var learntBefore = DebtorAccountOwners()
        for chunk in Array(debtors).chunked(500) {
            struct Row: Decodable { let debtor_iban: String; let organization_id: UUID }
            for row in try await sql.select().distinct().columns("debtor_iban", "organization_id").from("bank_payments")
                .where("debtor_iban", .in, Array(chunk))
                .where("outcome", .in, [BankPayment.Outcome.settled.rawValue, BankPayment.Outcome.prepaid.rawValue])
                .where("reference", .isNot, SQLLiteral.null)
                // Not an account that paid on someone else's behalf: it is a fiduciary's, not its customer's.
                .where("paid_on_behalf", .equal, false)
                .all(decoding: Row.self) { learntBefore.note(row.debtor_iban, paidFor: row.organization_id) }
        }
        for index in items.indices where items[index].outcome != .flagged && !items[index].isReversal {
            guard let amount = items[index].amount else { continue }
            let decoded = items[index].reference.flatMap(BillingReferences.decode)
            var invoice = items[index].reference.flatMap { invoices[$0.electronic] }
            if let known = invoice, let open = state.openAmounts[known.id] {
                invoice = .init(id: known.id, organizationID: known.organizationID, currency: known.currency, openMinor: open)
            }
            // A debtor account that paid an invoice earlier in this file is known, in this batch as in a later one.
            let debtorOrganization = items[index].paysOnBehalf ? nil
                : items[index].debtorIBAN.flatMap { state.debtorOwners.owner(of: $0, together: learntBefore) }
            switch PaymentMatching.decide(amount: amount, invoice: invoice, referencedOrganization: decoded.flatMap { customers[$0.customerNumber] },
                                          isTopUp: decoded?.kind == .topUp, knownDebtorOrganization: debtorOrganization) {
            case .settle(let invoiceID, let organizationID):
                items[index].outcome = .settled
                items[index].invoiceID = invoiceID
                items[index].organizationID = organizationID
                state.openAmounts[invoiceID] = 0
                if let debtor = items[index].debtorIBAN, !items[index].paysOnBehalf { state.debtorOwners.note(debtor, paidFor: organizationID) }
            case .prepaid(let organizationID, _):
                items[index].outcome = .prepaid
                items[index].organizationID = organizationID
                items[index].invoiceID = invoice?.id
                // Named by its reference, not by the account: the account is now known to pay this customer.
                if items[index].reference != nil, let debtor = items[index].debtorIBAN, !items[index].paysOnBehalf {
                    state.debtorOwners.note(debtor, paidFor: organizationID)
                }
            case .unidentified:
                items[index].outcome = .unidentified
            }
        }
    }

    /// Payments, then what they settled, then the prepaid credits, each as multi-row inserts.
    func write(_ items: [Item], summary: inout BankStatementImporter.Summary) async throws {
        guard !items.isEmpty else { return }
        // One statement per table for the whole batch, the rows as one JSON bind (BulkRows); import and time once.
        var payments = BulkRows([.uuid, .text, .text, .text, .int, .text, .bool, .text, .text, .text, .text, .text, .text, .text, .text, .text,
                                 .uuid, .uuid, .uuid, .text, .text, .int, .bool])
        for item in items {
            payments.append([
                .uuid(item.id), .text(item.key), .text(item.accountIBAN), .text(item.currencyCode), .int(item.amount?.minorUnits), .text(item.amountText),
                .bool(item.isReversal), .text(item.bookingDate), .text(item.valueDate), .text(item.recordedReference),
                .text(item.debtorName), .text(item.debtorIBAN), .text(item.message), .text(item.bankReference), .text(item.outcome.rawValue),
                .text(item.flag), .uuid(item.organizationID), .uuid(item.invoiceID), .uuid(item.reversesPaymentID),
                .text(item.entryReference), .text(item.transactionReference), .int(item.bookingAmountMinor), .bool(item.paysOnBehalf),
            ])
        }
        try await sql.raw("""
            INSERT INTO bank_payments (id, dedupe_key, account_iban, currency, amount_minor, amount_text, is_reversal, booking_date, value_date,
              reference, debtor_name, debtor_iban, message, bank_reference, outcome, flag, organization_id, invoice_id, reverses_payment_id,
              entry_reference, transaction_reference, booking_amount_minor, paid_on_behalf, import_id, created_at)
            SELECT \(unsafeRaw: payments.columns(on: sql)), \(bind: importID), \(bind: now) FROM \(payments.source(on: sql))
            """).run()
        // The payments recorded without their amount that these complete left the staff queue when they were claimed
        // (`claimingCompletions`), in this transaction, before anything was decided.
        // What the settled payments settle, read out of the items rather than copying the items (each a score of texts).
        var settled: [(invoice: UUID, amountMinor: Int64, payment: UUID)] = []
        for item in items where item.outcome == .settled && !item.isReversal { settled.append((item.invoiceID!, item.amount!.minorUnits, item.id)) }
        if !settled.isEmpty {
            var settlements = BulkRows([.uuid, .uuid, .int, .uuid])
            for row in settled { settlements.append([.uuid(TimeOrderedID.make()), .uuid(row.invoice), .int(row.amountMinor), .uuid(row.payment)]) }
            try await sql.raw("""
                INSERT INTO invoice_settlements (id, invoice_id, amount_minor, bank_payment_id, kind, created_at)
                SELECT \(unsafeRaw: settlements.columns(on: sql)), \(bind: InvoiceSettlement.Kind.bankPayment.rawValue), \(bind: now)
                FROM \(settlements.source(on: sql))
                """).run()
            let ids = BulkRows.list(settled.map { TimeOrderedID.text($0.invoice) }, on: sql, as: "uuid")
            try await sql.raw("UPDATE invoices SET open_minor = \(bind: Int64(0)), paid_at = \(bind: now) WHERE id IN (\(ids.query))").run()
            try await InvoiceSettling.afterBulkSettlement(paid: settled.map(\.invoice), now: now, on: db)
        }
        let credits: [(organizationID: UUID, amount: Money, bankPaymentID: UUID)] = items.compactMap { $0.outcome == .prepaid && !$0.isReversal ? ($0.organizationID!, $0.amount!, $0.id) : nil }
        if !credits.isEmpty {
            try await PrepaidBulkCredit(db: db, now: now).credit(credits)
        }
        for item in items {
            switch item.outcome {
            case .settled: summary.settled += 1
            case .prepaid: summary.prepaid += 1
            case .unidentified: summary.unidentified += 1
            case .flagged: summary.flagged += 1
            case .reversal: break
            }
            // Every return in the file is a reversal, compensated or not: one flagged for staff counts under both, so
            // "Reversals 0" never hides a return that waits in the returns to check.
            if item.isReversal { summary.reversals += 1 }
            if let amount = item.amount, !item.isReversal, item.outcome != .flagged {
                let (sum, overflow) = summary.received[amount.currency.code, default: 0].addingReportingOverflow(amount.minorUnits)
                summary.received[amount.currency.code] = overflow ? .max : sum
            }
        }
    }
}

extension String {
    /// At most `count` characters; the text itself when its bytes are fewer (no copy, and no walk through its
    /// characters, which the import did for every field of every payment).
    func limited(to count: Int) -> String { utf8.count <= count ? self : String(prefix(count)) }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension Set {
    func chunked(_ size: Int) -> [ArraySlice<Element>] { Array(self).chunked(size) }
}
