import KontorDomain

extension ValidationFailure {
    /// The API's words for problems the services say as their forms do: a missing or malformed idempotency key is not
    /// a form that expired (a page renders a fresh key into each form; an API client sends its own).
    var inAPIWords: ValidationFailure {
        replacingMessages(["error.order.idempotency_key": "error.api.idempotency_key"])
    }

    /// The catalog's fields as the staff API names them: the rules name the staff page's fields (`periods`,
    /// `prices[0].amount`), the API's body has `periodMonths` and `prices[0].price.amountMinor`.
    var inCatalogAPIWords: ValidationFailure {
        ValidationFailure(errors.map { error in
            var field = error.field
            if field == "periods" { field = "periodMonths" }
            if field == "period" { field = "periodMonths" }
            if field == "currency" { field = "price.currency" }
            if field == "amount" { field = "price.amountMinor" }
            if field.hasPrefix("prices["), let dot = field.firstIndex(of: ".") {
                let inner = String(field[field.index(after: dot)...])
                let renamed = ["period": "periodMonths", "currency": "price.currency", "amount": "price.amountMinor"][inner] ?? inner
                field = String(field[...dot]) + renamed
            }
            return FieldError(field: field, messageKey: error.messageKey, arguments: error.arguments)
        })
    }
}
