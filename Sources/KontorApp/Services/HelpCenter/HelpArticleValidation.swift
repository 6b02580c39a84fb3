import KontorDomain

/// The checks a staff-written article passes before it is stored; each names its field.
enum HelpArticleValidation {
    static func check(_ draft: ArticleDraft) throws {
        var errors: [FieldError] = []
        if draft.slug.isEmpty { errors.append(FieldError(field: "slug", messageKey: "error.required")) }
        else if !Slug.isValid(draft.slug) { errors.append(FieldError(field: "slug", messageKey: "error.help.slug_invalid")) }
        if Language(rawValue: draft.language) == nil { errors.append(FieldError(field: "language", messageKey: "error.language.unsupported")) }
        if !HelpCategories.slugs.contains(draft.category) { errors.append(FieldError(field: "category", messageKey: "error.help.category_unknown")) }
        for (field, value, limit) in [("title", draft.title, 200), ("summary", draft.summary, 500), ("body", draft.body, 100_000)] {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.append(FieldError(field: field, messageKey: "error.required")) }
            else if value.count > limit { errors.append(FieldError(field: field, messageKey: "error.too_long")) }
        }
        try ValidationFailure.check(errors)
    }
}
