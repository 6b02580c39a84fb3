/// Recognises Spanish instructions, which is how a procedure's list is told apart from a list of facts.
enum InstructionDetector {
    /// Imperatives that help articles address the reader with (usted and tú forms), accent-folded.
    static let imperatives: Set<String> = [
        "haga", "haz", "seleccione", "selecciona", "siga", "sigue", "introduzca", "introduce", "ingrese", "ingresa",
        "elija", "elige", "indique", "indica", "realice", "realiza", "pulse", "pulsa", "abra", "abre", "escriba",
        "escribe", "vaya", "ve", "acceda", "accede", "espere", "espera", "copie", "copia", "pegue", "pega",
        "compruebe", "comprueba", "verifique", "verifica", "consulte", "consulta", "marque", "marca", "active",
        "activa", "desactive", "desactiva", "confirme", "confirma", "guarde", "guarda", "cree", "crea", "anada",
        "anade", "agregue", "agrega", "elimine", "elimina", "descargue", "descarga", "instale", "instala",
        "configure", "configura", "inicie", "inicia", "cierre", "cierra", "conectese", "conectate", "vuelva",
        "vuelve", "complete", "completa", "rellene", "rellena", "envie", "envia", "defina", "define", "asigne",
        "asigna", "cambie", "cambia", "modifique", "modifica", "edite", "edita", "busque", "busca", "arrastre",
        "arrastra", "desplacese", "despliegue", "despliega", "renueve", "renueva", "pague", "paga",
    ]

    /// Whether `text` tells the reader to do something: an imperative first, or right after an opening clause
    /// ("Al solicitar la autenticación adicional, haga clic…").
    static func isInstruction(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        if let first = words.first, isImperative(first) { return true }
        guard let comma = words.firstIndex(where: { $0.hasSuffix(",") }), comma + 1 < words.count else { return false }
        return isImperative(words[comma + 1])
    }

    /// Whether a list reads as a procedure: most of its entries are instructions.
    static func isProcedure(_ entries: [String]) -> Bool {
        !entries.isEmpty && entries.filter(isInstruction).count * 2 > entries.count
    }

    private static func isImperative(_ word: Substring) -> Bool {
        imperatives.contains(TextFolding.words(String(word)).first ?? "")
    }
}
