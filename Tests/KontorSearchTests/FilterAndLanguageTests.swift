import Testing
@testable import KontorSearch

@Suite("Filters and languages")
struct FilterAndLanguageTests {
    let index = SearchIndex(documents: [
        article("es-dns-guide", .es, title: "Configurar el DNS del dominio", kind: "guide", category: "domains"),
        article("es-dns-faq", .es, title: "¿Cuánto tarda el DNS?", kind: "faq", category: "domains"),
        article("es-dns-video", .es, title: "Vídeo: DNS para correo", kind: "video", category: "email"),
        article("fr-dns", .fr, title: "Configurer le DNS du domaine", kind: "guide", category: "domains"),
        article("en-dns", .en, title: "Set up your domain's DNS", kind: "guide", category: "domains"),
    ])

    @Test("A category filter keeps only that category")
    func categoryFilter() {
        let results = index.search("dns", language: .es, filters: .init(category: "domains"))
        #expect(Set(results.hits.map(\.id)) == ["es-dns-guide", "es-dns-faq"])
        #expect(results.total == 2)
    }

    @Test("A kind filter keeps only that kind")
    func kindFilter() {
        #expect(index.ids("dns", filters: .init(kind: "faq")) == ["es-dns-faq"])
        #expect(index.ids("dns", filters: .init(kind: "video")) == ["es-dns-video"])
    }

    @Test("Both filters apply together")
    func combinedFilters() {
        #expect(index.ids("dns", filters: .init(category: "domains", kind: "guide")) == ["es-dns-guide"])
        #expect(index.ids("dns", filters: .init(category: "email", kind: "guide")).isEmpty)
    }

    @Test("An unknown category finds nothing rather than everything")
    func unknownFilterValue() {
        #expect(index.ids("dns", filters: .init(category: "no-such-category")).isEmpty)
    }

    @Test("A search only returns articles in the requested language")
    func languageIsolation() {
        #expect(Set(index.ids("dns", language: .es)) == ["es-dns-guide", "es-dns-faq", "es-dns-video"])
        #expect(index.ids("dns", language: .fr) == ["fr-dns"])
        #expect(index.ids("dns", language: .en) == ["en-dns"])
        #expect(index.ids("dns", language: .de).isEmpty)
        #expect(index.ids("domaine", language: .es).isEmpty, "a French word does not find French articles from Spanish")
    }

    @Test("The document count covers every language")
    func documentCount() {
        #expect(index.documentCount == 5)
        #expect(SearchIndex(documents: []).documentCount == 0)
    }

    @Test("Total counts every match, not just the returned page")
    func totalCountsAllMatches() {
        let results = index.search("dns", language: .es, limit: 1)
        #expect(results.hits.count == 1)
        #expect(results.total == 3)
        #expect(index.search("dns", language: .es, limit: 0).hits.isEmpty)
    }
}
