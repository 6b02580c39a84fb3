import Foundation
import KontorDomain

/// The provider's billing settings: who is paid (the creditor's structured address and an account per currency),
/// VAT rates, the payment term and the reminder ladder. Read with the rest of `AppConfig`; a bad value stops Kontor
/// with one line naming the variable, like every other setting.
public struct BillingConfiguration: Sendable, Equatable {
    /// Printed on every invoice and in the QR-bill's "Account / Payable to".
    public var creditor: PostalAddress
    /// IBAN or QR-IBAN per currency (CHF and EUR, the QR-bill's currencies). An invoice can be issued only in a
    /// currency that has one.
    public var accounts: [Currency: IBAN]
    /// Further identifications of the provider's own bank accounts that statements may name (`KONTOR_STATEMENT_ACCOUNTS`):
    /// the plain IBAN a bank writes in the statement of a QR-IBAN's account, or an `Acct/Id/Othr/Id`. A statement of
    /// any other account is refused whole, so a file of someone else's account cannot settle the provider's invoices.
    public var statementAccounts: Set<String> = []
    /// The currency of such an account where the operator gives it (`CH93…:CHF`): a statement that states no account
    /// currency (`Acct/Ccy`) is then checked against it, as one of a receiving account is.
    public var statementAccountCurrencies: [String: Currency] = [:]
    /// Whether the accounts are the provider's own (`KONTOR_ACCOUNT_…` set, always in production). The development
    /// sample's are the guidelines' examples, nobody's: statements of any account are imported then.
    public var accountsAreConfigured = false
    /// The provider's VAT number, printed on invoices (`CHE-123.456.789 MWST`).
    public var vatNumber: String?
    public var vatRates = VATRates()
    /// Days from issue to due date.
    public var paymentTermDays = 30
    /// Reminder steps in days after the due date (`KONTOR_REMINDER_DAYS`, default `10,24,38,45`).
    public var ladder = DunningLadder.standard
    /// The reminder-2 fee per currency, only when the provider's terms state one (`KONTOR_REMINDER_FEE_CHF`, `_EUR`).
    public var reminderFees: [Currency: Money] = [:]
    /// No reminder run while the imported statements reach back further than this, by the files' own dates
    /// (`StatementCoverage`; `KONTOR_STATEMENT_MAX_AGE_DAYS`).
    public var statementMaxAgeDays = 3
    /// The provider's calendar: invoices are issued and fall due on its days (`KONTOR_TIME_ZONE`).
    public var timeZone = TimeZone(identifier: "Europe/Zurich")!
    /// The bank's calendar, which a booking time given as an instant (`2026-12-07T23:40:00Z`) is read in, so the
    /// camt.054 gives a payment the day its camt.053 books it on (`KONTOR_BANK_TIME_ZONE`). Swiss banks keep Zurich
    /// time whatever zone the provider shows its staff.
    public var bankTimeZone = BankStatementReader.swissTime

    public struct VATRates: Sendable, Equatable {
        public var standard = VATRate.swissStandard
        public var reduced = VATRate.swissReduced
        public var accommodation = VATRate.swissAccommodation

        /// The rate an invoice line names, as the staff page's select and the staff API spell it: `standard`,
        /// `reduced`, `accommodation` or `none`; nil for anything else.
        public func rate(named name: String) -> VATRate? {
            switch name {
            case "standard": standard
            case "reduced": reduced
            case "accommodation": accommodation
            case "none": .zero
            default: nil
            }
        }
    }

    /// Development and tests: a made-up creditor with the Swiss guidelines' sample accounts, so invoices and
    /// QR-bills work out of the box. Production must name its own (see `load`).
    public static func sample(providerName: String) -> BillingConfiguration {
        BillingConfiguration(
            creditor: PostalAddress(name: providerName, street: "Rue du Lac", buildingNumber: "12", postcode: "1201", town: "Genève",
                                    country: "CH"),
            accounts: [.chf: IBAN("CH4431999123000889012")!, .eur: IBAN("CH5800791123000889012")!])
    }

