import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Identifiers for rows written in bulk (statement imports, renewal runs): version 7 UUIDs (RFC 9562 §5.7), whose
/// first 48 bits are the Unix time in milliseconds, then a counter within the millisecond (method 1 of §6.2), then
/// 62 random bits.
///
/// Two reasons, both measured on the 100,000-payment import (docs/benchmarks.md):
/// - `UUID()` of Foundation on Linux opens, reads and closes `/dev/urandom` for every identifier — a fifth of the
///   import's own CPU time. These take their randomness 4 KB at a time (`fillRandom`).
/// - Random identifiers land anywhere in the primary-key B-tree, so each insert touches another page; identifiers
///   made in order are appended at its right edge, in this process and across processes to within clock skew.
///
/// The text form (`TimeOrderedID.text`) is the upper-case form `UUID.uuidString` gives, so rows written with it
/// compare equal to rows Fluent writes; it is built from a table instead of `snprintf`, which `uuidString` uses.
public enum TimeOrderedID {
    private struct Clock {
        var millisecond: UInt64 = 0
        var counter: UInt16 = 0
        /// Random bits fetched 4 KB at a time (`fillRandom`): one `getrandom` per identifier was 2 % of a
        /// 100,000-product renewal run.
        var pool: [UInt64] = []
        var next = 0

        mutating func randomBits() -> UInt64 {
            if next == pool.count {
                if pool.isEmpty { pool = Array(repeating: 0, count: 512) }
                pool.withUnsafeMutableBytes(TimeOrderedID.fillRandom)
                next = 0
            }
            defer { next += 1 }
            return pool[next]
        }
    }
    private static let clock = Mutex(Clock())

    /// A new identifier, later than every one this process made before (the clock going back keeps the last time).
    public static func make(at date: Date = Date()) -> UUID {
        let now = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let (millisecond, counter, bits) = clock.withLock { clock -> (UInt64, UInt64, UInt64) in
            if now > clock.millisecond {
                clock.millisecond = now
                clock.counter = 0
            } else if clock.counter == 0xFFF {
                clock.millisecond += 1   // 4,096 in one millisecond: borrow the next one, order is kept
                clock.counter = 0
            } else {
                clock.counter += 1
            }
            return (clock.millisecond, UInt64(clock.counter), clock.randomBits())
        }
        // 48 bits of time, version 7, 12 bits of counter | variant 10, 62 random bits.
        let high = millisecond << 16 | 0x7000 | counter
        let low = 0x8000_0000_0000_0000 | bits & 0x3FFF_FFFF_FFFF_FFFF
        var id: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &id) { bytes in
            bytes.storeBytes(of: high.bigEndian, as: UInt64.self)
            bytes.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return UUID(uuid: id)
    }

    /// Random bytes from the C library's `arc4random_buf` (glibc 2.36+: the kernel's `getrandom` behind a per-thread
    /// ChaCha20 state, reseeded by the kernel), where `SystemRandomNumberGenerator` asks the kernel 8 bytes at a time.
    private static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc) || canImport(Darwin)
        guard let start = buffer.baseAddress else { return }
        arc4random_buf(start, buffer.count)
        #else
        var generator = SystemRandomNumberGenerator()
        for offset in stride(from: 0, to: buffer.count, by: 8) {
            buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: offset, as: UInt64.self)
        }
        #endif
    }

    private static let digits = Array("0123456789ABCDEF".utf8)

    /// `id.uuidString`, without `snprintf`.
    public static func text(_ id: UUID) -> String {
        withUnsafeBytes(of: id.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { buffer in
                var out = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 { buffer[out] = UInt8(ascii: "-"); out += 1 }
                    buffer[out] = digits[Int(byte >> 4)]
                    buffer[out + 1] = digits[Int(byte & 0x0F)]
                    out += 2
                }
                return out
            }
        }
    }

    /// `UUID(uuidString:)` (either case), without `sscanf`: nil unless the text is 8-4-4-4-12 hexadecimal digits.
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { utf8 -> UUID? in
            guard utf8.count == 36 else { return nil }
            var bytes = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0),
                         UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0))
            let ok = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
                var position = 0
                for index in 0..<16 {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        guard utf8[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = value(utf8[position]), let low = value(utf8[position + 1]) else { return false }
                    out[index] = high << 4 | low
                    position += 2
                }
                return true
            }
            return ok ? UUID(uuid: bytes) : nil
        }
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
