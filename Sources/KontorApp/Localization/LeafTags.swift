import Leaf
import LeafKit
import Vapor

/// `#t` with a catalog key, optionally followed by name/value pairs: a catalog message in the request's language.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else { throw LeafError(.unknownError("#t needs a catalog key")) }
        guard let request = ctx.request else { return .string(key) }
        var arguments: [String: String] = [:]
        var rest = ctx.parameters.dropFirst()
        while rest.count >= 2, let name = rest.first?.string {
            arguments[name] = rest.dropFirst().first?.string ?? ""
            rest = rest.dropFirst(2)
        }
        return .string(request.t(key, arguments))
    }
}

/// `#csrf()`: the hidden anti-forgery field every form carries.
struct CSRFFieldTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let token = ctx.request?.csrfToken ?? ""
        return .string("<input type=\"hidden\" name=\"_csrf\" value=\"\(token)\">")
    }
}
