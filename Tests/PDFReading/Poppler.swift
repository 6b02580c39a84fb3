import Foundation

/// Reads rendered PDFs the way a person or a bank's scanner would: Debian's poppler-utils (pdfinfo,
/// pdftoppm, pdftotext) and zbar-tools (zbarimg), run as separate processes on a temporary file.
public enum Poppler {
    public struct ToolFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// The number of pages, from `pdfinfo`.
    public static func pageCount(of pdf: [UInt8]) throws -> Int {
        let info = try String(decoding: withFile(pdf) { try run("pdfinfo", [$0]) }, as: UTF8.self)
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        guard let count = line.flatMap({ Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) })
        else { throw ToolFailed(description: "no page count in: \(info)") }
        return count
    }

    /// The text of `page` (1-based), from `pdftotext`.
    public static func text(of pdf: [UInt8], page: Int = 1) throws -> String {
        let output = try withFile(pdf) { try run("pdftotext", ["-f", "\(page)", "-l", "\(page)", $0, "-"]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Where the Swiss cross sits on a page with a slip: the QR code's centre, in mm from the top-left corner
    /// (payment part at 62 mm, code 5 mm in and 46 mm wide; slip top at 192 mm, code 17 mm down).
    public static let swissCrossCentre = (xMM: 62.0 + 5 + 23, yMM: 192.0 + 17 + 23)

    /// `page` (1-based) rendered by `pdftoppm -r 300 -gray`.
    public static func graymap(of pdf: [UInt8], page: Int = 1) throws -> Graymap {
        let data = try withFile(pdf) { path in
            try run("pdftoppm", ["-r", "300", "-gray", "-f", "\(page)", "-l", "\(page)", "-singlefile", path])
        }
        return try Graymap(pgm: data, dotsPerInch: 300)
    }

    /// The text of every QR code zbarimg finds on `page` rendered at 300 dpi, exactly as the bytes it holds.
    ///
    /// zbar 0.23 cannot read a Swiss QR code with its cross in place: the black square with the white cross
    /// throws off its grid sampling (mchehab/zbar issues 121, 167 and 216; phones and bank scanners read
    /// it fine). A white square the cross's size decodes, because the lost modules are well within
    /// correction level M, so the cross is whitened here before scanning; `SwissCrossTests` checks the
    /// cross itself. `--raw -Sbinary` keep zbar from guessing a character set (it reads UTF-8 "ü" as
    /// Shift-JIS otherwise); zbar ends each symbol with a newline, removed here.
    public static func qrCodes(in pdf: [UInt8], page: Int = 1) throws -> [String] {
        var image = try graymap(of: pdf, page: page)
        image.whiten(centreXMM: swissCrossCentre.xMM, centreYMM: swissCrossCentre.yMM, sideMM: 7.4)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-qr-\(UUID().uuidString).pgm")
        try image.pgm.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let output = try run("zbarimg", ["--raw", "-q", "-Sbinary", path.path])
        var text = String(decoding: output, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text.isEmpty ? [] : [text]
    }

    /// Writes `pdf` to a temporary file for the duration of `body`.
    public static func withFile<T>(_ pdf: [UInt8], _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kontor-pdf-\(UUID().uuidString).pdf").path
        try Data(pdf).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    /// Runs `tool` from PATH and returns its standard output; throws on a non-zero exit.
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting: a full pipe would block the tool and the wait would never end.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(description: "\(tool) exited \(process.terminationStatus): \(errorText)")
        }
        return data
    }
}
