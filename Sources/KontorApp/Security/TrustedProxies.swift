import Foundation
import Vapor

/// The reverse proxies whose `Forwarded` / `X-Forwarded-For` headers Kontor believes (`KONTOR_TRUSTED_PROXIES`).
///
/// Behind a proxy every connection comes from the proxy, so without this all customers shared one address: one
/// person's wrong passwords throttled everyone, and the sign-up limit became global. The headers are read only when
/// the connection itself comes from a trusted proxy — from anyone else they are ignored, or a client could name any
/// address it likes — and then from the right: the client is the first address that is not a trusted proxy.
struct TrustedProxies: Sendable, Equatable {
    let networks: [IPNetwork]

    static let none = TrustedProxies(networks: [])

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
        let chain = Self.forwardedChain(headers)
        for hop in chain.reversed() {
            guard IPNetwork.bytes(of: hop) != nil else { return peer }   // a proxy never writes this: ignore the header
            if !trusts(hop) { return hop }
        }
        return chain.first ?? peer
    }

    /// The addresses a request passed through, client first: RFC 7239 `Forwarded: for=…` if present, else
    /// `X-Forwarded-For`. Ports, brackets and quotes are removed.
    static func forwardedChain(_ headers: HTTPHeaders) -> [String] {
        let forwarded = headers[.forwarded].flatMap { $0.split(separator: ",") }.compactMap { element -> String? in
            element.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.lowercased().hasPrefix("for=") }.map { String($0.dropFirst(4)) }
        }
        let raw = forwarded.isEmpty ? headers[.xForwardedFor].flatMap { $0.split(separator: ",").map(String.init) } : forwarded
        return raw.map(Self.bareAddress)
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
