/// One payment as recorded from a bank file, reduced to what two reports of the same booking share.
public struct ReportedPayment: Sendable, Hashable {
    public let currency: String
    /// In minor units; nil when the amount could not be booked (such a payment is never taken for another).
    public let amountMinor: Int64?
    public let isReversal: Bool
    public let bookingDate: String?
    /// The payment reference (QRR or RF, electronic form), when the report carries one.
    public let reference: String?
    public let debtorIBAN: String?

    public init(currency: String, amountMinor: Int64?, isReversal: Bool, bookingDate: String?, reference: String?, debtorIBAN: String?) {
        self.currency = currency
        self.amountMinor = amountMinor
        self.isReversal = isReversal
        self.bookingDate = bookingDate
        self.reference = reference
        self.debtorIBAN = debtorIBAN
    }
}

/// When a payment in a camt.053 and one in a camt.054 are the same booking.
///
/// A bank reports a booking once in each kind of message, but not with the same keys: the notification gives each
/// payment the bank's transaction reference, while the statement may give only the booking's reference, list a
/// collective booking's payments without theirs, or show a payment with no details at all (and one file may name
/// the account by its QR-IBAN, the other by its IBAN). Keys alone then credit the payment twice (payments.md: "never
/// credit both"). So a payment from one kind of message is also compared with those recorded from the other kind:
/// the same currency, amount, direction and booking day, and no contradiction in what both name (reference, debtor
/// account) make it the same booking. Each recorded payment stands for one payment of a file, so two equal payments
/// of a day need two on the other side: a third is new money.
public enum StatementOverlap {
    /// Whether `payment` may be `recorded` reported again.
    public static func mayBeSame(_ payment: ReportedPayment, as recorded: ReportedPayment) -> Bool {
        guard let amount = payment.amountMinor, amount == recorded.amountMinor, payment.currency == recorded.currency,
              payment.isReversal == recorded.isReversal, payment.bookingDate == recorded.bookingDate else { return false }
        return agree(payment.reference, recorded.reference) && agree(payment.debtorIBAN, recorded.debtorIBAN)
    }

    /// How many facts both name alike: where several recorded payments may be the one, the closest is taken, so an
    /// equal payment with no details is left for the payment it really is.
    public static func closeness(_ payment: ReportedPayment, to recorded: ReportedPayment) -> Int {
        (payment.reference != nil && payment.reference == recorded.reference ? 2 : 0)
            + (payment.debtorIBAN != nil && payment.debtorIBAN == recorded.debtorIBAN ? 1 : 0)
    }

    /// Pairs each payment with a recorded one it repeats, each recorded payment used once: the indices of
    /// `payments` that are already recorded. `used` holds recorded payments paired earlier in the same file.
    public static func repeated<ID: Hashable>(_ payments: [ReportedPayment], recorded: [(id: ID, payment: ReportedPayment)],
                                              used: inout Set<ID>) -> Set<Int> {
        let candidates = Dictionary(grouping: recorded, by: { bucket($0.payment) })
        var repeated: Set<Int> = []
        // The most specific payments first, each taking its closest twin, so a payment with a reference takes its
        // own twin before one without details takes any.
        let order = payments.indices.sorted { (specificity(payments[$0]), -$0) > (specificity(payments[$1]), -$1) }
        for index in order where payments[index].amountMinor != nil {
            let payment = payments[index]
            var best: (id: ID, closeness: Int)?
            for candidate in candidates[bucket(payment)] ?? [] where !used.contains(candidate.id) && mayBeSame(payment, as: candidate.payment) {
                let closeness = closeness(payment, to: candidate.payment)
                if best == nil || closeness > best!.closeness { best = (candidate.id, closeness) }
            }
            if let best {
                repeated.insert(index)
                used.insert(best.id)
            }
        }
        return repeated
    }

    /// What two reports of one booking must share exactly.
    private struct Bucket: Hashable {
        let currency: String, amount: Int64?, isReversal: Bool, day: String?
    }

    private static func bucket(_ payment: ReportedPayment) -> Bucket {
        Bucket(currency: payment.currency, amount: payment.amountMinor, isReversal: payment.isReversal, day: payment.bookingDate)
    }

    private static func specificity(_ payment: ReportedPayment) -> Int {
        (payment.reference != nil ? 2 : 0) + (payment.debtorIBAN != nil ? 1 : 0)
    }

    private static func agree(_ one: String?, _ other: String?) -> Bool {
        guard let one, let other else { return true }
        return one == other
    }
}
