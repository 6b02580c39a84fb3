import Foundation
import KontorDomain
import Vapor

/// Escaping for the XML and HTML Kontor writes by hand (feeds, sitemap, charts, e-mails); the structure is fixed,
/// only values are escaped.
enum XML {
    /// Control characters XML 1.0 forbids are dropped, so a feed or sitemap stays well-formed whatever a title holds.
    static func escape(_ text: String) -> String {
        TextCharacters.withoutXMLControls(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func date(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func response(_ xml: String, type: HTTPMediaType) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        return Response(status: .ok, headers: headers, body: .init(string: xml))
    }
}
