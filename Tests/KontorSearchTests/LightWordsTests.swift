import Testing
@testable import KontorSearch

@Suite("English light words (much, another, over, without…) add to a guide's score but do not decide which guide matches more")
struct LightWordsTests {
    @Test("'too much spam in my inbox' finds the spam guide, not the one asking 'how much space'")
    func quantifierDoesNotDecide() {
        let index = SearchIndex(documents: [
            article("quota", .en, title: "How much space does my inbox use?", body: "See how much space the inbox uses and raise its limit."),
            article("spam", .en, title: "Spam filter", body: "Messages the filter marks as spam go to the Spam folder, not the inbox."),
        ])
        #expect(index.ids("too much spam in my inbox", language: .en).first == "spam")
        #expect(index.ids("how much space", language: .en).first == "quota")
    }

    @Test("a light word still orders guides that tie, and a question of light words only still finds them")
    func stillAWord() {
        let index = SearchIndex(documents: [
            article("mixed", .en, title: "The padlock", body: "The site opens without the padlock when a page loads http images."),
            article("ssl", .en, title: "The padlock", body: "The padlock shows the certificate is valid."),
        ])
        #expect(index.ids("site without padlock", language: .en).first == "mixed")
        #expect(index.ids("without", language: .en) == ["mixed"])
    }

    @Test("French and Spanish function words stay ordinary words: 'trop de redirections' and 'chez vous' name a guide's subject")
    func functionWordsEnglishOnly() {
        #expect(LightWords.contains("much", language: .en))
        #expect(LightWords.contains("one", language: .en), "a determiner like \"another\": \"one click install\"")
        #expect(!LightWords.contains("chez", language: .fr))
        #expect(!LightWords.contains("trop", language: .fr))
        #expect(!LightWords.contains("otro", language: .es))
    }

    @Test("Spanish 'decir', 'ir' and 'tener' are light: they match, but only the subject counts as a word the guide matches")
    func spanishEverydayVerbs() {
        let index = SearchIndex(documents: [
            article("web", .es, title: "La web", body: "La web no va y el navegador dice que tiene un error."),
        ])
        #expect(index.search("la web no va", language: .es).hits.first?.ranking.clearWords == 1)
        #expect(index.search("dice que la web tiene un error", language: .es).hits.first?.ranking.clearWords == 2)
        #expect(index.ids("dice", language: .es) == ["web"], "a question of light words only reads them as words")
        #expect(!LightWords.contains("sale", language: .es), "'salir' is also leaving an organization")
    }

    @Test("German 'sagen' and 'gehen' are light: 'die Webseite geht nicht mehr' is about the website, not a guide where something 'geht'")
    func germanEverydayVerbs() {
        let index = SearchIndex(documents: [
            article("renewal", .de, title: "Webseite nach Ablauf des Hostings", body: "Ist das Hosting abgelaufen, ist die Webseite offline."),
            article("move", .de, title: "Was beim Umzug geht und was nicht", body: "Die Webseite zieht mit um, die Webseite bleibt online."),
        ])
        #expect(index.ids("webseite geht nicht mehr", language: .de).first == "renewal")
        #expect(LightWords.contains("sagt", language: .de))
        #expect(!LightWords.contains("dice", language: .it), "Italian 'dire' and 'andare' cost a set")
    }
}
