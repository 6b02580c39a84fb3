import Foundation

/// This process's memory as Linux reports it in `/proc/self/status`; nil elsewhere.
enum ProcessMemory {
    /// Resident set size now, in bytes.
    static var residentBytes: Int? { field("VmRSS") }
    /// The highest resident set size so far, in bytes.
    static var peakResidentBytes: Int? { field("VmHWM") }

    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }  // the kernel reports kB
        }
        return nil
    }

    /// "142 MB".
    static func megabytes(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1_048_576) }
}
