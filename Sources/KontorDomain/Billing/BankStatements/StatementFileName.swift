import Foundation

/// The name an uploaded statement is listed under: what staff read on the billing page and in "imported before as …".
/// A browser may send a whole path (`C:\fakepath\camt.xml`), and any client may send controls, bidi overrides or
/// zero-width characters that make one name look like another (`gpj.exe` reversed): the last path component, NFC, the
/// invisible characters dropped, at most 200 characters; nothing left, `statement.xml` (money probe round 5).
public enum StatementFileName {
    public static let maximumLength = 200
    public static let fallback = "statement.xml"

    public static func shown(_ raw: String?) -> String {
        let last = (raw ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var visible = String.UnicodeScalarView()
        visible.append(contentsOf: TextCharacters.normalized(last).unicodeScalars.filter { !TextCharacters.isInvisible($0) })
        let name = String(visible).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? fallback : String(name.prefix(maximumLength))
    }
}
