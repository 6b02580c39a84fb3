import Vapor

extension Request {
    /// A billing address as printed on an envelope from the provider: no country line for the provider's own country.
    func lines(of address: BillingAddress) -> [String] {
        address.address.lines(homeCountry: kontor.config.providerCountry)
    }
}
