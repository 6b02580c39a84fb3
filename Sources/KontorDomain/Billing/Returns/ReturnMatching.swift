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
        /// The day it was booked (`YYYY-MM-DD`; the value day when the file gives no booking day), if known.
        public var day: String?

        public init(transactionReference: String?, reference: String?, debtorIBAN: String?, day: String? = nil) {
            self.transactionReference = transactionReference
            self.reference = reference
            self.debtorIBAN = debtorIBAN
            self.day = day
        }

        /// Whether the return names anything a payment could be found by.
        public var namesAPayment: Bool { transactionReference != nil || reference != nil || debtorIBAN != nil }
    }

    /// The index in `candidates` (the latest first; each of the return's currency and amount, none reversed yet) of the
    /// payment `returned` takes back, or nil when none is named.
    ///
    /// Where both days are known, a payment booked after the return is never the one returned: it is the payer paying
    /// again. Found by the payment reference or the account alone, it must also be booked within
    /// `daysReturnMayFollowItsPayment` days before the return: the same reference and amount a month earlier is
    /// another payment (last month's standing order). The bank's own reference of the payment is exact, so it may
    /// name a payment of any age before the return (a recall months later).
    public static func pick(_ returned: Facts, among candidates: [Facts]) -> Int? {
        if returned.transactionReference != nil {
            let named = candidates.indices.filter { index in
                namesExactly(returned, candidates[index]) && booked(candidates[index], before: returned, within: nil)
            }
            if named.count == 1 { return named[0] }
        }
        if let reference = returned.reference {
            return candidates.firstIndex {
                $0.reference == reference && (returned.debtorIBAN == nil || $0.debtorIBAN == nil || $0.debtorIBAN == returned.debtorIBAN)
                    && booked($0, before: returned, within: daysReturnMayFollowItsPayment)
            }
        }
        if let account = returned.debtorIBAN {
            return candidates.firstIndex { $0.debtorIBAN == account && booked($0, before: returned, within: daysReturnMayFollowItsPayment) }
        }
        return nil
    }

    /// Whether the return repeats the bank's own reference of `candidate`, and names nothing that disagrees with it
    /// (its payment reference, its payer's account).
    public static func namesExactly(_ returned: Facts, _ candidate: Facts) -> Bool {
        guard let bankReference = returned.transactionReference else { return false }
        return candidate.transactionReference == bankReference
            && (returned.reference == nil || candidate.reference == returned.reference)
            && (returned.debtorIBAN == nil || candidate.debtorIBAN == returned.debtorIBAN)
    }

    /// Whether `payment` was booked on or before the return's day, and at most `days` before it; true when either day
    /// is unknown (nothing then says otherwise).
    private static func booked(_ payment: Facts, before returned: Facts, within days: Int?) -> Bool {
        guard let paid = payment.day.flatMap(CivilDay.number), let returnedOn = returned.day.flatMap(CivilDay.number) else { return true }
        return paid <= returnedOn && days.map { returnedOn - paid <= $0 } ?? true
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
