import Foundation
import KontorDomain

/// The help categories: slugs from the domain, names and descriptions per language from `HelpContent/categories.json`.
/// Categories are shipped configuration rather than database rows: they change with the product, not daily;
/// `parent` nests one under another, so the file describes the whole tree.
enum HelpCategories {
    struct Entry: Decodable, Sendable {
        struct Name: Decodable, Sendable {
            let name: String
            let description: String
        }
        let slug: String
        let parent: String?
        let position: Int
        let names: [String: Name]
    }

    static let all: [Entry] = {
        guard let data = BundledResources.data("HelpContent/categories.json"),
              let entries = try? JSONDecoder().decode([Entry].self, from: data) else { return [] }
        return entries.sorted { $0.position < $1.position }
    }()

    /// The known slugs, from the shipped file (`HelpContentTests` checks they match the domain's `HelpCategory`).
    static let slugs: Set<String> = Set(all.map(\.slug))

    /// The top of the tree: categories without a parent, in order.
    static func topLevel(_ entries: [Entry] = all) -> [Entry] { entries.filter { $0.parent == nil } }

    /// The categories directly under `slug`, in order.
    static func children(of slug: String, in entries: [Entry] = all) -> [Entry] { entries.filter { $0.parent == slug } }

    /// The chain from the top down to `slug`, for breadcrumbs (a cycle in the file stops the walk).
    static func path(to slug: String, in entries: [Entry] = all) -> [Entry] {
        var chain: [Entry] = []
        var current = entries.first { $0.slug == slug }
        while let entry = current, !chain.contains(where: { $0.slug == entry.slug }) {
            chain.insert(entry, at: 0)
            current = entry.parent.flatMap { parent in entries.first { $0.slug == parent } }
        }
        return chain
    }

    /// The category's name in `language`, else English, else its slug.
    static func name(_ slug: String, _ language: String) -> Entry.Name {
        let entry = all.first { $0.slug == slug }
        return entry?.names[language] ?? entry?.names["en"] ?? Entry.Name(name: slug, description: "")
    }
}

/// Kontor's own guides, shipped as Markdown files with front matter in `Resources/HelpContent/<language>/`.
enum BundledHelpContent {
    /// Every bundled guide, checked like any import; a problem is reported with its file and line.
    static func load() throws(HelpImportFailure) -> [ArticleDraft] {
        let root = BundledResources.url("HelpContent")
        return try HelpArticleFolder.read(root)
    }
}
