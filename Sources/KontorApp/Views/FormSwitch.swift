import KontorDomain

/// What HTML forms send for checkboxes and on/off buttons, read the same way by every controller.
enum FormSwitch {
    /// A ticked checkbox sends `on` (our hidden fields send `true`); an unticked one sends nothing at all.
    static func isTicked(_ raw: String?) -> Bool { raw == "on" || raw == "true" }

    /// A choice that must be made: `true`/`on` or `false`/`off`. Anything else, missing included, names the field,
    /// so a tampered or truncated form never switches something off by default.
    static func onOff(_ raw: String?, field: String) throws -> Bool {
        switch raw {
        case "true", "on": return true
        case "false", "off": return false
        default: throw ValidationFailure([FieldError(field: field, messageKey: raw == nil ? "error.required" : "error.on_off")])
        }
    }
}
