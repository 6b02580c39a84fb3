/// Words for libxml2's error numbers (libxml/xmlerror.h) that bank staff can act on; libxml2's own message is
/// used for the rest.
enum XMLParserErrorText {
    /// Warnings (`XML_WAR_…`): libxml2 reports them through the same callback, but the document is still
    /// well-formed, so they must not stop the read.
    static let warnings: Set<Int> = [27, 93, 97, 98, 99, 100, 102, 106, 107]

    static func text(for code: Int) -> String { known(code) ?? "libxml2 error \(code)" }

    /// What a not-well-formed file most likely has wrong, in words staff can act on, as the last part of its message key
    /// (`statement.problem.<kind>`): bytes not in the declared encoding or not allowed in XML, a lone `&` or `<` or an
    /// unknown entity, a file cut off (`CamtSAXParser` reports any error at the end of the file with elements still open
    /// as 77), an end tag that does not match; else the general sentence.
    static func messageKind(for code: Int?) -> String {
        switch code {
        case 9, 31, 32, 81: "malformed_xml_encoding"
        case 23, 26, 68: "malformed_xml_entity"
        case 77: "malformed_xml_cut_off"
        // Something after `</Document>`: NUL padding, a DOS end-of-file mark, a second document. The file is whole; the
        // general sentence ("cut off, or not XML at all") sent staff looking for a broken download (bank probe round 9).
        case 5, 86: "malformed_xml_trailing"
        case 76: "malformed_xml_tags"
        default: "malformed_xml"
        }
    }

    static func known(_ code: Int) -> String? {
        switch code {
        case 4: "the document is empty"
        case 5, 86: "extra content after the end of the document"
        case 9: "a character not allowed in XML"
        case 26: "an undeclared entity"
        case 31, 32, 81: "an unknown or invalid character encoding"
        case 41: "an attribute without a value"
        case 42: "an attribute given twice"
        case 68: "a name was expected (not XML, or a stray '<')"
        case 73: "'>' was expected"
        case 76: "an end tag that does not match its start tag"
        case 77: "the file ends inside an element (cut off?)"
        case 85: "start and end tags do not balance"
        case 89: "an entity that refers to itself"
        case 201: "an undeclared namespace prefix"
        default: nil
        }
    }
}
