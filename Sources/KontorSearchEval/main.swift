print("kontor-search-eval: see docs/benchmarks.md")
