import Fluent
import Foundation

/// A statement file handed to Kontor and what became of it (`StatementImportJobs`, M075): recorded before its import
/// starts, so the import can be asked about by id from any server while it runs and after.
final class BankStatementUpload: Model, @unchecked Sendable {
    static let schema = "bank_statement_uploads"

    enum State: String, Sendable, Codable {
        case running, done, failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "file_name") var fileName: String
    /// SHA-256 of the bytes (hex), as `bank_statement_imports.file_sha256`: an upload of a file being imported right
    /// now joins that import instead of starting another.
    @Field(key: "file_sha256") var fileSHA256: String
    @OptionalField(key: "staff_id") var staffID: UUID?
    @Field(key: "state") var state: String
    /// Transactions read so far (progress), as last written by the server running the import.
    @Field(key: "transactions_read") var transactionsRead: Int
    @Field(key: "started_at") var startedAt: Date
    /// Renewed while the import runs (`StatementImportTimes.heartbeatSeconds`); older than the stale limit, the import's
    /// server stopped and its transaction was rolled back.
    @Field(key: "heartbeat_at") var heartbeatAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    /// The `bank_statement_imports` row the import wrote, once done.
    @OptionalField(key: "import_id") var importID: UUID?
    /// `BankStatementImporter.Summary` as JSON, once done.
    @OptionalField(key: "summary") var summary: String?
    /// `StatementImportFailure` as JSON, once failed.
    @OptionalField(key: "failure") var failure: String?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [$id, $fileName, $fileSHA256, $staffID, $state, $transactionsRead, $startedAt, $heartbeatAt, $finishedAt, $importID, $summary, $failure]
    }

    init() {}
}
