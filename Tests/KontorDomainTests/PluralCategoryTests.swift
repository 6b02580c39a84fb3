import KontorDomain
import Testing

@Suite("Plural forms after CLDR: one product, two products — and in French, zero takes the singular")
struct PluralCategoryTests {
    @Test("one is singular in every language; zero and many are plural, except zero in French")
    func categories() {
        for language in Language.allCases {
            #expect(PluralCategory(1, in: language) == .one)
            #expect(PluralCategory(2, in: language) == .other)
            #expect(PluralCategory(21, in: language) == .other)
        }
        #expect(PluralCategory(0, in: .fr) == .one)
        for language in [Language.en, .de, .it, .es] { #expect(PluralCategory(0, in: language) == .other) }
    }
}
