import Vapor

extension Application {
    /// The issuer with this application's billing configuration and mail texts.
    var invoiceIssuer: InvoiceIssuer {
        InvoiceIssuer(db: db, config: kontor.config.billing, composer: mailComposer, queue: kontor.issuing, lockWait: .seconds(kontor.config.lockWaitSeconds))
    }
}

extension Request {
    /// The application's issuer on this request's database handle: one place that knows what an issuer is built from
    /// (the lock wait included), instead of each controller listing it.
    var invoiceIssuer: InvoiceIssuer {
        InvoiceIssuer(db: db, config: kontor.config.billing, composer: mailComposer, queue: kontor.issuing,
                      lockWait: .seconds(kontor.config.lockWaitSeconds))
    }
}
