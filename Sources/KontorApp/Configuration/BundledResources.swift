import Foundation

/// Files shipped in `Sources/KontorApp/Resources` (copied whole into the SwiftPM resource bundle).
enum BundledResources {
    /// The bundle's `Resources` folder. Built from `bundleURL` because on Linux `resourceURL` may already
    /// point inside it, depending on the layout Foundation detects.
    static let root = Bundle.module.bundleURL.appendingPathComponent("Resources", isDirectory: true)

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    static func data(_ relativePath: String) -> Data? { try? Data(contentsOf: url(relativePath)) }
}
