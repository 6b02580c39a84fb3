import KontorDomain
import Testing

@Suite("One booking reported in a camt.053 and a camt.054: the same payment when something both name agrees and nothing disagrees, each recorded payment standing for one")
struct StatementOverlapTests {
    static func payment(_ amount: Int64, reference: String? = nil, debtor: String? = nil, day: String? = "2026-12-01", valueDay: String? = nil,
                        currency: String = "CHF", reversal: Bool = false, entry: String? = nil, transaction: String? = nil,
                        booking: Int64? = nil) -> ReportedPayment {
        ReportedPayment(currency: currency, amountMinor: amount, isReversal: reversal, bookingDate: day, valueDate: valueDay, reference: reference,
                        debtorIBAN: debtor, entryReference: entry, transactionReference: transaction, bookingAmountMinor: booking)
    }

    @Test("booked a day apart with the same value day is one day (a cut-off, UTC read in Zurich); two days apart, or other value days, are not")
    func bookedADayApart() {
        let recorded = Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-07", valueDay: "2026-12-07")
        #expect(StatementOverlap.likeness(Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-08", valueDay: "2026-12-07"), to: recorded) == .same)
        #expect(StatementOverlap.likeness(Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-06", valueDay: "2026-12-07"), to: recorded) == .same)
        #expect(StatementOverlap.likeness(Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-09", valueDay: "2026-12-07"), to: recorded) == nil)
        #expect(StatementOverlap.likeness(Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-08", valueDay: "2026-12-08"), to: recorded) == nil)
        // Without a value day on one side, a day apart is perhaps the same payment, perhaps the payer paying again: kept for
        // staff (amount and day only), never dropped and never credited twice; two days apart is another payment.
        #expect(StatementOverlap.likeness(Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-08"), to: recorded) == .amountAndDayOnly)
        let withoutValueDay = Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-07")
        #expect(StatementOverlap.likeness(Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-08", valueDay: "2026-12-07"), to: withoutValueDay)
                == .amountAndDayOnly)
        #expect(StatementOverlap.likeness(Self.payment(5_837, reference: "RF18", debtor: "CH56", day: "2026-12-09"), to: withoutValueDay) == nil)
        #expect(StatementOverlap.likeness(Self.payment(5_837, reference: "RF99", debtor: "CH56", day: "2026-12-08"), to: withoutValueDay) == nil,
                "another reference is another payment")
    }

    @Test("the same amount, currency, day and direction, with something both name alike and nothing named differently, is the same booking")
    func sameBooking() {
        let recorded = Self.payment(20_625, reference: "RF18", debtor: "CH93", entry: "E-1", transaction: "T-1", booking: 20_625)
        #expect(StatementOverlap.mayBeSame(Self.payment(20_625, entry: "E-1"), as: recorded), "a statement line with only the booking's reference")
        #expect(StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF18"), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF99"), as: recorded), "another reference")
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, debtor: "DE89"), as: recorded), "another payer")
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF18", entry: "E-2"), as: recorded), "another booking")
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF18", transaction: "T-2"), as: recorded), "another payment of the bank's")
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF18", booking: 30_000), as: recorded),
                "a payment of a collective booking is not a lone booking of its amount")
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_626, reference: "RF18"), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF18", day: "2026-12-02"), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF18", currency: "EUR"), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(20_625, reference: "RF18", reversal: true), as: recorded))
    }

    @Test("a whole collective booking (a camt.053's plain entry or summary line) is the payments the other file listed for it: same booking reference, amount and day")
    func wholeBookingListedElsewhere() {
        let parts = [Self.payment(20_625, entry: "E-1", transaction: "T-1", booking: 31_327), Self.payment(10_702, entry: "E-1", transaction: "T-2", booking: 31_327)]
        let whole = Self.payment(31_327, entry: "E-1", booking: 31_327)
        #expect(StatementOverlap.wholeBookingsListedElsewhere([whole], recorded: parts) == [0])
        #expect(StatementOverlap.wholeBookingsListedElsewhere([Self.payment(31_327, entry: "E-1", transaction: "E-1-S", booking: 31_327)], recorded: parts) == [0],
                "a summary line with a reference of its own")
        #expect(StatementOverlap.wholeBookingsListedElsewhere([Self.payment(31_327, entry: "E-2", booking: 31_327)], recorded: parts).isEmpty, "another booking")
        #expect(StatementOverlap.wholeBookingsListedElsewhere([Self.payment(31_327, day: "2026-12-02", entry: "E-1", booking: 31_327)], recorded: parts).isEmpty)
        #expect(StatementOverlap.wholeBookingsListedElsewhere([Self.payment(20_625, entry: "E-1", booking: 31_327)], recorded: parts).isEmpty,
                "one part of the booking is not the whole: the pairing decides it")
        #expect(StatementOverlap.wholeBookingsListedElsewhere([whole], recorded: [Self.payment(31_327, entry: "E-1", booking: 31_327)]).isEmpty,
                "a lone payment recorded whole is the pairing's to compare")
        #expect(StatementOverlap.wholeBookingsListedElsewhere([whole], recorded: [parts[0]]).isEmpty,
                "parts that fall short of the booking: the whole line names money they do not, and stays")
    }

    @Test("a nameless whole line where one side gives no booking reference is perhaps the listed booking; differing references, a payer or a reference of its own, or parts that fall short say it is not")
    func wholeBookingPerhapsListedElsewhere() {
        let parts = [Self.payment(20_625, entry: "E-1", transaction: "T-1", booking: 31_327), Self.payment(10_702, entry: "E-1", transaction: "T-2", booking: 31_327)]
        let nameless = Self.payment(31_327, booking: 31_327)
        #expect(StatementOverlap.wholeBookingsPerhapsListedElsewhere([nameless], parts: parts) == [0])
        let partsWithoutEntry = [Self.payment(20_625, transaction: "T-1", booking: 31_327), Self.payment(10_702, transaction: "T-2", booking: 31_327)]
        #expect(StatementOverlap.wholeBookingsPerhapsListedElsewhere([Self.payment(31_327, entry: "E-9", booking: 31_327)], parts: partsWithoutEntry) == [0],
                "the parts give no booking reference")
        #expect(StatementOverlap.wholeBookingsPerhapsListedElsewhere([Self.payment(31_327, entry: "E-2", booking: 31_327)], parts: parts).isEmpty,
                "two booking references that differ are two bookings")
        #expect(StatementOverlap.wholeBookingsPerhapsListedElsewhere([Self.payment(31_327, reference: "RF18", booking: 31_327)], parts: parts).isEmpty)
        #expect(StatementOverlap.wholeBookingsPerhapsListedElsewhere([Self.payment(31_327, debtor: "CH93", booking: 31_327)], parts: parts).isEmpty)
        #expect(StatementOverlap.wholeBookingsPerhapsListedElsewhere([Self.payment(31_327, day: "2026-12-02", booking: 31_327)], parts: parts).isEmpty)
        #expect(StatementOverlap.wholeBookingsPerhapsListedElsewhere([nameless], parts: [parts[0]]).isEmpty, "parts that fall short")
    }

    @Test("what one side leaves out is no agreement: alike in amount and day only is doubtful, never the same")
    func absentIsNoAgreement() {
        let recorded = Self.payment(10_702, reference: "RF18", debtor: "CH93", entry: "COLL-1", transaction: "QR-1", booking: 12_107)
        #expect(StatementOverlap.likeness(Self.payment(10_702), to: Self.payment(10_702, reference: "RF18")) == .amountAndDayOnly)
        #expect(StatementOverlap.likeness(Self.payment(10_702, entry: "TR-1", booking: 10_702), to: recorded) == nil,
                "an unrelated transfer of the same amount and day")
    }

    @Test("without a booking day the value day counts; the booking's own reference makes it the same booking whatever the days")
    func days() {
        let recorded = Self.payment(10_702, reference: "RF18", day: "2026-12-04", valueDay: "2026-12-04")
        #expect(StatementOverlap.mayBeSame(Self.payment(10_702, reference: "RF18", day: nil, valueDay: "2026-12-04"), as: recorded))
        #expect(!StatementOverlap.mayBeSame(Self.payment(10_702, reference: "RF18", day: nil, valueDay: "2026-12-05"), as: recorded))
        #expect(StatementOverlap.mayBeSame(Self.payment(10_702, day: nil, valueDay: "2026-12-05", entry: "E-77"),
                                           as: Self.payment(10_702, day: "2026-12-04", entry: "E-77")))
        #expect(StatementOverlap.mayBeSame(Self.payment(10_702, day: "2026-12-09", entry: "E-77"), as: Self.payment(10_702, day: "2026-12-04", entry: "E-77")),
                "over a long weekend")
        #expect(!StatementOverlap.mayBeSame(Self.payment(10_702, day: "2026-12-11", entry: "E-77"), as: Self.payment(10_702, day: "2026-12-04", entry: "E-77")),
                "a week later the bank has given the reference again")
    }

    @Test("each recorded payment stands for one: a third equal payment is new, and one with a reference takes its own twin first")
    func pairing() {
        let recorded: [(id: Int, payment: ReportedPayment)] = [
            (1, Self.payment(5_000, debtor: "CH93")), (2, Self.payment(5_000, reference: "RF18", debtor: "CH93")),
        ]
        var used: Set<Int> = []
        let found = StatementOverlap.pairing(
            [Self.payment(5_000, debtor: "CH93"), Self.payment(5_000, reference: "RF18"), Self.payment(5_000, debtor: "CH93")], recorded: recorded, used: &used)
        #expect(found.repeated == [0, 1], "the line with the payer's account takes the payment the referenced one left; the third is new")
        #expect(found.doubtful.isEmpty)
        #expect(used == [1, 2])
        let later = StatementOverlap.pairing([Self.payment(5_000, debtor: "CH93")], recorded: recorded, used: &used)
        #expect(later.repeated.isEmpty, "a later batch of the same file cannot use them again")
    }
}

