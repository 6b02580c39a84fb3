/// One payment as recorded from a bank file, reduced to what two reports of the same booking share.
public struct ReportedPayment: Sendable, Hashable {
    public let currency: String
    /// In minor units; nil when the amount could not be booked (such a payment is never taken for another).
    public let amountMinor: Int64?
    public let isReversal: Bool
    public let bookingDate: String?
    /// `ValDt`: the day a report without a booking day (`BookgDt` is optional) is compared by.
    public let valueDate: String?
    /// The payment reference (QRR or RF, electronic form), when the report carries one.
    public let reference: String?
    public let debtorIBAN: String?
    /// `Ntry/AcctSvcrRef`: the bank's reference of the booking the payment is part of.
    public let entryReference: String?
    /// `TxDtls/Refs/AcctSvcrRef`: the bank's reference of the payment itself.
    public let transactionReference: String?
    /// The whole booking's amount in minor units (`Ntry/Amt`): a payment's own for a lone payment, the batch's sum for
    /// one of a collective booking. Nil when unknown (recorded before Kontor kept it, or unreadable).
    public let bookingAmountMinor: Int64?

    public init(currency: String, amountMinor: Int64?, isReversal: Bool, bookingDate: String?, valueDate: String? = nil,
                reference: String?, debtorIBAN: String?, entryReference: String? = nil, transactionReference: String? = nil,
                bookingAmountMinor: Int64? = nil) {
        self.currency = currency
        self.amountMinor = amountMinor
        self.isReversal = isReversal
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.reference = reference
        self.debtorIBAN = debtorIBAN
        self.entryReference = entryReference
        self.transactionReference = transactionReference
        self.bookingAmountMinor = bookingAmountMinor
    }

    /// The day it is compared by: the booking day, else the value day.
    public var day: String? { bookingDate ?? valueDate }
}

/// When a payment in a camt.053 and one in a camt.054 are the same booking.
///
/// A bank reports a booking once in each kind of message, but not with the same keys: the notification gives each
/// payment the bank's transaction reference, while the statement may give only the booking's reference, list a
/// collective booking's payments without theirs, or show a payment with no details at all (and one file may name
/// the account by its QR-IBAN, the other by its IBAN). Keys alone then credit the payment twice (payments.md: "never
/// credit both"). So a payment from one kind of message is also compared with those recorded from the other kind.
///
/// Two reports are of one payment when they agree on currency, amount, direction, day and the booking they belong to
/// (a payment of a collective booking is never a lone booking of its own amount), nothing both name differs (the
/// bank's references of the booking and of the payment, the payment reference, the payer's account), and at least one
/// of those is named alike by both. What is absent on one side is no agreement: two payments alike only in amount and
/// day may be two payers' money, so such a payment is kept and shown to staff (`doubtful`), never dropped. Each
/// recorded payment stands for one payment of a file, so two equal payments of a day need two on the other side.
public enum StatementOverlap {
    /// How a payment relates to one recorded from the other kind of file.
    public enum Likeness: Int, Sendable, Comparable {
        /// Alike in amount, currency, direction and day, and nothing contradicts it, but nothing else is named by both.
        case amountAndDayOnly = 0
        /// Also named alike: the booking's or the payment's bank reference, the payment reference or the payer's account.
        case same = 1

        public static func < (lhs: Likeness, rhs: Likeness) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Whether `payment` may be `recorded` reported again: nil when they are two payments.
    public static func likeness(_ payment: ReportedPayment, to recorded: ReportedPayment) -> Likeness? {
        guard let amount = payment.amountMinor, amount == recorded.amountMinor, payment.currency == recorded.currency,
              payment.isReversal == recorded.isReversal else { return nil }
        let sameBooking = named(payment.entryReference, recorded.entryReference)
        // The bank's own references, at the same level, name one payment or two.
        guard sameBooking != false, named(payment.transactionReference, recorded.transactionReference) != false,
              named(payment.bookingAmountMinor, recorded.bookingAmountMinor) != false,
              named(payment.reference, recorded.reference) != false, named(payment.debtorIBAN, recorded.debtorIBAN) != false else { return nil }
        // The booking's own reference makes it the same booking whatever day each report gives (a camt.053 booking it on
        // the 7th, its camt.054 on the 8th), within `bookingReferenceDays`; else the days must agree.
        if sameBooking == true && daysApart(payment, recorded) <= bookingReferenceDays || sameDay(payment, recorded) {
            return closeness(payment, to: recorded) > 0 ? .same : .amountAndDayOnly
        }
        // Booked a day apart where one report gives no value day to say whether it is one day: perhaps one payment (a
        // cut-off, a booking time in UTC read as the next day in Zurich), perhaps the payer paying again. Never paired as
        // the same on that; kept and shown to staff, never credited twice on a guess either (bank probe round 9, F3).
        return neighbouringDays(payment, recorded) ? .amountAndDayOnly : nil
    }

