import Fluent
import Vapor

extension Application {
    /// The issuer with this application's billing configuration, mail texts, issuing queue and lock wait, on `db`.
    func invoiceIssuer(on db: any Database) -> InvoiceIssuer {
        InvoiceIssuer(db: db, config: kontor.config.billing, composer: mailComposer, queue: kontor.issuing,
                      lockWait: .seconds(kontor.config.lockWaitSeconds))
    }

    /// The issuer on the application's database.
    var invoiceIssuer: InvoiceIssuer { invoiceIssuer(on: db) }
}

extension Request {
    /// The application's issuer on this request's database handle.
    var invoiceIssuer: InvoiceIssuer { application.invoiceIssuer(on: db) }
}
