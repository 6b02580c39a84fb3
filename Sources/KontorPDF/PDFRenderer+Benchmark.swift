extension PDFRenderer {
    /// Renders `document` `iterations` times on the calling thread and returns the mean wall-clock
    /// milliseconds per PDF.
    ///
    /// For a benchmark command and capacity planning (how many invoices a billing run renders per second
    /// on one core); the PDFs are thrown away. The first failure is rethrown.
    public static func millisecondsPerInvoice(_ document: InvoiceDocument, iterations: Int = 50) throws(PDFError)
        -> Double
    {
        let count = max(1, iterations)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<count { _ = try invoice(document) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds * 1000 / Double(count)
    }
}
