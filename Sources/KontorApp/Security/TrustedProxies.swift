import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The reverse proxies whose forwarding header Kontor believes (`KONTOR_TRUSTED_PROXIES`).
///
/// Behind a proxy every connection comes from the proxy, so without this all customers shared one address: one
/// person's wrong passwords throttled everyone, and the sign-up limit became global. The header is read only when
/// the connection itself comes from a trusted proxy — from anyone else it is ignored, or a client could name any
/// address it likes — and then from the right: the client is the first address that is not a trusted proxy.
///
/// Only the header the operator's proxy writes is read (`KONTOR_TRUSTED_PROXY_HEADER`, `X-Forwarded-For` unless set):
/// a proxy appends to its own header and passes any other through as the client sent it. Reading `Forwarded` first
/// whenever present let a client behind nginx choose its own address with `Forwarded: for=…`, around every
/// per-address limit and into the security log.
struct TrustedProxies: Sendable, Equatable {
    /// The header that names the hops: the one the proxy writes.
    enum Header: String, Sendable, Equatable {
        case xForwardedFor = "x-forwarded-for"
        /// RFC 7239 `Forwarded: for=…`.
        case forwarded
    }

    let networks: [IPNetwork]
    var header: Header = .xForwardedFor

    static let none = TrustedProxies(networks: [])

    /// Said once per server when a trusted proxy sends `Forwarded` and no `X-Forwarded-For` while Kontor reads the
    /// latter: a proxy that writes only `Forwarded` (HAProxy's `option forwarded`) passes a client's own
    /// `X-Forwarded-For` through, so the operator must say which header it writes.
    static func warnOfForwardedOnly(_ logger: Logger) {
        guard !forwardedOnlyWarned.withLockedValue({ warned in defer { warned = true }; return warned }) else { return }
        logger.warning("""
            A trusted proxy sent a Forwarded header without X-Forwarded-For. Kontor reads X-Forwarded-For; if your proxy writes             Forwarded, set KONTOR_TRUSTED_PROXY_HEADER=Forwarded, or a client can name its own address.
            """)
    }

    private static let forwardedOnlyWarned = NIOLockedValueBox(false)

    /// `X-Forwarded-For` or `Forwarded`, as the proxy writes it (any case).
    static func header(_ text: String) -> Result<Header, ConfigurationError> {
        guard let header = Header(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            return .failure(ConfigurationError(variable: "KONTOR_TRUSTED_PROXY_HEADER",
                                               problem: "must be X-Forwarded-For or Forwarded (the header your proxy writes), got '\(text)'"))
        }
        return .success(header)
    }

    /// `10.0.0.0/8, 192.0.2.7, ::1` → the networks; nil names the entry that is not an address or a CIDR.
    static func parse(_ text: String) -> Result<TrustedProxies, ConfigurationError> {
        var networks: [IPNetwork] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let network = IPNetwork(entry) else {
                return .failure(ConfigurationError(variable: "KONTOR_TRUSTED_PROXIES",
                                                   problem: "'\(entry)' is not an IP address or CIDR range such as 10.0.0.0/8"))
            }
            networks.append(network)
        }
        return .success(TrustedProxies(networks: networks))
    }

    func trusts(_ address: String) -> Bool {
        guard let bytes = IPNetwork.bytes(of: address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client behind `peer`: the peer itself unless it is a trusted proxy.
    func client(peer: String, headers: HTTPHeaders) -> String {
        guard trusts(peer) else { return peer }
        let chain = Self.forwardedChain(headers, header: header)
        for hop in chain.reversed() {
            guard IPNetwork.bytes(of: hop) != nil else { return peer }   // a proxy never writes this: ignore the header
            if !trusts(hop) { return hop }
        }
        return chain.first ?? peer
    }

    /// The addresses a request passed through, client first, as `header` names them. Ports, brackets and quotes are
    /// removed. An element of `Forwarded` without `for=` is a hop that did not say whom it forwarded: it stays in
    /// the chain as no address, so reading from the right stops there instead of skipping to what the client wrote.
    static func forwardedChain(_ headers: HTTPHeaders, header: Header) -> [String] {
        switch header {
        case .xForwardedFor:
            return headers[.xForwardedFor].flatMap { $0.split(separator: ",").map(String.init) }.map(Self.bareAddress)
        case .forwarded:
            return headers[.forwarded].flatMap { $0.split(separator: ",") }.map { element in
                element.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.lowercased().hasPrefix("for=") }.map { Self.bareAddress(String($0.dropFirst(4))) } ?? ""
            }
        }
    }

    private static func bareAddress(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        if value.hasPrefix("["), let end = value.firstIndex(of: "]") { return String(value[value.index(after: value.startIndex)..<end]) }
        if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") { value = String(value[..<colon]) }  // IPv4:port
        return value
    }
}

/// An IPv4 or IPv6 network: an address and a prefix length (a single address is /32 or /128).
struct IPNetwork: Sendable, Equatable {
    let address: [UInt8]
    let prefixLength: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let bytes = Self.bytes(of: String(parts[0])) else { return nil }
        let maximum = bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        address = bytes
    }

    func contains(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == address.count else { return false }
        var remaining = prefixLength
        for (mine, theirs) in zip(address, bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if mine & mask != theirs & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The address's bytes (4 or 16) through the C library's own parser, or nil when it is not an address.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
