import KontorDomain

/// The checks a staff-written article passes before it is stored; each names its field.
enum HelpArticleValidation {
    static func check(_ draft: ArticleDraft) throws {
        var errors: [FieldError] = []
        if draft.slug.isEmpty { errors.append(FieldError(field: "slug", messageKey: "error.required")) }
        else if !Slug.isValid(draft.slug) { errors.append(FieldError(field: "slug", messageKey: "error.help.slug_invalid")) }
        if Language(rawValue: draft.language) == nil { errors.append(FieldError(field: "language", messageKey: "error.language.unsupported")) }
        if !HelpCategories.slugs.contains(draft.category) { errors.append(FieldError(field: "category", messageKey: "error.help.category_unknown")) }
        for (field, value, limit) in [("title", draft.title, ArticleFile.titleLimit), ("summary", draft.summary, ArticleFile.summaryLimit)] {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.append(FieldError(field: field, messageKey: "error.required")) }
            else if value.count > limit { errors.append(FieldError(field: field, messageKey: "error.too_long")) }
        }
        if let error = bodyError(draft.body) { errors.append(error) }
        // The same invisible characters names refuse (`TextCharacters`): titles and tags are shown and fed to readers.
        for (field, values) in [("title", [draft.title]), ("summary", [draft.summary]), ("tags", draft.tags), ("keywords", draft.keywords)]
            where !errors.contains(where: { $0.field == field }) {
            if let invisible = values.lazy.compactMap({ TextCharacters.invisibleCharacterError(in: $0, field: field) }).first {
                errors.append(invisible)
            }
        }
        // What `help-import` refuses, refused here too: an article saved in the editor must survive export and import.
        if draft.related.contains(where: { !Slug.isValid($0) }) { errors.append(FieldError(field: "related", messageKey: "error.help.related_invalid")) }
        let pages = Set(SiteRoute.helpPages.map(\.name))
        if draft.contexts.contains(where: { !pages.contains($0) }) { errors.append(FieldError(field: "contexts", messageKey: "error.help.contexts_unknown")) }
        if !errors.contains(where: { $0.field == "body" }), HelpArticleFileCheck.deadConsoleLinks(in: draft.body).count > 0 {
            errors.append(FieldError(field: "body", messageKey: "error.help.console_link_unknown"))
        }
        if draft.keywords.count > ArticleFile.keywordCountLimit || draft.keywords.contains(where: { $0.count > ArticleFile.keywordLengthLimit }) {
            errors.append(FieldError(field: "keywords", messageKey: "error.help.keywords_limit"))
        }
        try ValidationFailure.check(errors)
    }

    /// The body's problem, if any: blank, or more Markdown than an imported file may have (`ArticleFile.bodyByteLimit`),
    /// so whatever an editor saves can be exported and imported again.
    static func bodyError(_ body: String) -> FieldError? {
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return FieldError(field: "body", messageKey: "error.required") }
        if body.utf8.count > ArticleFile.bodyByteLimit { return FieldError(field: "body", messageKey: "error.help.body_too_large") }
        return nil
    }
}
