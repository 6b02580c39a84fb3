/// German nouns made from verbs with -ung, brought back to their verb before stemming.
///
/// Snowball's German stemmer strips -ung only where it falls in the word's R2 region, and never adds back the verb's
/// ending, so "Änderung" and "ändern", "Lösung" and "lösen", "Zahlung" and "zahlen" keep different stems. A guide says
/// "Ändern Sie die Adresse", a customer searches "Adressänderung". The rule is the regular one: the verb is the noun
/// without -ung (or -ungen) plus -n after -er/-el ("änder-n", "sammel-n") and -en otherwise ("zahl-en"). Nouns that
/// merely end in -ung without being made from a verb ("Sprung", "Zeitung") get a made-up verb, which only meets
/// itself, so the rule does not need a list of exceptions. Written here because no Debian package offers a German
/// lemmatizer usable from Swift (see `GermanQueryWords`).
enum GermanVerbalNouns {
    /// The verb a lowercased -ung noun is made from, or nil when the word is not one.
    static func verb(of lowered: String) -> String? {
        let base: Substring
        if lowered.hasSuffix("ungen") {
            base = lowered.dropLast(5)
        } else if lowered.hasSuffix("ung") {
            base = lowered.dropLast(3)
        } else {
            return nil
        }
        // "jung", "Dung": too short to be a verb's stem; a stem has a vowel.
        guard base.count >= 3, base.contains(where: { "aeiouäöüy".contains($0) }) else { return nil }
        return base.hasSuffix("er") || base.hasSuffix("el") ? base + "n" : base + "en"
    }
}
