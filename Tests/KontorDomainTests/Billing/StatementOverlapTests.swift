import KontorDomain
import Testing

@Suite("One booking reported in a camt.053 and a camt.054: the same payment when nothing both name disagrees, each recorded payment standing for one")
struct StatementOverlapTests {
    static func payment(_ amount: Int64, reference: String? = nil, debtor: String? = nil, day: String? = "2026-12-01",
                        currency: String = "CHF", reversal: Bool = false) -> ReportedPayment {
        ReportedPayment(currency: currency, amountMinor: amount, isReversal: reversal, bookingDate: day, reference: reference, debtorIBAN: debtor)
    }

    @Test("the same amount, currency, day and direction, with no contradiction in reference or debtor account, is the same booking")
    func sameBooking() {
        let recorded = Self.payment(20_625, reference: "RF18", debtor: "CH93")
        #expect(StatementOverlap.mayBeSame(Self.payment(20_625), as: recorded), "a statement line without details")
        #expect(StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF18"), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF99"), as: recorded), "another reference")
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, debtor: "DE89"), as: recorded), "another payer")
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_626), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, day: "2026-12-02"), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, currency: "EUR"), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reversal: true), as: recorded))
    }

    @Test("each recorded payment stands for one: a third equal payment is new, and one with a reference takes its own twin first")
    func pairing() {
        let recorded: [(id: Int, payment: ReportedPayment)] = [
            (1, Self.payment(5_000, debtor: "CH93")), (2, Self.payment(5_000, reference: "RF18", debtor: "CH93")),
        ]
        var used: Set<Int> = []
        let repeated = StatementOverlap.repeated(
            [Self.payment(5_000), Self.payment(5_000, reference: "RF18"), Self.payment(5_000)], recorded: recorded, used: &used)
        #expect(repeated == [0, 1], "the line without details takes the payment the referenced one left; the third is new")
        #expect(used == [1, 2])
        let later = StatementOverlap.repeated([Self.payment(5_000)], recorded: recorded, used: &used)
        #expect(later.isEmpty, "a later batch of the same file cannot use them again")
    }
}
