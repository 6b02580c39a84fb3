/// An invoice ready to print: every text already formatted (dates, money, VAT rates) in the customer's language.
///
/// Formatting stays with the caller, who knows the locale, the currency exponent and the VAT rules; the
/// renderer only places text, so it needs no domain types and can be tested with literals.
public struct InvoiceDocument: Sendable, Equatable {
    /// A label and its value on one row, e.g. ("Invoice number", "2025-0042") or ("Total CHF", "1 949.70").
    public struct Row: Sendable, Equatable {
        public var label: String
        public var value: String

        /// A row; both texts are printed as given.
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// One invoice line; the texts are printed as given in right-aligned columns (except the description).
    public struct LineItem: Sendable, Equatable {
        public var description: String
        public var quantity: String
        public var unitPrice: String
        public var amount: String
        public var vatRate: String

        /// A line item; its description wraps over as many lines as it needs (up to `maximumDescriptionLines`).
        public init(description: String, quantity: String, unitPrice: String, amount: String, vatRate: String) {
            self.description = description
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.amount = amount
            self.vatRate = vatRate
        }
    }

    /// The headings of the line table, in the invoice's language.
    public struct ColumnTitles: Sendable, Equatable {
        public var description: String
        public var quantity: String
        public var unitPrice: String
        public var vatRate: String
        public var amount: String

        /// Column headings as printed above the lines and repeated on every continuation page.
        public init(description: String, quantity: String, unitPrice: String, vatRate: String, amount: String) {
            self.description = description
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.vatRate = vatRate
            self.amount = amount
        }

        /// English column headings.
        public static let english = ColumnTitles(
            description: "Description", quantity: "Qty", unitPrice: "Unit price", vatRate: "VAT", amount: "Amount")
    }

    /// The heading, e.g. "Invoice 2025-0042"; further lines are printed smaller below it.
    public var titleLines: [String]
    /// The provider's name, address and contact lines, printed in the top-left corner.
    public var creditorLines: [String]
    /// The customer's postal address, placed for a right-hand envelope window.
    public var recipientLines: [String]
    /// Invoice number, customer number, dates and the like, as label/value rows.
    public var metadata: [Row]
    /// The headings of the line table.
    public var columnTitles: ColumnTitles
    /// The invoice lines, split over as many pages as needed.
    public var lineItems: [LineItem]
    /// Net and VAT per rate and the total; the last row is printed in bold.
    public var totals: [Row]
    /// Remarks printed under the totals, e.g. "Reverse charge" or payment terms.
    public var notes: [String]
    /// The payment slip at the bottom of the last page (or on a page of its own); nil for none.
    public var slip: QRBillSlip?

    /// An invoice; only the title, addresses and lines are required.
    public init(
        titleLines: [String],
        creditorLines: [String],
        recipientLines: [String],
        metadata: [Row] = [],
        columnTitles: ColumnTitles = .english,
        lineItems: [LineItem],
        totals: [Row] = [],
        notes: [String] = [],
        slip: QRBillSlip? = nil
    ) {
        self.titleLines = titleLines
        self.creditorLines = creditorLines
        self.recipientLines = recipientLines
        self.metadata = metadata
        self.columnTitles = columnTitles
        self.lineItems = lineItems
        self.totals = totals
        self.notes = notes
        self.slip = slip
    }
}