    /// How many days apart two reports of one booking, named by its booking reference, may date it: the booking day of
    /// one and the value day of the other, over a long weekend. A booking reference seen again a week later is a bank
    /// that restarts its references (a weekly standing order of the same amount would otherwise be taken for the last).
    public static let bookingReferenceDays = 5

    /// How many days apart two reports of one payment that give the same value day may book it, without a booking
    /// reference to tie them (`sameDay`). Whoever looks recorded payments up by day widens the days by this much.
    public static let bookingDayLeeway = 1

    /// Whether `payment` may be `recorded` reported again, on more than amount and day.
    public static func mayBeSame(_ payment: ReportedPayment, as recorded: ReportedPayment) -> Bool {
        likeness(payment, to: recorded) == .same
    }

    /// How many facts both name alike: where several recorded payments may be the one, the closest is taken, so an
    /// equal payment with no details is left for the payment it really is.
    public static func closeness(_ payment: ReportedPayment, to recorded: ReportedPayment) -> Int {
        (named(payment.transactionReference, recorded.transactionReference) == true ? 8 : 0)
            + (named(payment.entryReference, recorded.entryReference) == true ? 4 : 0)
            + (named(payment.reference, recorded.reference) == true ? 2 : 0)
            + (named(payment.debtorIBAN, recorded.debtorIBAN) == true ? 1 : 0)
    }

    /// What `repeated` found: payments to drop as reported already, and payments alike in amount and day alone to a
    /// recorded one, to be kept and shown to staff.
    public struct Pairing: Sendable, Equatable {
        public var repeated: Set<Int> = []
        public var doubtful: Set<Int> = []
        /// For each repeated payment, the position in `recorded` of the payment it repeats.
        public var twins: [Int: Int] = [:]

        public init() {}
    }

    /// Pairs each payment with a recorded one it repeats, each recorded payment used once: the indices of
    /// `payments` that are already recorded (and those alike in amount and day only). `used` holds recorded payments
    /// paired earlier in the same file.
    ///
    /// Each payment takes the recorded payment it is most like (`likeness`, then `closeness`; the first recorded of
    /// equals). Comparing every payment with every recorded one of its amount was quadratic: a camt.053 of 12,000
    /// payments of one plan's price, compared after their camt.054, took 108 s while holding the import locks (bank
    /// probe round 6). So the recorded payments are looked up by what the payment names (`Candidates`), which gives
    /// the same pairing: a twin `.same` shares at least one named fact, and one alike in amount and day only names
    /// none of the payment's — or shares one but was booked a day apart with no value day to tell (`neighbouringDays`).
    public static func pairing<ID: Hashable>(_ payments: [ReportedPayment], recorded: [(id: ID, payment: ReportedPayment)],
                                             used: inout Set<ID>) -> Pairing {
        var candidates = Candidates(recorded.map(\.payment))
        var result = Pairing()
        // The most specific payments first, each taking its closest twin, so a payment with a reference takes its
        // own twin before one without details takes any.
        let order = payments.indices.sorted { (specificity(payments[$0]), -$0) > (specificity(payments[$1]), -$1) }
        for index in order where payments[index].amountMinor != nil {
            let payment = payments[index]
            let isFree = { (position: Int) in !used.contains(recorded[position].id) }
            if let twin = candidates.closestTwin(of: payment, isFree: isFree) {
                result.repeated.insert(index)
                result.twins[index] = twin
                used.insert(recorded[twin].id)
            } else if candidates.hasAlikeInAmountAndDay(payment, isFree: isFree) {
                result.doubtful.insert(index)
            } else if candidates.sharesAFactADayApart(payment, isFree: isFree) {
                result.doubtful.insert(index)
            }
        }
        return result
    }

