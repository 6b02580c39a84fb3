import FluentKit
import Foundation
import Testing
@testable import KontorApp

/// Each model's listed properties are exactly the ones reflection finds, in declaration order: a field added to a
/// model but not to its list would otherwise never be read or written.
@Suite struct ListedPropertiesTests {
    @Test func everyModelListsExactlyTheFieldsItDeclares() {
        for type in ListedProperties.models {
            let model = type.init()
            let listed = model.properties.map { ObjectIdentifier($0 as AnyObject) }
            let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }.map { ObjectIdentifier($0 as AnyObject) }
            #expect(listed == reflected, "\(type): list its properties in declaration order, as reflection finds them")
        }
    }

    @Test func everyModelInTheSourcesIsChecked() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/KontorApp")
        let checked = Set(ListedProperties.models.map { String(describing: $0) })
        var declared: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /final class (\w+): Model\b/) { declared.insert(String(match.1)) }
        }
        #expect(declared.count >= 50)
        #expect(declared.subtracting(checked).isEmpty, "models to add to ListedProperties.models: \(declared.subtracting(checked).sorted())")
    }
}