/// `StatementOverlap.pairing` looks recorded payments up by what each payment names instead of comparing every pair;
/// it must pair exactly as comparing every pair does (the rule, written here as plainly as it reads).
@Suite("Pairing by look-up gives the pairing of comparing every payment with every recorded one")
struct StatementOverlapPairingEquivalenceTests {
    /// Every pair compared: each payment, most specific first, takes the free recorded payment it is most like
    /// (likeness, then closeness, the first of equals); alike in amount and day only is doubtful.
    static func pairedByComparingAll(_ payments: [ReportedPayment], recorded: [ReportedPayment], used: inout Set<Int>) -> StatementOverlap.Pairing {
        func specificity(_ p: ReportedPayment) -> Int {
            (p.transactionReference != nil ? 8 : 0) + (p.entryReference != nil ? 4 : 0) + (p.reference != nil ? 2 : 0) + (p.debtorIBAN != nil ? 1 : 0)
        }
        var result = StatementOverlap.Pairing()
        let order = payments.indices.sorted { (specificity(payments[$0]), -$0) > (specificity(payments[$1]), -$1) }
        for index in order where payments[index].amountMinor != nil {
            var best: (position: Int, likeness: StatementOverlap.Likeness, closeness: Int)?
            for position in recorded.indices where !used.contains(position) {
                guard let likeness = StatementOverlap.likeness(payments[index], to: recorded[position]) else { continue }
                let closeness = StatementOverlap.closeness(payments[index], to: recorded[position])
                if best == nil || (likeness, closeness) > (best!.likeness, best!.closeness) { best = (position, likeness, closeness) }
            }
            guard let best else { continue }
            if best.likeness == .same {
                result.repeated.insert(index)
                result.twins[index] = best.position
                used.insert(best.position)
            } else {
                result.doubtful.insert(index)
            }
        }
        return result
    }