    /// Reads `KONTOR_CREDITOR_*`, `KONTOR_ACCOUNT_CHF` / `_EUR`, `KONTOR_VAT_*` and `KONTOR_PAYMENT_TERM_DAYS`.
    /// In production the creditor address and at least one account are required; elsewhere the sample fills in
    /// whatever is not set.
    static func load(_ value: (String) -> String?, isProduction: Bool, providerName: String) throws -> BillingConfiguration {
        var config = BillingConfiguration.sample(providerName: providerName)
        let addressVariables = ["KONTOR_CREDITOR_STREET", "KONTOR_CREDITOR_BUILDING_NUMBER", "KONTOR_CREDITOR_POSTCODE",
                                "KONTOR_CREDITOR_TOWN", "KONTOR_CREDITOR_COUNTRY"]
        let accountVariables = ["KONTOR_ACCOUNT_CHF", "KONTOR_ACCOUNT_EUR"]
        if isProduction || addressVariables.contains(where: { value($0) != nil }) {
            switch PostalAddress.parse(name: value("KONTOR_CREDITOR_NAME") ?? providerName, street: value("KONTOR_CREDITOR_STREET"),
                                       buildingNumber: value("KONTOR_CREDITOR_BUILDING_NUMBER"), postcode: value("KONTOR_CREDITOR_POSTCODE"),
                                       town: value("KONTOR_CREDITOR_TOWN"), country: value("KONTOR_CREDITOR_COUNTRY")) {
            case .success(let address): config.creditor = address
            case .failure(let failure):
                let field = failure.errors.first?.field ?? "street"
                let variable = field == "name" ? "KONTOR_CREDITOR_NAME" : "KONTOR_CREDITOR_\(field.uppercased())"
                let key = failure.errors.first?.messageKey
                let problem = key == "error.billing.too_long" ? "is too long for the QR-bill"
                    : key == "error.billing.character" || key == "error.invalid_characters"
                        ? "holds \(failure.errors.first?.arguments["character"] ?? "a character"), which the QR-bill's character set does not have"
                    : key == "error.billing.country" ? "must be an ISO 3166-1 alpha-2 country code such as CH"
                    : "is required: the creditor's structured address is printed on every invoice and QR-bill"
                throw ConfigurationError(variable: variable, problem: problem)
            }
        }
        if isProduction || accountVariables.contains(where: { value($0) != nil }) {
            config.accounts = [:]
            for (variable, currency) in [("KONTOR_ACCOUNT_CHF", Currency.chf), ("KONTOR_ACCOUNT_EUR", .eur)] {
                guard let raw = value(variable) else { continue }
                guard let iban = IBAN(raw) else {
                    throw ConfigurationError(variable: variable, problem: "must be an IBAN with valid check digits, got '\(raw)'")
                }
                guard !iban.isQRIBAN || ["CH", "LI"].contains(iban.countryCode) else {
                    throw ConfigurationError(variable: variable, problem: "a QR-IBAN must be Swiss or Liechtenstein")
                }
                config.accounts[currency] = iban
            }
            config.accountsAreConfigured = true
            guard !config.accounts.isEmpty else {
                throw ConfigurationError(variable: "KONTOR_ACCOUNT_CHF",
                                         problem: "is required in production (or KONTOR_ACCOUNT_EUR): the account customers pay invoices to")
            }
        }
        config.vatNumber = value("KONTOR_VAT_NUMBER")
        for (variable, keyPath) in [("KONTOR_VAT_STANDARD", \VATRates.standard), ("KONTOR_VAT_REDUCED", \VATRates.reduced),
                                    ("KONTOR_VAT_ACCOMMODATION", \VATRates.accommodation)] {
            guard let raw = value(variable) else { continue }
            guard let rate = VATRate(percent: raw) else {
                throw ConfigurationError(variable: variable, problem: "must be a percentage from 0 to 100 with at most two decimals, such as 8.1, got '\(raw)'")
            }
            config.vatRates[keyPath: keyPath] = rate
        }
        if let raw = value("KONTOR_PAYMENT_TERM_DAYS") {
            guard let days = Int(raw), (0...365).contains(days) else {
                throw ConfigurationError(variable: "KONTOR_PAYMENT_TERM_DAYS", problem: "must be a whole number from 0 to 365, got '\(raw)'")
            }
            config.paymentTermDays = days
        }
        if let raw = value("KONTOR_REMINDER_DAYS") {
            let days = raw.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard days.count == 4, let ladder = DunningLadder(reminder1: days[0], reminder2: days[1], finalNotice: days[2], suspension: days[3]) else {
                throw ConfigurationError(variable: "KONTOR_REMINDER_DAYS",
                                         problem: "must be four increasing day counts after the due date (reminder 1, reminder 2, final notice, suspension), such as 10,24,38,45; got '\(raw)'")
            }
            config.ladder = ladder
        }
        for (variable, currency) in [("KONTOR_REMINDER_FEE_CHF", Currency.chf), ("KONTOR_REMINDER_FEE_EUR", .eur)] {
            guard let raw = value(variable) else { continue }
            guard case .success(let fee) = Money.parse(raw, currency: currency), fee.isPositive else {
                throw ConfigurationError(variable: variable, problem: "must be a positive amount such as 20.00, got '\(raw)'")
            }
            config.reminderFees[currency] = fee
        }
        if let raw = value("KONTOR_STATEMENT_MAX_AGE_DAYS") {
            guard let days = Int(raw), (1...60).contains(days) else {
                throw ConfigurationError(variable: "KONTOR_STATEMENT_MAX_AGE_DAYS", problem: "must be a whole number from 1 to 60, got '\(raw)'")
            }
            config.statementMaxAgeDays = days
        }
        if let raw = value("KONTOR_STATEMENT_ACCOUNTS") {
            for part in raw.split(separator: ",") {
                var text = part.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                // An optional currency after a colon: `CH9300762011623852957:CHF`.
                var currency: Currency?
                if let colon = text.lastIndex(of: ":") {
                    let code = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces).uppercased()
                    guard let named = Currency(code: code) else {
                        throw ConfigurationError(variable: "KONTOR_STATEMENT_ACCOUNTS",
                                                 problem: "an account's currency after ':' must be a currency code such as CHF or EUR; got '\(text)'")
                    }
                    currency = named
                    text = text[..<colon].trimmingCharacters(in: .whitespaces)
                }
                // An IBAN must have valid check digits (a typo would refuse every statement); any other text is a
                // bank's own account number as its statements write it.
                let account: String
                if let iban = IBAN(text) {
                    account = iban.electronic
                } else {
                    guard !text.isEmpty, !StatementAccount.looksLikeIBAN(text), text.count <= 34 else {
                        throw ConfigurationError(variable: "KONTOR_STATEMENT_ACCOUNTS",
                                                 problem: "must be IBANs with valid check digits or the bank's account numbers, each optionally with its currency (:CHF), separated by commas; got '\(text)'")
                    }
                    account = StatementAccount.compact(text)
                }
                config.statementAccounts.insert(account)
                if let currency { config.statementAccountCurrencies[account] = currency }
            }
        }
        if let raw = value("KONTOR_TIME_ZONE") {
            guard let zone = TimeZone(identifier: raw) else {
                throw ConfigurationError(variable: "KONTOR_TIME_ZONE", problem: "must be an IANA time zone such as Europe/Zurich, got '\(raw)'")
            }
            config.timeZone = zone
        }
        if let raw = value("KONTOR_BANK_TIME_ZONE") {
            guard let zone = TimeZone(identifier: raw) else {
                throw ConfigurationError(variable: "KONTOR_BANK_TIME_ZONE", problem: "must be an IANA time zone such as Europe/Zurich, got '\(raw)'")
            }
            config.bankTimeZone = zone
        }
        return config
    }

    /// Whether a statement of this account (`Acct/Id/IBAN` or `Acct/Id/Othr/Id`, as the file writes it) belongs to
    /// the provider: one of the accounts invoices are paid to, or one named in `KONTOR_STATEMENT_ACCOUNTS`. Any is,
    /// while the accounts are the development sample's.
    public func isOwnAccount(_ written: String?) -> Bool {
        guard accountsAreConfigured else { return true }
        guard let written else { return false }
        let compact = StatementAccount.compact(written)
        if statementAccounts.contains(compact) { return true }
        return accounts.values.contains { $0.electronic == compact }
    }

    /// The currency invoices are paid in to this account (as the file writes it), when it is exactly one of the
    /// configured receiving accounts (`KONTOR_ACCOUNT_CHF`, `KONTOR_ACCOUNT_EUR`) or one of `KONTOR_STATEMENT_ACCOUNTS`
    /// given with its currency; nil otherwise (the sample accounts, a statement account listed without a currency,
    /// one IBAN configured for two currencies).
    public func currency(ofAccount written: String?) -> Currency? {
        guard accountsAreConfigured, let written else { return nil }
        let compact = StatementAccount.compact(written)
        let currencies = accounts.filter { $0.value.electronic == compact }.map(\.key)
        if currencies.isEmpty, let stated = statementAccountCurrencies[compact] { return stated }
        return currencies.count == 1 ? currencies[0] : nil
    }

    /// The calendar day of an instant in the provider's time zone, as `YYYY-MM-DD`: the zone's offset at that instant,
    /// then day arithmetic (`CivilDay`). Every invoice asks it (its issue day); a `Calendar` and `String(format:)` per
    /// call were 2 % of the 100,000-product renewal run. Outside the years 1900…9999 it asks the calendar (which
    /// counts Julian days before 1582, where `CivilDay` is proleptic Gregorian).
    func day(of date: Date) -> String {
        let local = (date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))) / 86_400
        if local.isFinite, local >= -25_567, local < 2_932_897 { return CivilDay.text(Int(local.rounded(.down))) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Whole days from `start` to `end` (both `YYYY-MM-DD`); negative when `end` is earlier.
    func days(from start: String, to end: String) -> Int {
        if let from = CivilDay.number(start), let to = CivilDay.number(end), !start.hasPrefix("0000"), !end.hasPrefix("0000") { return to - from }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func date(_ day: String) -> Date? {
            let parts = day.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        }
        guard let from = date(start), let to = date(end) else { return 0 }
        return calendar.dateComponents([.day], from: from, to: to).day ?? 0
    }

    /// The day `days` after `day` (both `YYYY-MM-DD`).
    func day(_ day: String, plus days: Int) -> String {
        if let number = CivilDay.number(day), !day.hasPrefix("0000") {
            let result = number + days
            // Years 1…9999 by arithmetic; anything else goes the long way, as before.
            if result >= CivilDay.number(year: 1, month: 1, day: 1), result <= CivilDay.number(year: 9999, month: 12, day: 31) {
                return CivilDay.text(result)
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2] + days)) else {
            return day
        }
        let result = calendar.dateComponents([.year, .month, .day], from: start)
        return String(format: "%04d-%02d-%02d", result.year!, result.month!, result.day!)
    }
}

/// How a statement's account identification is compared: without spaces, upper-cased (banks write IBANs either way).
enum StatementAccount {
    static func compact(_ text: String) -> String { text.filter { !$0.isWhitespace }.uppercased() }

    /// Two letters and two digits, then letters and digits: meant as an IBAN (so its check digits must hold).
    static func looksLikeIBAN(_ text: String) -> Bool {
        let compact = Array(compact(text))
        guard compact.count >= 15, compact.count <= 34 else { return false }
        return compact[0].isLetter && compact[1].isLetter && compact[2].isNumber && compact[3].isNumber
            && compact.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