    /// The recorded payments of a file comparison, looked up by bucket (currency, amount, direction) and by each fact a
    /// payment may name (the bank's payment and booking references, the payment reference, the payer's account).
    private struct Candidates {
        let recorded: [ReportedPayment]
        var byTransaction: [Fact: [Int]] = [:], byEntry: [Fact: [Int]] = [:], byReference: [Fact: [Int]] = [:], byIBAN: [Fact: [Int]] = [:]
        /// Per bucket, the positions by which of the four facts they name (`mask`).
        var byNamed: [Bucket: [Int: [Int]]] = [:]

        struct Fact: Hashable { let bucket: Bucket; let value: String }

        init(_ recorded: [ReportedPayment]) {
            self.recorded = recorded
            for (position, payment) in recorded.enumerated() {
                let bucket = StatementOverlap.bucket(payment)
                if let value = payment.transactionReference { byTransaction[Fact(bucket: bucket, value: value), default: []].append(position) }
                if let value = payment.entryReference { byEntry[Fact(bucket: bucket, value: value), default: []].append(position) }
                if let value = payment.reference { byReference[Fact(bucket: bucket, value: value), default: []].append(position) }
                if let value = payment.debtorIBAN { byIBAN[Fact(bucket: bucket, value: value), default: []].append(position) }
                byNamed[bucket, default: [:]][Self.mask(payment), default: []].append(position)
            }
        }

        /// Which of the four facts a payment names, as bits.
        static func mask(_ payment: ReportedPayment) -> Int {
            (payment.transactionReference != nil ? 8 : 0) + (payment.entryReference != nil ? 4 : 0)
                + (payment.reference != nil ? 2 : 0) + (payment.debtorIBAN != nil ? 1 : 0)
        }

        /// The free recorded payment `.same` as `payment` with the greatest closeness, the first of equals.
        mutating func closestTwin(of payment: ReportedPayment, isFree: (Int) -> Bool) -> Int? {
            let bucket = StatementOverlap.bucket(payment), recorded = recorded
            func positions(_ index: [Fact: [Int]], _ value: String?) -> [Int] {
                value.map { index[Fact(bucket: bucket, value: $0)] ?? [] } ?? []
            }
            var best: (position: Int, closeness: Int)?
            func consider(_ position: Int) {
                guard isFree(position), likeness(payment, to: recorded[position]) == .same else { return }
                let closeness = closeness(payment, to: recorded[position])
                if best == nil || closeness > best!.closeness || closeness == best!.closeness && position < best!.position {
                    best = (position, closeness)
                }
            }
            // Those sharing the payment's bank reference, payment reference or account: few.
            var shared = Set<Int>()
            for position in positions(byTransaction, payment.transactionReference) + positions(byReference, payment.reference)
                + positions(byIBAN, payment.debtorIBAN) where shared.insert(position).inserted {
                consider(position)
            }
            // Those sharing only the booking's reference (a collective booking's parts: perhaps thousands) have closeness 4
            // exactly, and one sharing more with it is never exactly 4: a twin above closer than 4 is the best; else the
            // first free one alike here is.
            if let best, best.closeness > 4 { return best.position }
            if let entry = payment.entryReference,
               let position = firstFree(in: Cursor(list: .entry, fact: Fact(bucket: bucket, value: entry)), isFree: isFree, where: { position in
                   !shared.contains(position) && likeness(payment, to: recorded[position]) == .same
               }) {
                return position
            }
            return best?.position
        }

        /// Where a scan of one list may start: every position before it is used (payments are only ever used, never
        /// freed), so a list of thousands is not walked again from its start for every payment.
        private struct Cursor: Hashable {
            enum List: Hashable { case entry, named(Int) }
            let list: List
            let fact: Fact
        }
        private var starts: [Cursor: Int] = [:]

        private mutating func firstFree(in cursor: Cursor, isFree: (Int) -> Bool, where matches: (Int) -> Bool) -> Int? {
            let list: [Int]
            switch cursor.list {
            case .entry: list = byEntry[cursor.fact] ?? []
            case .named(let mask): list = byNamed[cursor.fact.bucket]?[mask] ?? []
            }
            var start = starts[cursor] ?? 0
            while start < list.count, !isFree(list[start]) { start += 1 }
            starts[cursor] = start
            return list[start...].first { isFree($0) && matches($0) }
        }

