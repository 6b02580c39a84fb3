/// A title the help-center editors fixed for a guide, found by the opening words of the guide's lead sentence.
struct EditorialTitle: Equatable {
    /// The lead sentence's first words, compared without accents or case.
    let summaryOpening: String
    /// The title to use instead of the derived one.
    let title: String

    /// Whether `summary` starts with `summaryOpening`, word for word.
    func matches(_ summary: String) -> Bool {
        TextFolding.words(summary).starts(with: TextFolding.words(summaryOpening))
    }
}

/// Overrides for the seed page, where the lead's wording cannot yield the title (and slug) that the team's
/// labelled search queries already use. Each entry says why no general rule produces it.
enum EditorialTitles {
    static let seed: [EditorialTitle] = [
        // The lead names two actions with different verbs ("cambiar de una Organización a otra … o cómo
        // retirarte tú mismo de una Organización"); the agreed title condenses them with a pronoun.
        EditorialTitle(summaryOpening: "Esta guía explica cómo cambiar de una Organización a otra",
                       title: "Cambiar de organización o salir de ella"),
        // The lead says "gestionar la recepción de las Newsletters de Infomaniak"; the agreed title drops the
        // nominalisation "la recepción de", which no rule can tell from a meaningful noun.
        EditorialTitle(summaryOpening: "Esta guía explica cómo gestionar la recepción de las Newsletters",
                       title: "Gestionar las newsletters"),
        // The lead paraphrases the address ("la dirección de correo electrónico que se utiliza para recuperar el
        // acceso"); the agreed title is the console's name for it, "correo electrónico de recuperación".
        EditorialTitle(summaryOpening: "Esta guía explica cómo modificar la dirección de correo electrónico que se utiliza",
                       title: "Modificar el correo electrónico de recuperación"),
    ]
}
