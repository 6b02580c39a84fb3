import Foundation
import KontorDomain

/// Runs the (synchronous, streaming) bank-statement reader on a thread of its own and hands its entries to async
/// code in batches, at most two batches ahead of the consumer: the file is never held in memory, and the database
/// work can `await` between batches.
///
/// Written here because Foundation's XML parser is blocking and the reader calls back synchronously; a bounded
/// `AsyncThrowingStream` with a semaphore is the smallest bridge that keeps memory flat.
final class StatementBatches: AsyncSequence, @unchecked Sendable {
    enum Element: Sendable {
        case header(BankStatementHeader)
        case entries([BankEntry])
        case end(BankStatementSummary)
    }

    enum Source: Sendable {
        case file(URL)
        case data(Data)
    }

    private let stream: AsyncThrowingStream<Element, any Error>
    private let continuation: AsyncThrowingStream<Element, any Error>.Continuation
    /// Made with 0 and signalled twice: libdispatch traps when a semaphore is freed below its initial value, which
    /// an import stopped half-way would otherwise do.
    private let room = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopped = false

    init(source: Source, transactionsPerBatch: Int, bankTimeZone: TimeZone = BankStatementReader.swissTime) {
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Element.self)
        room.signal()
        room.signal()
        let thread = Thread { [self] in self.produce(source, transactionsPerBatch: transactionsPerBatch, bankTimeZone: bankTimeZone) }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// The consumer is done with a batch: the reader may read another.
    func consumed() { room.signal() }

    /// The consumer gives up (an error, a refusal): the reader stops at its next entry.
    func stop() {
        lock.withLock { stopped = true }
        room.signal()
        room.signal()
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private struct Stopped: Error {}

    private func produce(_ source: Source, transactionsPerBatch: Int, bankTimeZone: TimeZone) {
        var batch: [BankEntry] = []
        var count = 0
        func send(_ element: Element) throws {
            room.wait()
            if isStopped { throw Stopped() }
            continuation.yield(element)
        }
        func header(_ header: BankStatementHeader) throws { try send(.header(header)) }
        func entry(_ entry: BankEntry) throws {
            batch.append(entry)
            count += Swift.max(1, entry.transactions.count)
            if count >= transactionsPerBatch {
                try send(.entries(batch))
                batch = []
                count = 0
            }
        }
        do {
            let summary: BankStatementSummary = switch source {
            case .file(let url): try BankStatementReader.read(from: url, bankTimeZone: bankTimeZone, header: header, entry: entry)
            case .data(let data): try BankStatementReader.read(from: data, bankTimeZone: bankTimeZone, header: header, entry: entry)
            }
            if !batch.isEmpty { try send(.entries(batch)) }
            try send(.end(summary))
            continuation.finish()
        } catch let error as BankStatementError {
            if case .stoppedByCaller = error.problem, isStopped { continuation.finish(); return }
            continuation.finish(throwing: error)
        } catch {
            continuation.finish(throwing: error)
        }
    }

    func makeAsyncIterator() -> AsyncThrowingStream<Element, any Error>.AsyncIterator { stream.makeAsyncIterator() }
}
