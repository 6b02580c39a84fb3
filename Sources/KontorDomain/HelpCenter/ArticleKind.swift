/// What shape a help-center article takes; the help center lists and renders each kind differently.
public enum ArticleKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A short question with its answer.
    case faq
    /// A step-by-step explanation, like the knowledge-base seed's guides.
    case guide
    /// A video with its transcript as body.
    case video
}
