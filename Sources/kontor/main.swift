import KontorApp

// Tried and measured (docs/benchmarks.md, 3 December): running Swift concurrency on NIO's event loops
// (`NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`) saves ~20 % CPU per
// request, but CPU-heavy requests (help search) then hold an event loop and the p99 of everything else rose from
// ~100 ms to 1.7 s under load. Kept off until such work runs on a pool of its own.
await Kontor.main()
