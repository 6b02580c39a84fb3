import Vapor

extension Application {
    /// The issuer with this application's billing configuration and mail texts.
    var invoiceIssuer: InvoiceIssuer {
        InvoiceIssuer(db: db, config: kontor.config.billing, composer: mailComposer, queue: kontor.issuing, lockWait: .seconds(kontor.config.lockWaitSeconds))
    }
}
