import Testing
@testable import KontorSearch

@Suite("A version the guides do not name meets the versions of the same major number they do")
struct VersionNumbersTests {
    @Test("'php 8.1' finds the guide offering PHP 8.2 and 8.3, ranked as a near match, not as the version typed")
    func sameMajorVersion() {
        let index = SearchIndex(documents: [
            article("php", .fr, title: "Choisir la version de PHP", body: "Les versions 8.2 et 8.3 sont disponibles."),
            article("plugin", .fr, title: "Installer une extension", body: "Une extension peut demander une version minimum de WordPress."),
        ])
        #expect(index.ids("mon plugin demande php 8.1 minimum", language: .fr).first == "php")
        #expect(index.ids("8.1", language: .fr) == ["php"])
        #expect(index.ids("7.4", language: .fr).isEmpty, "another major version is another family")
        #expect(index.search("8.1", language: .fr).hits.first?.matchedExactly == false)
    }

    @Test("only numbers with a point or comma are versions")
    func whatIsAVersion() {
        #expect(QueryExpansion.versionMajor(of: "8.1") == "8")
        #expect(QueryExpansion.versionMajor(of: "5,7") == "5")
        #expect(QueryExpansion.versionMajor(of: "192.168.1.1") == "192")
        #expect(QueryExpansion.versionMajor(of: "81") == nil)
        #expect(QueryExpansion.versionMajor(of: "php8") == nil)
    }
}
