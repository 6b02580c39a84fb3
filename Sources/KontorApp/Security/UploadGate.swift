import Foundation
import KontorDomain
import NIOConcurrencyHelpers
import Vapor

/// What an identity-check upload passes before its body is read. The documents arrive in one body of up to
/// `IdentityCheckController.maximumUpload` (~15 MB), held whole until the password in it can be checked, by anyone who
/// gave a password (the page) or by anyone at all (the API). So, on the page and in the API alike:
/// - each address may start `ThrottlePolicy.identityUploadsPerAddress` uploads an hour;
/// - a server (`KontorServices.identityUploads`) reads four at once, and one address holds one of them: twenty parallel uploads to the
///   page took a server from 330 MB to 940 MB, and four addresses' worth of slow uploads had locked everyone else out
///   of the lost-phone path for minutes (security probe round 9);
/// - the body must arrive within `RequestLimits.uploadReadSeconds`, else 408: one byte every ten seconds held a place
///   indefinitely.
struct UploadGate: Sendable {
    let slots: UploadSlots

    /// A place taken, to be given back once the request is answered.
    struct Place: Sendable {
        fileprivate let slots: UploadSlots
        fileprivate let address: String
        func release() { slots.give(address: address) }
    }

    /// Counts the upload against the caller's address and takes a place; 429 when the hour's uploads are used up or no
    /// place is free for this address.
    func enter(_ request: Request) async throws -> Place {
        let address = request.clientAddress
        if case .limited(let retry) = try await request.rateLimiter.hit("identity-upload:" + SecretToken.hash(address),
                                                                        limit: ThrottlePolicy.identityUploadsPerAddress) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        guard slots.take(address: address) else { throw AppError.rateLimited(retryAfterSeconds: 5) }
        return Place(slots: slots, address: address)
    }

    /// Reads the body whole (up to `max` bytes) within `uploadReadSeconds`; 408 when it takes longer. A promise rather
    /// than a task group: a group waits for its reading child, which a cancellation does not stop while bytes trickle.
    func collect(_ request: Request, max: Int) async throws {
        let seconds = request.application.kontor.config.requestLimits.uploadReadSeconds
        let eventLoop = request.eventLoop
        let done = eventLoop.makePromise(of: Void.self)
        let settled = NIOLockedValueBox(false)
        let settle = { @Sendable (result: Result<Void, any Error>) in
            guard settled.withLockedValue({ was in defer { was = true }; return !was }) else { return }
            done.completeWith(result)
        }
        let deadline = eventLoop.scheduleTask(in: .seconds(seconds)) { settle(.failure(Abort(.requestTimeout))) }
        request.body.collect(max: max).whenComplete { result in
            deadline.cancel()
            settle(result.map { _ in () })
        }
        try await done.futureResult.get()
    }
}

/// A fixed number of places, taken without waiting, at most `perAddress` by one address: a caller who finds none is
/// told to come back.
final class UploadSlots: Sendable {
    private struct State { var free: Int; var held: [String: Int] = [:] }
    private let state: NIOLockedValueBox<State>
    let perAddress: Int

    init(count: Int, perAddress: Int) {
        state = NIOLockedValueBox(State(free: count))
        self.perAddress = perAddress
    }

    /// True when a place was free for `address` (and is now its, until `give`).
    func take(address: String) -> Bool {
        state.withLockedValue { state in
            guard state.free > 0, state.held[address, default: 0] < perAddress else { return false }
            state.free -= 1
            state.held[address, default: 0] += 1
            return true
        }
    }

    func give(address: String) {
        state.withLockedValue { state in
            state.free += 1
            let left = state.held[address, default: 1] - 1
            state.held[address] = left > 0 ? left : nil
        }
    }
}