        /// Whether a free recorded payment that shares the payment's bank reference, payment reference or account was
        /// booked a day apart with no value day to tell (`neighbouringDays`): alike in amount and day only, although it
        /// names a fact alike. (The booking's reference is left out: it makes them one booking over several days.)
        func sharesAFactADayApart(_ payment: ReportedPayment, isFree: (Int) -> Bool) -> Bool {
            guard payment.bookingDate != nil else { return false }
            let bucket = StatementOverlap.bucket(payment)
            func positions(_ index: [Fact: [Int]], _ value: String?) -> [Int] {
                value.map { index[Fact(bucket: bucket, value: $0)] ?? [] } ?? []
            }
            return (positions(byTransaction, payment.transactionReference) + positions(byReference, payment.reference) + positions(byIBAN, payment.debtorIBAN))
                .contains { isFree($0) && likeness(payment, to: recorded[$0]) == .amountAndDayOnly }
        }

        /// Whether a free recorded payment is alike in amount and day alone: it names none of the facts the payment
        /// names (one it names alike would make it `.same`, one it names otherwise makes it another payment).
        mutating func hasAlikeInAmountAndDay(_ payment: ReportedPayment, isFree: (Int) -> Bool) -> Bool {
            let named = Self.mask(payment), bucket = StatementOverlap.bucket(payment), recorded = recorded
            for mask in Array((byNamed[bucket] ?? [:]).keys) where mask & named == 0 {
                let cursor = Cursor(list: .named(mask), fact: Fact(bucket: bucket, value: ""))
                if firstFree(in: cursor, isFree: isFree, where: { likeness(payment, to: recorded[$0]) != nil }) != nil { return true }
            }
            return false
        }
    }

    /// The indices of `payments` that are already recorded (see `pairing`).
    public static func repeated<ID: Hashable>(_ payments: [ReportedPayment], recorded: [(id: ID, payment: ReportedPayment)],
                                              used: inout Set<ID>) -> Set<Int> {
        pairing(payments, recorded: recorded, used: &used).repeated
    }

    /// The payments that are a whole collective booking the other kind of file recorded as its several payments: a
    /// collective credit a camt.053 shows as one plain entry (no `Btch`, no details, or one detail of the whole amount),
    /// whose payments a camt.054 listed. Same booking reference, currency, booking amount and day (the booking day, else
    /// the value day), and the other side's payments are parts of it (each less than the booking) that add up to it:
    /// parts that fall short leave money only the whole line names, so that line stays. Booked as one sum beside its
    /// parts, it would wait for staff as nobody's money beside the payments that already settled invoices.
    public static func wholeBookingsListedElsewhere(_ payments: [ReportedPayment], recorded: [ReportedPayment]) -> Set<Int> {
        struct Booking: Hashable {
            let entry: String, currency: String, amount: Int64, isReversal: Bool, day: String?
        }
        var listed: [Booking: Int64] = [:]   // what the parts of each booking come to
        for part in recorded {
            guard let entry = part.entryReference, let amount = part.amountMinor, let booking = part.bookingAmountMinor, amount != booking else { continue }
            listed[Booking(entry: entry, currency: part.currency, amount: booking, isReversal: part.isReversal, day: part.day), default: 0] += amount
        }
        guard !listed.isEmpty else { return [] }
        var found = Set<Int>()
        for (index, payment) in payments.enumerated() {
            // Whatever reference a summary line gives itself: a payment of a booking's whole amount and parts of the same
            // booking cannot both be payments.
            guard let entry = payment.entryReference, let amount = payment.amountMinor, payment.bookingAmountMinor == amount else { continue }
            if listed[Booking(entry: entry, currency: payment.currency, amount: amount, isReversal: payment.isReversal, day: payment.day)] == amount {
                found.insert(index)
            }
        }
        return found
    }

