/// Who may change a product's settings (its sites, PHP settings and environment variables): the organization's
/// legal representatives and administrators, and a plain user they gave access to that one product. Every member
/// may read them; support staff go through their own grant (`SupportAccessScope`).
public enum ProductAccess {
    public static func mayManage(role: OrganizationRole, hasProductGrant: Bool) -> Bool {
        role.canManageOrganization || hasProductGrant
    }

    /// Only a plain user needs a grant: the others already manage every product, so one would mean nothing.
    public static func mayReceiveGrant(role: OrganizationRole) -> Bool { role == .user }
}
