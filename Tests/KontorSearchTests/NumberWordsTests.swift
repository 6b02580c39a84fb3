import Testing
@testable import KontorSearch

@Suite("Numbers from two to twelve written as words meet the same numbers typed as digits")
struct NumberWordsTests {
    @Test("'codigo de 6 cifras', '6 digit code', '6-stelligen Code' find the guide that spells the six out, not the eight-digit one")
    func digitsMeetWords() {
        let spanish = SearchIndex(documents: [
            article("2fa", .es, title: "Código del SMS", body: "Introduzca el código de seis cifras que le llega por SMS."),
            article("support", .es, title: "Código de soporte", body: "Su código de soporte tiene 8 cifras y está en su perfil."),
        ])
        #expect(spanish.ids("codigo de 6 cifras", language: .es).first == "2fa")
        #expect(spanish.ids("codigo de ocho cifras", language: .es).first == "support")
        let english = SearchIndex(documents: [
            article("2fa", .en, title: "The code from the SMS", body: "Type the six-digit code texted to your phone."),
            article("support", .en, title: "Support code", body: "Your support code is an 8-digit code on your profile."),
        ])
        #expect(english.ids("6 digit code", language: .en).first == "2fa")
        #expect(english.ids("eight digit code", language: .en).first == "support")
        let german = SearchIndex(documents: [
            article("2fa", .de, title: "Code aus der SMS", body: "Geben Sie den sechsstelligen Code aus der SMS ein."),
            article("support", .de, title: "Support-Code", body: "Ihr Support-Code ist ein 8-stelliger Code in Ihrem Profil."),
        ])
        #expect(german.ids("6-stelligen code", language: .de).first == "2fa")
        #expect(german.ids("sechsstelliger code", language: .de).first == "2fa")
    }

    @Test("homographs and words that only begin with a number stay words: French 'neuf' (new), Italian 'sei' (you are), 'Achtung'")
    func homographsStay() {
        #expect(AnalysisSession(language: .fr).forms(of: "neuf")?.word == "neuf")
        #expect(AnalysisSession(language: .fr).forms(of: "six")?.word == "6")
        #expect(AnalysisSession(language: .it).forms(of: "sei") == nil)
        #expect(AnalysisSession(language: .it).forms(of: "sette")?.word == "7")
        let german = AnalysisSession(language: .de)
        #expect(german.forms(of: "zwölf")?.word == "12")
        #expect(german.forms(of: "sechsstelligen")?.word == "6stelligen")
        #expect(german.forms(of: "zweimal")?.word == "2mal")
        for word in ["achtung", "zweitadresse", "vierteljahr", "zweite", "elfenbein"] { #expect(german.forms(of: word)?.word == word) }
    }

    @Test("a number with a point or comma is one word: 'php 8.2' asks about PHP, not about the 'two' of two-factor authentication")
    func versionNumbersStayWhole() {
        #expect(tokens("upgrade php to 8.2, or 7,4", .en) == ["upgrade", "php", "to", "8.2", "or", "7,4"])
        #expect(tokens("Version 8. 2 Faktoren", .de) == ["version", "8", "2", "faktoren"])
        let english = SearchIndex(documents: [
            article("2fa", .en, title: "Switch two-factor authentication off", body: "Two-factor authentication asks for a code."),
            article("php", .en, title: "Choose a site's PHP version", body: "Choose the PHP version of the site and click Save."),
        ])
        #expect(english.ids("upgrade php to 8.2", language: .en).first == "php")
    }
}
