import Foundation
import KontorDomain

/// A refused statement file in the reader's words: what is wrong (`statement.problem.…`), where (line, column, element
/// path), and that nothing was imported — the same sentence on the staff page, in the staff API and in the CLI.
enum StatementProblemText {
    static func text(_ problem: BankStatementImporter.Problem, _ language: Language, localizer: Localizer) -> String {
        let what = localizer.text(problem.messageKey, language, problem.arguments)
        var place: [String: String] = [:]
        if let line = problem.line { place["line"] = String(line); place["column"] = String(problem.column ?? 0) }
        if let path = problem.path { place["path"] = path }
        let placeKey = switch (problem.line, problem.path) {
        case (.some, .some): "statement.place.line_path"
        case (.some, nil): "statement.place.line"
        case (nil, .some): "statement.place.path"
        case (nil, nil): ""
        }
        guard !placeKey.isEmpty else { return localizer.text("staff.billing.malformed_unplaced", language, ["problem": what]) }
        return localizer.text("staff.billing.malformed", language, ["problem": what, "place": localizer.text(placeKey, language, place)])
    }

    /// A statement of an account that is not the provider's, naming the account the file gives.
    static func notOwnAccount(_ account: String?, _ language: Language, localizer: Localizer) -> String {
        guard let account else { return localizer.text("staff.billing.no_account", language, [:]) }
        let printed = IBAN(account)?.printed ?? account
        return localizer.text("staff.billing.not_own_account", language, ["account": printed])
    }

    /// The CLI's language: `LC_ALL`, `LC_MESSAGES` or `LANG` (`de_CH.UTF-8` → German), else English.
    static func consoleLanguage(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return Language(rawValue: String(value.prefix(2)).lowercased()) ?? .en
        }
        return .en
    }
}
