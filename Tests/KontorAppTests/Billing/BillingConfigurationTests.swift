import Foundation
@testable import KontorApp
import KontorDomain
import Testing

@Suite("Billing configuration: who is paid, checked at start")
struct BillingConfigurationTests {
    /// The least a production server needs for billing.
    static let productionCreditor = [
        "KONTOR_CREDITOR_STREET": "Rue du Lac", "KONTOR_CREDITOR_BUILDING_NUMBER": "12", "KONTOR_CREDITOR_POSTCODE": "1201",
        "KONTOR_CREDITOR_TOWN": "Genève", "KONTOR_CREDITOR_COUNTRY": "CH", "KONTOR_ACCOUNT_CHF": "CH44 3199 9123 0008 8901 2",
    ]
    static let key = ["KONTOR_SECRET_KEY": String(repeating: "0f", count: 32)]

    func load(_ environment: [String: String], production: Bool = true) throws -> AppConfig {
        try AppConfig.load(environment: Self.key.merging(environment) { $1 }, dotEnvPath: nil, isProduction: production)
    }

    func problem(_ environment: [String: String]) -> ConfigurationError? {
        do { _ = try load(environment); return nil } catch let error as ConfigurationError { return error } catch { return nil }
    }

    @Test("production names its creditor and accounts; the QR-IBAN is recognised")
    func production() throws {
        let config = try load(Self.productionCreditor.merging(["KONTOR_ACCOUNT_EUR": "CH5800791123000889012", "KONTOR_VAT_STANDARD": "7.7"]) { $1 })
        #expect(config.billing.creditor.town == "Genève" && config.billing.creditor.name == "Kontor")
        #expect(config.billing.accounts[.chf]?.isQRIBAN == true && config.billing.accounts[.eur]?.isQRIBAN == false)
        #expect(config.billing.vatRates.standard == VATRate(basisPoints: 770) && config.billing.vatRates.reduced == .swissReduced)
        #expect(config.billing.paymentTermDays == 30)
    }

    @Test("a bad or missing value stops Kontor with one line naming it")
    func refusals() {
        var wrongIBAN = Self.productionCreditor
        wrongIBAN["KONTOR_ACCOUNT_CHF"] = "CH4431999123000889013"
        #expect(problem(wrongIBAN)?.variable == "KONTOR_ACCOUNT_CHF")
        #expect(problem(wrongIBAN)?.description.contains("check digits") == true)
        var noAccount = Self.productionCreditor
        noAccount["KONTOR_ACCOUNT_CHF"] = nil
        #expect(problem(noAccount)?.variable == "KONTOR_ACCOUNT_CHF")
        var noTown = Self.productionCreditor
        noTown["KONTOR_CREDITOR_TOWN"] = nil
        #expect(problem(noTown)?.variable == "KONTOR_CREDITOR_TOWN")
        var badCountry = Self.productionCreditor
        badCountry["KONTOR_CREDITOR_COUNTRY"] = "Schweiz"
        #expect(problem(badCountry)?.variable == "KONTOR_CREDITOR_COUNTRY")
        #expect(problem(Self.productionCreditor.merging(["KONTOR_VAT_STANDARD": "8,1"]) { $1 })?.variable == "KONTOR_VAT_STANDARD")
        #expect(problem(Self.productionCreditor.merging(["KONTOR_PAYMENT_TERM_DAYS": "-3"]) { $1 })?.variable == "KONTOR_PAYMENT_TERM_DAYS")
    }

