import Fluent
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// "Was this helpful?": one vote per reader and article (a second vote replaces the first), optional comment.
struct HelpFeedbackController {
    struct Form: Content {
        var helpful: String?
        var comment: String?
    }

    static let commentLimit = 1000

    func register(_ routes: any RoutesBuilder) {
        routes.post(.helpFeedback(language: "", slug: ""), use: vote)
    }

    func vote(_ request: Request) async throws -> Response {
        let language = try request.helpLanguage()
        let slug = request.parameters.get("slug") ?? ""
        guard let article = try await HelpArticle.query(on: request.db).filter(\.$slug == slug).filter(\.$language == language)
            .filter(\.$statusValue == HelpArticleStatus.published.rawValue).first(), let articleID = article.id else { throw AppError.notFound }
        let form = try request.content.decode(Form.self)
        var errors: [FieldError] = []
        let isHelpful: Bool? = switch form.helpful { case "yes": true; case "no": false; default: nil }
        if isHelpful == nil { errors.append(FieldError(field: "helpful", messageKey: "error.help.choose_yes_or_no")) }
        let comment = (form.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > Self.commentLimit { errors.append(FieldError(field: "comment", messageKey: "error.too_long")) }
        if request.answersInJSON { try ValidationFailure.check(errors) }
        guard errors.isEmpty else {
            // The article again, with the form's errors where they belong and the comment as typed: never a bare 422.
            let state = FormState(failure: ValidationFailure(errors), values: ["comment": form.comment ?? "", "helpful": form.helpful ?? ""], request: request)
            return try await HelpPagesController().renderArticle(request, feedbackForm: state).encodeResponse(status: .unprocessableEntity, for: request)
        }
        guard let isHelpful, let voter = request.csrfToken else { throw AppError.csrfFailed }

        let voterHash = SecretToken.hash("help-vote|" + voter)
        // A reader is known by the form token's cookie, which anyone can drop: a new voter on an article counts only a few
        // times a day from one address, so a script cannot stuff the counts staff steer the help center by. Over that,
        // the answer is the same and nothing is counted; a reader changing her own vote is never held back.
        let isNewVoter = try await HelpFeedback.query(on: request.db).filter(\.$article.$id == articleID).filter(\.$voterHash == voterHash).first() == nil
        if isNewVoter, case .limited = try await request.rateLimiter.hit("help-vote:\(articleID.uuidString)|" + request.clientAddress,
                                                                        limit: ThrottlePolicy.helpVotesPerArticleAndAddress) {
            return request.redirect(to: SiteRoute.helpArticle(language: language, slug: slug).path + "?voted=1#feedback", redirectType: .normal)
        }
        try await request.db.transaction { db in
            // Votes on one article take turns (their counts change that row anyway): a double click's second copy then
            // finds the first one's vote and replaces it, as a later click does, instead of meeting its unique row.
            try await db.lockForUpdate(HelpArticle.self, id: articleID)
            if let previous = try await HelpFeedback.query(on: db).filter(\.$article.$id == articleID).filter(\.$voterHash == voterHash).first() {
                try await HelpFeedback.adjustCounts(of: articleID, helpful: previous.isHelpful, by: -1, on: db)
                try await previous.delete(on: db)
            }
            try await HelpFeedback(articleID: articleID, isHelpful: isHelpful, comment: comment, voterHash: voterHash, now: request.now).create(on: db)
            try await HelpFeedback.adjustCounts(of: articleID, helpful: isHelpful, by: 1, on: db)
        }
        return request.redirect(to: SiteRoute.helpArticle(language: language, slug: slug).path + "?voted=1#feedback", redirectType: .normal)
    }
}

extension HelpFeedback {
    /// Keeps the article's vote counters in step with the feedback rows, without touching `updated_at`.
    static func adjustCounts(of articleID: UUID, helpful: Bool, by delta: Int, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let column = SQLIdentifier(helpful ? "helpful_count" : "unhelpful_count")
        try await sql.update(HelpArticle.schema)
            .set(column, to: SQLBinaryExpression(column, delta >= 0 ? .add : .subtract, SQLLiteral.numeric(String(abs(delta)))))
            .where(SQLIdentifier("id"), .equal, SQLBind(articleID)).run()
    }
}
