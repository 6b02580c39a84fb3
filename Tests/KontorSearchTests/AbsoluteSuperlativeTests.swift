import Testing
@testable import KontorSearch

@Suite("Spanish and Italian absolute superlatives meet their adjective")
struct AbsoluteSuperlativeTests {
    @Test("'la web va lentísima', 'sito lentissimo' find the guide that calls a slow site 'lenta' / 'lento'")
    func superlativeMeetsTheAdjective() {
        let spanish = SearchIndex(documents: [
            article("slow", .es, title: "Límites de recursos", body: "Si la web va lenta en horas punta, revisa el consumo de CPU."),
            article("other", .es, title: "Facturas", body: "Una página sin relación."),
        ])
        for query in ["web lentísima ", "web lentisima ", "lentisimas "] { #expect(spanish.ids(query, language: .es).first == "slow", "\(query)") }
        let italian = SearchIndex(documents: [
            article("slow", .it, title: "Limiti delle risorse", body: "Se il sito è lento nelle ore di punta, controlla la CPU."),
            article("other", .it, title: "Fatture", body: "Una pagina senza rapporto."),
        ])
        for query in ["sito lentissimo ", "lentissima "] { #expect(italian.ids(query, language: .it).first == "slow", "\(query)") }
    }

    @Test("the rule: the ending gives way to the adjective's vowel; spelling changes undone; three letters kept; other words untouched")
    func theRule() {
        #expect(AnalysisSession.absoluteSuperlative("lentísima", language: .es) == "lenta")
        #expect(AnalysisSession.absoluteSuperlative("carisimos", language: .es) == "caros")
        #expect(AnalysisSession.absoluteSuperlative("poquísimo", language: .es) == "poco")
        #expect(AnalysisSession.absoluteSuperlative("larguísima", language: .es) == "larga")
        #expect(AnalysisSession.absoluteSuperlative("quisimos", language: .es) == "quisimos")
        #expect(AnalysisSession.absoluteSuperlative("mínimo", language: .es) == "mínimo")
        #expect(AnalysisSession.absoluteSuperlative("lentissimo", language: .it) == "lento")
        #expect(AnalysisSession.absoluteSuperlative("lunghissima", language: .it) == "lunga")
        #expect(AnalysisSession.absoluteSuperlative("pochissimi", language: .it) == "pochi")
        #expect(AnalysisSession.absoluteSuperlative("prossimo", language: .it) == "prossimo")
        #expect(AnalysisSession.absoluteSuperlative("lentissimo", language: .fr) == "lentissimo")
        let spanish = AnalysisSession(language: .es)
        #expect(spanish.forms(of: "lentísima")?.stem == spanish.forms(of: "lenta")?.stem)
        let italian = AnalysisSession(language: .it)
        #expect(italian.forms(of: "lentissimo")?.stem == italian.forms(of: "lento")?.stem)
    }
}