    @Test("statements may name the provider's accounts in other ways: a plain IBAN (checked) or the bank's own account number")
    func statementAccounts() throws {
        let config = try load(Self.productionCreditor.merging(["KONTOR_STATEMENT_ACCOUNTS": "CH93 0076 2011 6238 5295 7, 50000000054910000003"]) { $1 }).billing
        #expect(config.isOwnAccount("CH9300762011623852957") && config.isOwnAccount("ch93 0076 2011 6238 5295 7"))
        #expect(config.isOwnAccount("50000000054910000003") && config.isOwnAccount("CH4431999123000889012"), "the invoice account stays one")
        #expect(!config.isOwnAccount("DE89370400440532013000") && !config.isOwnAccount(nil))
        #expect(try load([:], production: false).billing.isOwnAccount("DE89370400440532013000"), "the development sample's accounts are nobody's")
        let typo = problem(Self.productionCreditor.merging(["KONTOR_STATEMENT_ACCOUNTS": "CH9300762011623852958"]) { $1 })
        #expect(typo?.variable == "KONTOR_STATEMENT_ACCOUNTS" && typo?.description.contains("CH9300762011623852958") == true)
        #expect(config.currency(ofAccount: "CH9300762011623852957") == nil, "listed without its currency: unknown")
        #expect(config.currency(ofAccount: "CH4431999123000889012") == .chf)
    }

    @Test("a statement account may be given with its currency, which a statement stating none is then checked against")
    func statementAccountCurrency() throws {
        let config = try load(Self.productionCreditor.merging(["KONTOR_STATEMENT_ACCOUNTS": "CH93 0076 2011 6238 5295 7 : chf, 50000000054910000003:EUR"]) { $1 }).billing
        #expect(config.isOwnAccount("CH9300762011623852957") && config.currency(ofAccount: "ch93 0076 2011 6238 5295 7") == .chf)
        #expect(config.isOwnAccount("50000000054910000003") && config.currency(ofAccount: "50000000054910000003") == .eur)
        let unknown = problem(Self.productionCreditor.merging(["KONTOR_STATEMENT_ACCOUNTS": "CH9300762011623852957:Franken"]) { $1 })
        #expect(unknown?.variable == "KONTOR_STATEMENT_ACCOUNTS" && unknown?.description.contains("Franken") == true)
    }

    @Test("the bank's calendar is Zurich's unless set, whatever zone the provider shows; a zone that does not exist is refused by name")
    func bankTimeZone() throws {
        let shown = try load(Self.productionCreditor.merging(["KONTOR_TIME_ZONE": "Europe/London"]) { $1 }).billing
        #expect(shown.timeZone.identifier == "Europe/London" && shown.bankTimeZone.identifier == "Europe/Zurich")
        let elsewhere = try load(Self.productionCreditor.merging(["KONTOR_BANK_TIME_ZONE": "Europe/Vienna"]) { $1 }).billing
        #expect(elsewhere.bankTimeZone.identifier == "Europe/Vienna")
        #expect(problem(Self.productionCreditor.merging(["KONTOR_BANK_TIME_ZONE": "Zurich"]) { $1 })?.variable == "KONTOR_BANK_TIME_ZONE")
    }

    @Test("development works out of the box with the guidelines' sample accounts")
    func development() throws {
        let config = try load([:], production: false)
        #expect(config.billing.accounts[.chf]?.electronic == "CH4431999123000889012")
        #expect(config.billing.accounts[.eur] != nil)
    }

    @Test("an instant's billing day is the provider's calendar day, across daylight-saving changes and far-off zones",
          arguments: ["Europe/Zurich", "UTC", "Pacific/Kiritimati", "America/St_Johns", "Australia/Lord_Howe"])
    func billingDay(zone: String) throws {
        var config = try load(Self.productionCreditor).billing
        config.timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = config.timeZone
        // Every 37 minutes for three years around two DST changes, plus instants right at midnight and far away.
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var instants = (0..<42_000).map { start.addingTimeInterval(Double($0) * 37 * 60) }
        instants += [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: -62_135_596_800),
                     Date(timeIntervalSince1970: 253_402_300_799), Date(timeIntervalSince1970: 4_102_444_800 - 0.001)]
        for instant in instants {
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            let expected = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            let day = config.day(of: instant)
            #expect(day == expected, "\(instant) in \(zone)")
            if day != expected { break }   // one report per zone, not 42,000
        }
    }
}
