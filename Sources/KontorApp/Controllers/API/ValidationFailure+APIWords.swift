import KontorDomain

extension ValidationFailure {
    /// The API's words for problems the services say as their forms do: a missing or malformed idempotency key is not
    /// a form that expired (a page renders a fresh key into each form; an API client sends its own).
    var inAPIWords: ValidationFailure {
        replacingMessages(["error.order.idempotency_key": "error.api.idempotency_key"])
    }
}
