import CSodium
import Foundation
import NIOCore
import NIOPosix

/// argon2id password hashing through libsodium (OWASP ASVS 11.4.2: m = 19 MiB, t = 2, p = 1).
///
/// The PHC string keeps the algorithm and its parameters beside the hash, so they can be raised later and
/// old hashes upgraded at sign-in. Passwords are NFKC-normalised first so the same passphrase typed on
/// another keyboard verifies; nothing is truncated.
struct PasswordHasher: Sendable {
    /// argon2id's work per hash.
    struct Cost: Sendable, Equatable {
        var operations: UInt64
        var memoryBytes: Int

        /// What every server uses (OWASP ASVS 11.4.2).
        static let owasp = Cost(operations: 2, memoryBytes: 19 * 1024 * 1024)
        /// libsodium's minimum (`crypto_pwhash_OPSLIMIT_MIN`, `…_MEMLIMIT_MIN`), for the tests' servers only
        /// (`AppConfig.testing`; no setting selects it). Hashing is the same code with the same checks; at the OWASP
        /// cost it was an eighth of the test suite's CPU (every sign-up, sign-in, and ten hashes per set of recovery
        /// codes). The OWASP parameters themselves are tested (`ThrottleTests`, `PasswordHasher.hashNow`).
        static let testing = Cost(operations: 1, memoryBytes: 8192)
    }

    let cost: Cost

    init(cost: Cost = .owasp) {
        // sodium_init is idempotent and thread-safe; it must run before any other libsodium call.
        _ = sodium_init()
        self.cost = cost
    }

    /// argon2id's own threads, one fewer than the cores, at a lower scheduling priority: a burst of sign-ins (~20 ms
    /// of CPU each) queues here instead of in the pool that file reads and other blocking work share, one core is
    /// always left for answering everything else, and on the core it shares the hashing yields to pages. With a
    /// thread per core at normal priority, four clients signing in on a 2-core server took both cores and `/health`'s
    /// p99 went to 2.3× (`docs/benchmarks.md`). Under no other load one core hashes some 50 passwords a second.
    private static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount - 1))
        pool.start()
        return pool
    }()

    /// Hashes off the event loop: argon2id is deliberately slow.
    func hash(_ password: String) async throws -> String {
        try await Self.threads.runIfActive { [cost] in Self.yieldToPages(); return try Self.hashNow(password, cost: cost) }
    }

    /// Verifies off the event loop; false for any malformed hash.
    func verify(_ password: String, against phc: String) async throws -> Bool {
        try await Self.threads.runIfActive { Self.yieldToPages(); return Self.verifyNow(password, against: phc) }
    }

    /// Lowers the calling hashing thread's priority (nice 10: about a tenth of a contended core). On Linux the nice
    /// value is per thread and `who` 0 is the calling thread (`man 2 setpriority`, BUGS); the call is idempotent and
    /// costs a microsecond against a 20 ms hash.
    private static func yieldToPages() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// Whether a stored hash was made with weaker parameters than today's.
    func needsRehash(_ phc: String) -> Bool {
        crypto_pwhash_str_needs_rehash(phc, cost.operations, cost.memoryBytes) != 0
    }

    static func hashNow(_ password: String, cost: Cost = .owasp) throws -> String {
        let normalized = Array(password.precomposedStringWithCompatibilityMapping.utf8)
        var output = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let result = (normalized + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                crypto_pwhash_str(&output, chars.baseAddress!, UInt64(normalized.count), cost.operations, cost.memoryBytes)
            }
        }
        guard result == 0 else { throw PasswordHashingError() }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func verifyNow(_ password: String, against phc: String) -> Bool {
        let normalized = Array(password.precomposedStringWithCompatibilityMapping.utf8)
        // A trailing 0 keeps the buffer non-empty; the length passed excludes it.
        return (normalized + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                crypto_pwhash_str_verify(phc, chars.baseAddress!, UInt64(normalized.count)) == 0
            }
        }
    }

    /// A hash of a password nobody has, verified when an address is unknown so both answers take as long (ASVS 6.3.8).
    static let dummyHash: String = (try? hashNow("kontor-dummy-\(UUID().uuidString)")) ?? ""
}

struct PasswordHashingError: Error {}
