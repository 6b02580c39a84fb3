import Foundation

struct StaffHelpIndexPage: Encodable {
    struct Row: Encodable {
        let title: String
        let slug: String
        let language: String
        let status: String
        let isPublished: Bool
        let revision: Int
        let updatedAt: Date
        let editPath: String
        let viewCount: Int
    }
    struct Missing: Encodable {
        let slug: String
        let title: String
        let missingLanguages: [String]
        let translatePaths: [Link]
    }
    struct Link: Encodable {
        let label: String
        let path: String
    }
    let layout: LayoutModel
    let articles: [Row]
    let missing: [Missing]
    let newPath: String
    let analyticsPath: String
    let synonymsPath: String
}

struct StaffHelpEditorPage: Encodable {
    let layout: LayoutModel
    let heading: String
    let form: FormState
    let action: String
    let isNew: Bool
    /// The revision the save and publish forms start from; a change saved since is refused (409).
    let baseRevision: Int?
    let kinds: [SelectOption]
    let categories: [SelectOption]
    let languages: [SelectOption]
    let previewAction: String
    let previewHTML: String
    let status: String?
    /// A published article with saved changes readers do not see yet.
    let hasPendingChanges: Bool
    let discardPath: String?
    let publishPath: String?
    let unpublishPath: String?
    let revisionsPath: String?
    let publicPath: String?
}

struct StaffHelpRevisionsPage: Encodable {
    struct Row: Encodable {
        let number: Int
        let author: String
        let note: String
        let createdAt: Date
        let path: String
        let isCurrent: Bool
    }
    let layout: LayoutModel
    let title: String
    let editPath: String
    let revisions: [Row]
}

struct StaffHelpRevisionPage: Encodable {
    struct Line: Encodable {
        let kind: String  // "same", "added", "removed"
        let text: String
    }
    let layout: LayoutModel
    let title: String
    let number: Int
    let current: Int
    let author: String
    let createdAt: Date
    let titleChanged: Bool
    let oldTitle: String
    let diff: [Line]
    let restoreAction: String
    let revisionsPath: String
}
