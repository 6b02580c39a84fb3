/// A line-by-line comparison of two texts for the revision page, built on the standard library's
/// `CollectionDifference` (Myers' algorithm), so no diff package is needed.
enum LineDiff {
    enum Change: Equatable {
        case same(String), added(String), removed(String)
    }

    static func compare(_ old: String, _ new: String) -> [Change] {
        let before = old.components(separatedBy: "\n"), after = new.components(separatedBy: "\n")
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
