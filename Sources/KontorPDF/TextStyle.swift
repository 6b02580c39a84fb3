/// A font size and weight. The family is always Liberation Sans: Arial's metric twin, one of the faces the
/// QR-bill guidelines allow, and free to embed; Pango falls back to another font for characters it lacks.
struct TextStyle: Hashable {
    /// Size in points.
    var size: Double
    /// Bold or regular; never italic (the guidelines forbid it on the slip, and the invoice follows suit).
    var isBold: Bool

    /// The font family asked of fontconfig.
    static let family = "Liberation Sans"

    static func regular(_ size: Double) -> TextStyle { TextStyle(size: size, isBold: false) }
    static func bold(_ size: Double) -> TextStyle { TextStyle(size: size, isBold: true) }
}

/// Where a line of text sits relative to the x position it is given.
enum TextAlignment {
    /// The text starts at x.
    case left
    /// The text ends at x.
    case right
}
