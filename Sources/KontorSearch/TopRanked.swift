/// Keeps the best `capacity` documents seen, without sorting all matches.
///
/// A binary heap whose root is the worst kept document, so most offers are rejected with a single
/// comparison; sorting 10,000 matches per keystroke would cost more than the scoring itself.
struct TopRanked {
    private let capacity: Int
    private var heap: [RankedDocument] = []

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
        heap.reserveCapacity(self.capacity)
    }

    mutating func offer(_ candidate: RankedDocument) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(candidate)
            siftUp(heap.count - 1)
        } else if let worst = heap.first, candidate.ranks(above: worst) {
            heap[0] = candidate
            siftDown(0)
        }
    }

    /// The kept documents, best first.
    func sorted() -> [RankedDocument] {
        heap.sorted { $0.ranks(above: $1) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent].ranks(above: heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            let left = 2 * parent + 1, right = left + 1
            if left < heap.count, heap[worst].ranks(above: heap[left]) { worst = left }
            if right < heap.count, heap[worst].ranks(above: heap[right]) { worst = right }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
