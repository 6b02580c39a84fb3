import Testing
@testable import KontorSearch

@Suite("UTF-8 read as Latin-1 ('cafÃ©', 'Ã±', 'â€™') is one word wherever it stands")
struct MojibakeTests {
    @Test("a mojibake pair is the word 'mojibake', and splits a word it stands in")
    func theRule() {
        #expect(tokens("cafÃ©", .en) == ["caf", Tokenizer.mojibakeWord])
        #expect(tokens("sale Ã± en vez de eñe", .es) == ["sale", Tokenizer.mojibakeWord, "en", "vez", "de", "eñe"])
        #expect(tokens("â€™ instead", .en) == [Tokenizer.mojibakeWord, "instead"])
        // Accented letters as they should be, and a lone "Â" or "â", are letters.
        #expect(tokens("café crème", .fr) == ["café", "crème"])
        #expect(tokens("âge", .fr) == ["âge"])
    }

    @Test("'Ã±' typed alone finds the guide that shows it")
    func findsEncodingGuide() {
        let index = SearchIndex(documents: [
            article("encoding", .es, title: "Caracteres raros en la web", body: "La eñe aparece como Ã± si la base no está en UTF-8."),
            article("site", .es, title: "Crear una web", body: "Tu web está lista en unos minutos."),
        ])
        #expect(index.ids("Ã±", language: .es) == ["encoding"])
    }
}
