import Crypto
import Foundation
import KontorDomain

/// The SHA-256 of a statement file's bytes, and its group header read alone: how an import recognises a file it has
/// imported before (`bank_statement_imports.file_sha256`) without parsing 100,000 payments to find each one known.
enum StatementFingerprint {
    /// Hex SHA-256 of the file, read in 1 MB pieces (memory stays flat); nil when the file cannot be read (the reader
    /// then says why).
    static func of(_ source: StatementBatches.Source) -> String? {
        switch source {
        case .data(let data):
            return Hex.encode(SHA256.hash(data: data))
        case .file(let url):
            guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
            defer { try? handle.close() }
            var hasher = SHA256()
            do {
                while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty { hasher.update(data: piece) }
            } catch {
                return nil
            }
            return Hex.encode(hasher.finalize())
        }
    }

    /// The group header, reading no further than its end; nil when the file has none or is broken before it.
    static func header(of source: StatementBatches.Source) -> BankStatementHeader? {
        struct Enough: Error {}
        var found: BankStatementHeader?
        let stop: (BankStatementHeader) throws -> Void = { header in
            found = header
            throw Enough()
        }
        switch source {
        case .file(let url): _ = try? BankStatementReader.read(from: url, header: stop, entry: { _ in })
        case .data(let data): _ = try? BankStatementReader.read(from: data, header: stop, entry: { _ in })
        }
        return found
    }
}
