import Foundation

/// Progress lines go to standard error so that standard output holds only the tables.
enum Console {
    static func progress(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((newline ? text + "\n" : text).utf8))
    }

    /// Runs one long step, printing "label… done in 2.3 s" around it.
    static func step<T>(_ label: String, _ body: () async throws -> T) async rethrows -> T {
        progress(label + "… ", newline: false)
        let start = ContinuousClock.now
        let result = try await body()
        progress("done in " + seconds(ContinuousClock.now - start))
        return result
    }

    /// "2.3 s" or "850 ms".
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value < 1 ? String(format: "%.0f ms", value * 1000) : String(format: "%.1f s", value)
    }

    /// Milliseconds of a duration, for latency figures.
    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
