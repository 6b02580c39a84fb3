import Foundation

/// Damaged copies of a well-formed camt file, the way files reach a provider in the wild: cut off, a line lost or
/// doubled, lines swapped, a value replaced by something no bank should send, a byte flipped. Deterministic
/// (`SeededRandom`), so a failure names a seed and a mutation that reproduce it.
public struct CamtMutations {
    public struct Mutation: CustomStringConvertible, Sendable {
        public let description: String
        public let data: Data
    }

    /// Values a field may hold in a damaged or hostile file.
    public static let oddValues = [
        "", " ", "-1", "-0.00", "0", "1e309", "99999999999999999999999999.99", "0.000000001", "NaN", "12,50", "1'000.00",
        "ÄÖÜ €", "&amp;", "&#0;", "&#x1F600;", "9999-99-99", "2026-02-30", "0000-00-00T25:61:61", "CH00", "XXX", "chf",
        String(repeating: "9", count: 400), String(repeating: "A", count: 20_000), "RF00", "210000000003139471430009017",
        "<![CDATA[x]]>", "\t\n",
    ]

    public static func mutations(of data: Data, seed: UInt64, count: Int) -> [Mutation] {
        var random = SeededRandom(seed: seed)
        let bytes = [UInt8](data)
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
        var made: [Mutation] = []
        for index in 0..<count {
            switch index % 7 {
            case 0:
                let cut = Int.random(in: 0..<max(1, bytes.count), using: &random)
                made.append(.init(description: "cut at byte \(cut)", data: Data(bytes.prefix(cut))))
            case 1:
                let line = Int.random(in: 0..<lines.count, using: &random)
                var copy = lines
                copy.remove(at: line)
                made.append(.init(description: "line \(line + 1) removed", data: Data(copy.joined(separator: "\n").utf8)))
            case 2:
                let line = Int.random(in: 0..<lines.count, using: &random)
                var copy = lines
                copy.insert(lines[line], at: line)
                made.append(.init(description: "line \(line + 1) doubled", data: Data(copy.joined(separator: "\n").utf8)))
            case 3:
                let (first, second) = (Int.random(in: 0..<lines.count, using: &random), Int.random(in: 0..<lines.count, using: &random))
                var copy = lines
                copy.swapAt(first, second)
                made.append(.init(description: "lines \(first + 1) and \(second + 1) swapped", data: Data(copy.joined(separator: "\n").utf8)))
            case 4, 5:
                // The text of one element (between a `>` and the next `<`) replaced.
                let texts = lines.indices.filter { lines[$0].contains("><") == false && lines[$0].contains("</") && lines[$0].contains(">") }
                guard let line = texts.randomElement(using: &random) else { continue }
                let value = oddValues.randomElement(using: &random)!
                var copy = lines
                let text = copy[line]
                if let open = text.firstIndex(of: ">"), let close = text[open...].firstIndex(of: "<") {
                    copy[line] = String(text[...open]) + value + String(text[close...])
                }
                made.append(.init(description: "line \(line + 1) holds \(value.prefix(40).debugDescription)", data: Data(copy.joined(separator: "\n").utf8)))
            default:
                var copy = bytes
                let at = Int.random(in: 0..<max(1, copy.count), using: &random)
                if !copy.isEmpty { copy[at] = UInt8.random(in: 0...255, using: &random) }
                made.append(.init(description: "byte \(at) replaced", data: Data(copy)))
            }
        }
        return made
    }
}

extension String {
    /// A hash that is the same in every run (`hashValue` is seeded per process), to seed a file's mutations by its name.
    public var hashValueStable: UInt64 {
        utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0100_0000_01B3 }
    }
}