    /// Lines of a booking's whole amount that name nothing of their own (no payment reference, no payer's account) and
    /// may be a collective booking the other kind of file listed payment by payment, where one side gives no booking
    /// reference to tell (`wholeBookingsListedElsewhere` needs both). Same currency, direction, day and amount as a
    /// booking whose listed parts add up to it: perhaps that booking, perhaps another payer's single transfer of that
    /// sum. So such a line is shown to staff with that warning, never dropped and never credited on the guess; without
    /// it, staff saw a nameless sum waiting and credited money the parts had already paid in. Indices of `wholes`.
    public static func wholeBookingsPerhapsListedElsewhere(_ wholes: [ReportedPayment], parts: [ReportedPayment]) -> Set<Int> {
        struct Booking: Hashable {
            let entry: String?, currency: String, amount: Int64, isReversal: Bool, day: String?
        }
        var listed: [Booking: Int64] = [:]
        for part in parts {
            guard let amount = part.amountMinor, let booking = part.bookingAmountMinor, amount != booking else { continue }
            listed[Booking(entry: part.entryReference, currency: part.currency, amount: booking, isReversal: part.isReversal, day: part.day),
                   default: 0] += amount
        }
        // (entry, currency, amount, direction, day) of every booking whose parts add up to it.
        let complete = listed.filter { $0.key.amount == $0.value }.keys
        guard !complete.isEmpty else { return [] }
        var found = Set<Int>()
        for (index, whole) in wholes.enumerated() {
            guard let amount = whole.amountMinor, whole.bookingAmountMinor == amount, whole.reference == nil, whole.debtorIBAN == nil else { continue }
            // Two booking references that differ are two bookings; only a missing one leaves the question open.
            if complete.contains(where: { $0.currency == whole.currency && $0.amount == amount && $0.isReversal == whole.isReversal
                && $0.day != nil && $0.day == whole.day && ($0.entry == nil || whole.entryReference == nil) }) {
                found.insert(index)
            }
        }
        return found
    }

    /// What two reports of one booking must share exactly.
    private struct Bucket: Hashable {
        let currency: String, amount: Int64?, isReversal: Bool
    }

    private static func bucket(_ payment: ReportedPayment) -> Bucket {
        Bucket(currency: payment.currency, amount: payment.amountMinor, isReversal: payment.isReversal)
    }

    /// Both booking days when both give one, else both value days, else whichever day each gives. Two reports that
    /// give the same value day are of one day even when their booking days are a day apart (`bookingDayLeeway`): the two
    /// kinds of file may book one payment on neighbouring days (a cut-off, a booking time in UTC read as the next day
    /// in Zurich), and a payment naming no bank reference was then credited twice (bank probe round 8).
    private static func sameDay(_ one: ReportedPayment, _ other: ReportedPayment) -> Bool {
        if let day = one.bookingDate, let otherDay = other.bookingDate {
            if day == otherDay { return true }
            guard let value = one.valueDate, value == other.valueDate else { return false }
            return daysApart(one, other) <= bookingDayLeeway
        }
        if let day = one.valueDate, let otherDay = other.valueDate { return day == otherDay }
        return one.day != nil && one.day == other.day
    }

    /// Both booked, on days at most `bookingDayLeeway` apart, and the value days do not settle it (one report or both
    /// give none; two value days given decide in `sameDay`).
    private static func neighbouringDays(_ one: ReportedPayment, _ other: ReportedPayment) -> Bool {
        guard let day = one.bookingDate.flatMap(CivilDay.number), let otherDay = other.bookingDate.flatMap(CivilDay.number),
              one.valueDate == nil || other.valueDate == nil else { return false }
        return abs(day - otherDay) <= bookingDayLeeway
    }

    /// Days between the days the two are compared by (the booking day, else the value day); 0 when one gives none.
    private static func daysApart(_ one: ReportedPayment, _ other: ReportedPayment) -> Int {
        guard let day = one.day.flatMap(CivilDay.number), let otherDay = other.day.flatMap(CivilDay.number) else { return 0 }
        return abs(day - otherDay)
    }

    private static func specificity(_ payment: ReportedPayment) -> Int {
        (payment.transactionReference != nil ? 8 : 0) + (payment.entryReference != nil ? 4 : 0)
            + (payment.reference != nil ? 2 : 0) + (payment.debtorIBAN != nil ? 1 : 0)
    }

    /// True when both name it alike, false when both name it differently, nil when one of them does not name it.
    private static func named<Value: Equatable>(_ one: Value?, _ other: Value?) -> Bool? {
        guard let one, let other else { return nil }
        return one == other
    }
}
