/// Lengths on the page. Cairo's PDF surface measures in points (1/72 inch); the QR-bill guidelines in millimetres.
enum Length {
    /// Points in one millimetre.
    static let pointsPerMillimetre = 72.0 / 25.4

    /// `millimetres` in points.
    static func mm(_ millimetres: Double) -> Double { millimetres * pointsPerMillimetre }
}

/// The A4 sheet every Kontor PDF is printed on, portrait.
enum A4 {
    /// 210 mm in points.
    static let width = Length.mm(210)
    /// 297 mm in points.
    static let height = Length.mm(297)
}
