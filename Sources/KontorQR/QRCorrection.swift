/// How much of a QR code may be damaged or hidden and still be read, at the cost of a larger symbol.
public enum QRCorrection: Sendable {
    /// About 7 % of the codewords can be restored.
    case low
    /// About 15 %: the usual choice for a code shown on a screen.
    case medium
    /// About 25 %.
    case quartile
    /// About 30 %: for codes that get printed, creased or have a logo put over them.
    case high
}
