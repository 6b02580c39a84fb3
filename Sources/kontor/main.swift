import KontorApp
import NIOCore
import NIOPosix

// Swift concurrency runs its tasks on NIO's event loops instead of a thread pool of its own. Without this, every
// `await` on a database answer, and every async middleware, hops from the event loop to the concurrency pool and
// back: two thread switches each, which on a small machine cost a signed-in page more than its own work
// (`docs/benchmarks.md`, "Kontor under load"). NIO's documented way; it must run first, on the main thread.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await Kontor.main()
