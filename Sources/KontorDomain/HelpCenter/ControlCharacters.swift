/// Characters no help text may hold: the C0 controls other than tab, line feed and carriage return, DEL and the C1
/// controls. XML 1.0 forbids most of them (one in a title made the Atom feed unreadable to every feed reader), and none
/// of them is visible or typed on purpose.
public enum ControlCharacters {
    public static func found(in text: String) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// `text` without them, for output that must stay well-formed whatever was stored before the check existed.
    public static func removed(from text: String) -> String {
        guard found(in: text) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isControl($0) })
        return String(scalars)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
