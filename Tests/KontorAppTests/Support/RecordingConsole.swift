import ConsoleKit
import Foundation

/// A console that keeps what a command prints, with standard output and errors apart, for tests that read it.
final class RecordingConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var printed = ""
    private var reported = ""

    /// Everything printed to standard output.
    var output: String { lock.withLock { printed } }
    /// The lines reported as errors (standard error), in order.
    var errors: [String] { lock.withLock { reported.split(separator: "\n").map(String.init) } }

    var size: (width: Int, height: Int) { (120, 40) }
    var userInfo: [AnySendableHashable: any Sendable] {
        get { [:] }
        set {}
    }
    var supportsANSICommands: Bool { false }

    func input(isSecure: Bool) -> String { "" }
    func output(_ text: ConsoleText, newLine: Bool) { lock.withLock { printed += text.description + (newLine ? "\n" : "") } }
    func clear(_ type: ConsoleClear) {}
    func report(error: String, newLine: Bool) { lock.withLock { reported += error + (newLine ? "\n" : "") } }
}

/// The lines `Kontor.run` reports on standard error.
final class Reported: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    func append(_ line: String) { lock.withLock { stored.append(line) } }
}
