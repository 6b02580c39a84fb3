import Testing
@testable import KontorSearch

@Suite("Robustness")
struct RobustnessTests {
    let index = SearchIndex(documents: [
        article("password", title: "Cambiar la contraseña", body: "Desde tu perfil puedes cambiarla."),
        article("dns", title: "Configurar el DNS", body: "Apunta el dominio a nuestros servidores."),
    ])

    @Test("Queries with no searchable words return nothing", arguments: ["", "   ", "\n\t", "¿?!… -- __", "como ", "la de el "])
    func emptyQueries(query: String) {
        let results = index.search(query, language: .es)
        #expect(results.hits.isEmpty)
        #expect(results.total == 0)
    }

    @Test("A 5,000-character query is cut to its first words and still answers")
    func hugeQuery() {
        let words = ["contraseña"] + Array(repeating: "cualquier palabra irrelevante", count: 200)
        let query = String(words.joined(separator: " ").prefix(5_000))
        #expect(query.count == 5_000)
        #expect(index.ids(query) == ["password"])
    }

    @Test("Huge single words and binary-looking input do not crash")
    func pathologicalInput() {
        #expect(index.ids(String(repeating: "a", count: 5_000)).isEmpty)
        #expect(index.ids(String(repeating: "é\u{301}\u{0}'’_", count: 1_000)).isEmpty)
        #expect(index.ids(String(repeating: "l'", count: 2_000), language: .fr).isEmpty)
        _ = SearchIndex(documents: [article("huge", title: String(repeating: "palabra ", count: 70_000))])
    }

    @Test("Searching an empty index or a language without articles returns nothing")
    func emptyIndex() {
        #expect(SearchIndex(documents: []).ids("contraseña").isEmpty)
        #expect(index.ids("password", language: .en).isEmpty)
    }

    @Test("Concurrent searches from many tasks give the same results as one at a time")
    func concurrentSearches() async {
        let queries = ["contraseña", "contrsaeña", "configurar dns", "dom", "cambiar la contraseña", "servidores"]
        let index = self.index
        let expected = queries.map { index.ids($0) }
        let results = await withTaskGroup(of: (Int, [String]).self) { group in
            for round in 0..<200 {
                group.addTask { (round % queries.count, index.ids(queries[round % queries.count])) }
            }
            var results: [(Int, [String])] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.count == 200)
        for (query, ids) in results { #expect(ids == expected[query]) }
        #expect(expected.allSatisfy { !$0.isEmpty })
    }
}
