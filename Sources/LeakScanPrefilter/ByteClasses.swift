/// Bytes that no edge of the automaton tells apart share one class; the transition table
/// has a column per class instead of per byte.
struct ByteClasses: Sendable {
    let classOf: [UInt8]
    let count: Int
    /// `membership[set × count + class]`: the NFA byte set contains the class.
    let membership: [Bool]

    func contains(set: Int32, byteClass: Int) -> Bool { membership[Int(set) * count + byteClass] }

    init(_ sets: [ByteSet]) {
        var classOf = [Int](repeating: 0, count: 256)
        var count = 1
        for set in sets {
            var split = [Int: Int]()
            for byte in 0..<256 where set.contains(UInt8(byte)) {
                let old = classOf[byte]
                if let new = split[old] {
                    classOf[byte] = new
                } else {
                    split[old] = count
                    classOf[byte] = count
                    count += 1
                }
            }
        }
        // Renumber densely (classes emptied by splits leave gaps).
        var dense = [Int: Int]()
        for byte in 0..<256 where dense[classOf[byte]] == nil { dense[classOf[byte]] = dense.count }
        self.classOf = classOf.map { UInt8(dense[$0]!) }
        self.count = dense.count
        var representative = [Int](repeating: 0, count: dense.count)
        for byte in (0..<256).reversed() { representative[Int(self.classOf[byte])] = byte }
        membership = sets.flatMap { set in representative.map { set.contains(UInt8($0)) } }
    }
}
