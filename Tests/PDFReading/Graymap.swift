import Foundation

/// A page rendered by `pdftoppm -gray`: a binary PGM (P5), 8 bits per pixel, with millimetre access.
public struct Graymap: Sendable {
    public let width: Int
    public let height: Int
    public let dotsPerInch: Double
    private(set) var pixels: [UInt8]
    private let header: Data

    /// Parses a P5 file with a maxval of 255, as pdftoppm writes it.
    public init(pgm data: Data, dotsPerInch: Double) throws {
        // "P5\n<width> <height>\n255\n" then the pixels.
        var fields: [Substring] = []
        var offset = data.startIndex
        var current = ""
        while fields.count < 4, offset < data.endIndex {
            let byte = data[offset]
            offset += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if !current.isEmpty { fields.append(Substring(current)); current = "" }
            } else {
                current.append(Character(UnicodeScalar(byte)))
            }
        }
        guard fields.count == 4, fields[0] == "P5", let width = Int(fields[1]), let height = Int(fields[2]),
              fields[3] == "255", data.endIndex - offset == width * height
        else { throw Poppler.ToolFailed(description: "not an 8-bit P5 graymap") }
        self.width = width
        self.height = height
        self.dotsPerInch = dotsPerInch
        self.header = data[data.startIndex..<offset]
        self.pixels = Array(data[offset...])
    }

    /// The file again, with any changes.
    public var pgm: Data { header + Data(pixels) }

    /// Whether the pixel at `x, y` millimetres from the page's top-left corner is dark.
    public func isDark(xMM: Double, yMM: Double) -> Bool {
        pixels[pixel(yMM) * width + pixel(xMM)] < 128
    }

    /// Whether any pixel in the rectangle (millimetres from the page's top-left corner) is dark.
    public func hasDarkPixel(xMM: ClosedRange<Double>, yMM: ClosedRange<Double>) -> Bool {
        for y in pixel(yMM.lowerBound)...pixel(yMM.upperBound) {
            for x in pixel(xMM.lowerBound)...pixel(xMM.upperBound) where pixels[y * width + x] < 128 {
                return true
            }
        }
        return false
    }

    /// Paints the square of `side` mm centred at `x, y` mm white.
    mutating func whiten(centreXMM: Double, centreYMM: Double, sideMM: Double) {
        for y in pixel(centreYMM - sideMM / 2)...pixel(centreYMM + sideMM / 2) {
            for x in pixel(centreXMM - sideMM / 2)...pixel(centreXMM + sideMM / 2) {
                pixels[y * width + x] = 255
            }
        }
    }

    private func pixel(_ millimetres: Double) -> Int {
        Int((millimetres / 25.4 * dotsPerInch).rounded(.down))
    }
}
