/// Which recorded payment a returned payment takes back (payments.md: a reversal re-opens what it settled).
///
/// A return names the payment it undoes by what it repeats of it: the bank's reference of the payment (some banks
/// repeat it in the return's `Refs`), the payment reference, the payer's account. The bank's reference decides only
/// when it names one payment that also agrees with the reference and account the return names: banks that write a
/// batch's id into each of its payments give one bank reference to many payers, and the latest of them is not
/// necessarily the one returned. Otherwise the payment reference decides, then the account, the latest payment first
/// (a customer who paid one invoice twice gets the second payment back).
public enum ReturnMatching {
    /// What a return, or a payment it may take back, names.
    public struct Facts: Sendable, Equatable {
        public var transactionReference: String?
        public var reference: String?
        public var debtorIBAN: String?

        public init(transactionReference: String?, reference: String?, debtorIBAN: String?) {
            self.transactionReference = transactionReference
            self.reference = reference
            self.debtorIBAN = debtorIBAN
        }

        /// Whether the return names anything a payment could be found by.
        public var namesAPayment: Bool { transactionReference != nil || reference != nil || debtorIBAN != nil }
    }

    /// The index in `candidates` (the latest first; each of the return's currency and amount, none reversed yet) of the
    /// payment `returned` takes back, or nil when none is named.
    public static func pick(_ returned: Facts, among candidates: [Facts]) -> Int? {
        if let bankReference = returned.transactionReference {
            let named = candidates.indices.filter { index in
                let candidate = candidates[index]
                return candidate.transactionReference == bankReference
                    && (returned.reference == nil || candidate.reference == returned.reference)
                    && (returned.debtorIBAN == nil || candidate.debtorIBAN == returned.debtorIBAN)
            }
            if named.count == 1 { return named[0] }
        }
        if let reference = returned.reference {
            return candidates.firstIndex { $0.reference == reference && (returned.debtorIBAN == nil || $0.debtorIBAN == nil || $0.debtorIBAN == returned.debtorIBAN) }
        }
        if let account = returned.debtorIBAN {
            return candidates.firstIndex { $0.debtorIBAN == account }
        }
        return nil
    }

    /// Days a return may come after the payment it takes back, for a return recorded before its payment arrived: a
    /// Swiss or SEPA credit transfer comes back within days. A payment of the same reference and amount weeks later
    /// is the customer paying again (a standing order's next month, an invoice paid again after a reminder), not
    /// the payment that was returned.
    public static let daysReturnMayFollowItsPayment = 30

    /// Whether a payment booked on `paymentDay` may be the one a return booked on `returnDay` takes back: not after
    /// the return, and not longer before it than a return takes. Unknown days never match.
    public static func mayBeReturned(paymentDay: String?, returnDay: String?) -> Bool {
        guard let payment = paymentDay.flatMap(CivilDay.number), let returned = returnDay.flatMap(CivilDay.number) else { return false }
        return payment <= returned && returned - payment <= daysReturnMayFollowItsPayment
    }
}
