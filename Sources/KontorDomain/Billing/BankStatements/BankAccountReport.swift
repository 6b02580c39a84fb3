/// One statement (`Stmt`) or notification (`Ntfctn`) of a bank file: the entries of one account.
public struct BankAccountReport: Sendable, Hashable {
    /// 1-based position among the file's statements or notifications.
    public let position: Int
    /// `Stmt/Id` or `Ntfctn/Id`.
    public let id: String?
    /// `Acct/Id/IBAN` as written, else `Acct/Id/Othr/Id` (an account the bank identifies without an IBAN); `iban` is nil then.
    public let accountIBAN: String?
    /// `Acct/Ccy`, when the bank states the account's currency.
    public let accountCurrency: String?
    /// How many entries (`Ntry`) it had.
    public let entryCount: Int
    /// `ElctrncSeqNb` (else `LglSeqNb`, for a bank that writes only that): the bank numbers an account's statements one
    /// after the other, so a number skipped is a statement that never arrived (`StatementSequence`). Nil when absent or
    /// not a number.
    public let electronicSequence: Int64?
    /// `Stmt/CreDtTm` as written: when the bank made this statement — for a statement downloaded again, the download.
    public let createdAt: String?
    /// `FrToDt/ToDtTm` as written: the end of the period the statement reports, which a copy keeps.
    public let periodEnd: String?
    /// `StmtPgntn` (`NtfctnPgntn`): which page of a statement the bank split over several messages this is; nil when
    /// not stated (the importer then reads the message's own pagination).
    public let page: StatementPage?

    public init(position: Int, id: String?, accountIBAN: String?, accountCurrency: String?, entryCount: Int,
                electronicSequence: Int64? = nil, createdAt: String? = nil, periodEnd: String? = nil, page: StatementPage? = nil) {
        self.position = position
        self.id = id
        self.accountIBAN = accountIBAN
        self.accountCurrency = accountCurrency
        self.entryCount = entryCount
        self.electronicSequence = electronicSequence
        self.createdAt = createdAt
        self.periodEnd = periodEnd
        self.page = page
    }

    /// The day this statement reports up to, `YYYY-MM-DD`: the end of its period, else its creation day; nil when it
    /// states neither as a day.
    public var reportedDay: String? {
        [periodEnd, createdAt].compactMap { $0.map { String($0.prefix(10)) } }.first { CivilDay.number($0) != nil }
    }

    /// The account as a checked IBAN; nil when absent or not a valid IBAN.
    public var iban: IBAN? { accountIBAN.flatMap(IBAN.init) }
}

/// What a whole bank file held, returned once every entry has been handed over.
public struct BankStatementSummary: Sendable, Hashable {
    /// The group header, as handed to the header callback.
    public let header: BankStatementHeader
    /// Each statement or notification, in file order.
    public let reports: [BankAccountReport]
    /// Entries handed to the entry callback.
    public let entryCount: Int
    /// Transaction details within those entries.
    public let transactionCount: Int

    public init(header: BankStatementHeader, reports: [BankAccountReport], entryCount: Int, transactionCount: Int) {
        self.header = header
        self.reports = reports
        self.entryCount = entryCount
        self.transactionCount = transactionCount
    }
}
