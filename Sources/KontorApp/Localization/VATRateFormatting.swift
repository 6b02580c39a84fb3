import KontorDomain

/// A VAT rate as a document in `language` prints it: with the language's decimal comma in German, French, Italian
/// and Spanish ("8,1 %", as the ESTV writes the rates), a point in English ("8.1 %").
enum VATRateFormatting {
    static func format(_ rate: VATRate, _ language: Language) -> String {
        let text = rate.percentText
        return (language == .en ? text : text.replacingOccurrences(of: ".", with: ",")) + " %"
    }

    static func format(basisPoints: Int, _ language: Language) -> String { format(VATRate(basisPoints: basisPoints), language) }
}
