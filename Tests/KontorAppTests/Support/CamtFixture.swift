import Foundation

/// The camt files in `Tests/Fixtures/camt`, for import tests: `{{INVOICE_A}}`-style placeholders stand for what only
/// the test's database knows (an invoice's reference), so the file is the bank's as it was, references aside.
enum CamtFixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/camt")

    /// The fixture's bytes, each `{{NAME}}` replaced by `values["NAME"]`.
    static func data(_ name: String, _ values: [String: String?] = [:]) throws -> Data {
        var text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        for (name, value) in values { text = text.replacingOccurrences(of: "{{\(name)}}", with: value ?? "") }
        return Data(text.utf8)
    }
}
