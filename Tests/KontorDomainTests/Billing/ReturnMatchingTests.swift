import KontorDomain
import Testing

@Suite("Returns: which payment a returned payment takes back")
struct ReturnMatchingTests {
    typealias Facts = ReturnMatching.Facts

    @Test("the bank's reference of the payment decides when it names one payment that agrees with the rest")
    func byBankReference() {
        let payments = [Facts(transactionReference: "T2", reference: "X", debtorIBAN: "I1"),
                        Facts(transactionReference: "T1", reference: "X", debtorIBAN: "I1")]
        #expect(ReturnMatching.pick(Facts(transactionReference: "T1", reference: "X", debtorIBAN: "I1"), among: payments) == 1)
        #expect(ReturnMatching.pick(Facts(transactionReference: "T1", reference: nil, debtorIBAN: nil), among: payments) == 1)
    }

    @Test("a bank reference a whole batch shares does not pick the latest payer: the payment reference does")
    func batchSharesOneBankReference() {
        let batch = [Facts(transactionReference: "B1", reference: "Y", debtorIBAN: "IY"),
                     Facts(transactionReference: "B1", reference: "X", debtorIBAN: "IX"),
                     Facts(transactionReference: "B1", reference: "Z", debtorIBAN: "IZ")]
        #expect(ReturnMatching.pick(Facts(transactionReference: "B1", reference: "X", debtorIBAN: nil), among: batch) == 1)
        #expect(ReturnMatching.pick(Facts(transactionReference: "B1", reference: nil, debtorIBAN: "IZ"), among: batch) == 2)
        #expect(ReturnMatching.pick(Facts(transactionReference: "B1", reference: nil, debtorIBAN: nil), among: batch) == nil,
                "three payers, nothing to tell them apart: none is taken back on a guess")
    }

    @Test("a return with its own bank reference is found by the payment reference, then by the payer's account, the latest first")
    func byReferenceThenAccount() {
        let payments = [Facts(transactionReference: "T9", reference: "X", debtorIBAN: "I2"),
                        Facts(transactionReference: "T8", reference: "X", debtorIBAN: "I1"),
                        Facts(transactionReference: "T7", reference: nil, debtorIBAN: "I3")]
        #expect(ReturnMatching.pick(Facts(transactionReference: "R1", reference: "X", debtorIBAN: nil), among: payments) == 0)
        #expect(ReturnMatching.pick(Facts(transactionReference: "R1", reference: "X", debtorIBAN: "I1"), among: payments) == 1,
                "the account the return names rules out another payer of the same reference")
        #expect(ReturnMatching.pick(Facts(transactionReference: nil, reference: nil, debtorIBAN: "I3"), among: payments) == 2)
        #expect(ReturnMatching.pick(Facts(transactionReference: nil, reference: "Q", debtorIBAN: nil), among: payments) == nil)
    }

    @Test("a return recorded first takes back only a payment booked on or up to 30 days before it")
    func returnComesAfterItsPayment() {
        #expect(ReturnMatching.mayBeReturned(paymentDay: "2026-12-01", returnDay: "2026-12-03"))
        #expect(ReturnMatching.mayBeReturned(paymentDay: "2026-12-03", returnDay: "2026-12-03"))
        #expect(ReturnMatching.mayBeReturned(paymentDay: "2026-11-03", returnDay: "2026-12-03"))
        #expect(!ReturnMatching.mayBeReturned(paymentDay: "2026-11-02", returnDay: "2026-12-03"), "a month before: another payment")
        #expect(!ReturnMatching.mayBeReturned(paymentDay: "2026-12-04", returnDay: "2026-12-03"), "after the return: the customer paying again")
        #expect(!ReturnMatching.mayBeReturned(paymentDay: nil, returnDay: "2026-12-03"))
    }

    @Test("a payment booked after the return is never the one returned; found by reference or account alone, it is one of the 30 days before; the bank's reference of it finds it at any age before")
    func daysOfPaymentAndReturn() {
        let returned = Facts(transactionReference: "R1", reference: "X", debtorIBAN: "I1", day: "2026-12-02")
        let later = Facts(transactionReference: "T6", reference: "X", debtorIBAN: "I1", day: "2026-12-06")
        let recent = Facts(transactionReference: "T1", reference: "X", debtorIBAN: "I1", day: "2026-11-20")
        let old = Facts(transactionReference: "T0", reference: "X", debtorIBAN: "I1", day: "2026-09-01")
        #expect(ReturnMatching.pick(returned, among: [later, recent, old]) == 1)
        #expect(ReturnMatching.pick(returned, among: [later, old]) == nil, "the next payment, or one of last quarter: neither")
        #expect(ReturnMatching.pick(Facts(transactionReference: nil, reference: nil, debtorIBAN: "I1", day: "2026-12-02"), among: [later, old]) == nil)
        #expect(ReturnMatching.pick(Facts(transactionReference: "T0", reference: nil, debtorIBAN: nil, day: "2026-12-02"), among: [later, old]) == 1,
                "a recall naming the payment's own bank reference")
        #expect(ReturnMatching.pick(Facts(transactionReference: "T6", reference: nil, debtorIBAN: nil, day: "2026-12-02"), among: [later, old]) == nil)
        #expect(ReturnMatching.pick(Facts(transactionReference: "R1", reference: "X", debtorIBAN: nil), among: [later]) == 0,
                "without the return's day nothing rules a payment out")
    }
}
