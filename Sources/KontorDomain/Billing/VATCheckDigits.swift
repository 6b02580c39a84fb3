/// The check digits of EU VAT numbers, as each tax authority defines them (the algorithms the Commission's VIES
/// validation and the national registers apply before any look-up). A number whose check digit does not hold was
/// mistyped or made up, and must not make an invoice reverse charge (0 % VAT). Countries whose algorithm is not here
/// (Spain's letters, Ireland's, Cyprus's …) keep the format check only; whether a number is registered stays an online
/// question for staff (VIES).
enum VATCheckDigits {
    /// Whether the body (the number after its country prefix, format already checked) has a valid check digit; true
    /// for a country without an algorithm here.
    static func hold(_ prefix: String, _ body: String) -> Bool {
        let digits = body.compactMap(\.wholeNumberValue)
        switch prefix {
        case "DE": return digits.count == 9 && germany(digits)
        case "AT": return digits.count == 8 && austria(digits)
        case "IT": return digits.count == 11 && luhn(digits)
        case "SE": return digits.count == 12 && luhn(Array(digits.prefix(10)))
        case "FR": return france(body)
        case "BE": return digits.count == 10 && Self.number(digits.prefix(8)) % 97 == 97 - Self.number(digits.suffix(2))
        case "LU": return digits.count == 8 && Self.number(digits.prefix(6)) % 89 == Self.number(digits.suffix(2))
        case "DK": return digits.count == 8 && weighted(digits, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
        case "FI": return digits.count == 8 && finland(digits)
        case "PT": return digits.count == 9 && portugal(digits)
        case "PL": return digits.count == 10 && weighted(digits, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 == digits[9]
        case "EL": return digits.count == 9 && weighted(digits, [256, 128, 64, 32, 16, 8, 4, 2]) % 11 % 10 == digits[8]
        case "NL": return netherlands(body, digits)
        default: return true
        }
    }

    private static func number(_ digits: some Collection<Int>) -> Int { digits.reduce(0) { $0 * 10 + $1 } }

    /// The sum of the leading digits times `weights`.
    private static func weighted(_ digits: [Int], _ weights: [Int]) -> Int {
        zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// ISO 7064 MOD 11,10 (Germany's Steuernummer for VAT).
    private static func germany(_ digits: [Int]) -> Bool {
        var product = 10
        for digit in digits.prefix(8) {
            var sum = (digit + product) % 10
            if sum == 0 { sum = 10 }
            product = (2 * sum) % 11
        }
        let check = 11 - product
        return (check == 10 ? 0 : check) == digits[8]
    }

    /// Austria's UID (after the `U`): every second digit doubled and its digits added, then (10 − (sum + 4) mod 10) mod 10.
    private static func austria(_ digits: [Int]) -> Bool {
        let sum = digits.prefix(7).enumerated().reduce(0) { total, pair in
            let (index, digit) = pair
            guard index % 2 == 1 else { return total + digit }
            let doubled = digit * 2
            return total + doubled / 10 + doubled % 10
        }
        return (10 - (sum + 4) % 10) % 10 == digits[7]
    }

    /// Luhn over all the digits, the last being the check digit (Italy's partita IVA, Sweden's organisationsnummer).
    private static func luhn(_ digits: [Int]) -> Bool {
        let sum = digits.reversed().enumerated().reduce(0) { total, pair in
            let (index, digit) = pair
            guard index % 2 == 1 else { return total + digit }
            let doubled = digit * 2
            return total + (doubled > 9 ? doubled - 9 : doubled)
        }
        return sum % 10 == 0
    }

    /// France: a numeric key is (12 + 3 × (SIREN mod 97)) mod 97; the newer alphanumeric keys have no public check.
    private static func france(_ body: String) -> Bool {
        let key = body.prefix(2), siren = body.dropFirst(2)
        guard let keyValue = Int(key), let sirenValue = Int(siren) else { return true }
        return keyValue == (12 + 3 * (sirenValue % 97)) % 97
    }

    /// Finland: 11 − (weighted sum mod 11), 0 when the remainder is 0; a remainder of 1 is never issued.
    private static func finland(_ digits: [Int]) -> Bool {
        let remainder = weighted(digits, [7, 9, 10, 5, 8, 4, 2]) % 11
        guard remainder != 1 else { return false }
        return (remainder == 0 ? 0 : 11 - remainder) == digits[7]
    }

    /// Portugal: 11 − (weighted sum mod 11), 0 for 10 and 11.
    private static func portugal(_ digits: [Int]) -> Bool {
        let check = 11 - weighted(digits, [9, 8, 7, 6, 5, 4, 3, 2]) % 11
        return (check >= 10 ? 0 : check) == digits[8]
    }

    /// The Netherlands: a company's number checks mod 11 on its first nine digits; a sole trader's number issued since
    /// 2020 checks ISO 7064 mod 97 over the whole `NL…B..` text. Either holding is enough.
    private static func netherlands(_ body: String, _ digits: [Int]) -> Bool {
        if digits.count == 11, weighted(digits, [9, 8, 7, 6, 5, 4, 3, 2]) % 11 == digits[8] { return true }
        var remainder = 0
        for character in "NL" + body {
            let value = character.wholeNumberValue ?? Int(character.asciiValue ?? 0) - 55   // A = 10 … Z = 35
            remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97
        }
        return remainder == 1
    }
}
