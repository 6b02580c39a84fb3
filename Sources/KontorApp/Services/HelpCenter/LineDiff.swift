/// A line-by-line comparison of two texts for the revision page, built on the standard library's
/// `CollectionDifference` (Myers' algorithm), so no diff package is needed.
enum LineDiff {
    enum Change: Equatable {
        case same(String), added(String), removed(String)
    }

    /// Above this many differing lines (both sides together, after the common start and end), the middle is shown as
    /// removed and added in full instead of compared: Myers' algorithm costs (N+M)·D, and two 20,000-line bodies that
    /// differ everywhere took 15 s of a server thread per view.
    static let comparedLineLimit = 4_000

    static func compare(_ old: String, _ new: String) -> [Change] {
        let before = old.components(separatedBy: "\n"), after = new.components(separatedBy: "\n")
        // The common first and last lines need no comparison (most edits change a few lines in the middle).
        var start = 0
        while start < before.count, start < after.count, before[start] == after[start] { start += 1 }
        var end = 0
        while end < before.count - start, end < after.count - start, before[before.count - 1 - end] == after[after.count - 1 - end] { end += 1 }
        let oldMiddle = Array(before[start..<(before.count - end)]), newMiddle = Array(after[start..<(after.count - end)])
        var result = before[..<start].map(Change.same)
        if oldMiddle.count + newMiddle.count > comparedLineLimit {
            result += oldMiddle.map(Change.removed) + newMiddle.map(Change.added)
        } else {
            result += middle(oldMiddle, newMiddle)
        }
        return result + after[(after.count - end)...].map(Change.same)
    }

    private static func middle(_ before: [String], _ after: [String]) -> [Change] {
        let difference = after.difference(from: before)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var result: [Change] = []
        var oldIndex = 0, newIndex = 0
        while oldIndex < before.count || newIndex < after.count {
            if oldIndex < before.count, removed.contains(oldIndex) {
                result.append(.removed(before[oldIndex])); oldIndex += 1
            } else if newIndex < after.count, inserted.contains(newIndex) {
                result.append(.added(after[newIndex])); newIndex += 1
            } else {
                if newIndex < after.count { result.append(.same(after[newIndex])) }
                oldIndex += 1; newIndex += 1
            }
        }
        return result
    }
}
