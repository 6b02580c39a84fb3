extension QRCode {
    /// The code as a standalone SVG image: black modules on a white square, ready to inline in a page
    /// or serve as `image/svg+xml`.
    ///
    /// The image is `(size + 2 × quietZone) × moduleSize` pixels on each side, with the same `viewBox`.
    /// All dark modules are one `<path>` of rectangles, each horizontal run of dark modules merged into
    /// one, which keeps a version-10 code to a few kilobytes. `shape-rendering="crispEdges"` stops
    /// anti-aliasing from blurring neighbouring modules into grey seams that some scanners stumble on.
    /// The colours are fixed on purpose: many scanners cannot read a light-on-dark (inverted) code, so
    /// the code must not follow a dark theme.
    ///
    /// - Parameters:
    ///   - moduleSize: Pixels per module; values below 1 are taken as 1.
    ///   - quietZone: Light modules of margin on each side. The standard asks for 4; scanners struggle
    ///     with less when the code sits next to other dark things. Negative values are taken as 0.
    ///   - title: The accessible name (`role="img"` with a `<title>`), e.g. "Código QR para tu app
    ///     de autenticación". Escaped here; pass plain text.
    public func svg(moduleSize: Int = 6, quietZone: Int = 4, title: String) -> String {
        let moduleSize = max(1, moduleSize)
        let quietZone = max(0, quietZone)
        let side = (size + 2 * quietZone) * moduleSize

        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let runStart = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                let left = (runStart + quietZone) * moduleSize
                let top = (y + quietZone) * moduleSize
                let width = (x - runStart) * moduleSize
                // Relative moves after an absolute start: a closed rectangle in the fewest characters.
                path += "M\(left) \(top)h\(width)v\(moduleSize)h-\(width)z"
            }
        }

        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side)" height="\(side)" viewBox="0 0 \(side) \(side)" \
            role="img" shape-rendering="crispEdges">\
            <title>\(XMLEscaping.escape(title))</title>\
            <rect width="\(side)" height="\(side)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/>\
            </svg>
            """
    }
}