    /// A small deterministic generator (SplitMix64), so a failure is reproducible from its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Payments drawn from few values, so that amounts, days and every named fact collide often.
    static func randomPayment(_ random: inout Generator) -> ReportedPayment {
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        let amount: Int64 = pick([100, 100, 100, 200])
        return ReportedPayment(currency: pick(["CHF", "CHF", "EUR"]), amountMinor: pick([amount, amount, amount, nil]), isReversal: pick([false, false, true]),
                               bookingDate: pick(["2026-12-01", "2026-12-01", "2026-12-03", "2026-12-09", nil]),
                               valueDate: pick([nil, "2026-12-01", "2026-12-02"]), reference: pick([nil, nil, "R1", "R2", "R3"]),
                               debtorIBAN: pick([nil, nil, "I1", "I2"]), entryReference: pick([nil, "E1", "E1", "E2"]),
                               transactionReference: pick([nil, nil, "T1", "T2", "T3", "T4"]), bookingAmountMinor: pick([nil, amount, amount, 300]))
    }

    @Test("on 3,000 random files and recordings, with payments already used, both pair alike", arguments: [1, 2, 3])
    func sameAsComparingAll(seed: UInt64) {
        var random = Generator(state: seed)
        var repeated = 0, doubtful = 0
        defer { #expect(repeated > 1_000 && doubtful > 200, "the cases exercise both outcomes: \(repeated) repeated, \(doubtful) doubtful") }
        for _ in 0..<1_000 {
            let recorded = (0..<Int(random.next() % 30)).map { _ in Self.randomPayment(&random) }
            let payments = (0..<Int(random.next() % 30)).map { _ in Self.randomPayment(&random) }
            let alreadyUsed = Set(recorded.indices.filter { _ in random.next() % 5 == 0 })
            var usedByLookUp = alreadyUsed, usedByComparing = alreadyUsed
            let byLookUp = StatementOverlap.pairing(payments, recorded: recorded.enumerated().map { ($0.offset, $0.element) }, used: &usedByLookUp)
            let byComparing = Self.pairedByComparingAll(payments, recorded: recorded, used: &usedByComparing)
            #expect(byLookUp == byComparing, "seed \(seed): \(payments) against \(recorded)")
            #expect(usedByLookUp == usedByComparing)
            repeated += byComparing.repeated.count
            doubtful += byComparing.doubtful.count
            if byLookUp != byComparing { return }
        }
    }
}
