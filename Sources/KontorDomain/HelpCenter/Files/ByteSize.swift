/// Sizes as people read them in messages: "256 KB", "20.1 MB" (1 KB = 1024 bytes).
public enum ByteSize {
    /// Rounds up, so a size just over a limit never reads as the limit itself ("256.1 KB", not "256 KB").
    public static func text(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        let (value, unit) = bytes < 1024 * 1024 ? (Double(bytes) / 1024, "KB") : (Double(bytes) / (1024 * 1024), "MB")
        let tenths = (value * 10).rounded(.up)
        let whole = tenths.truncatingRemainder(dividingBy: 10) == 0
        return (whole ? String(Int(tenths / 10)) : String(tenths / 10)) + " " + unit
    }
}
