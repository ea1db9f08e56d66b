/// Content-Transfer-Encoding decoders. Tolerant by design: mail in archives has junk in
/// base64, stray `=` in quoted-printable and cut-off uuencode, and a scanner must still
/// recover every byte it can rather than give up on the part.
public enum TransferDecoding {
    static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8).enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    /// Base64, skipping every byte outside the alphabet. `=` padding closes the current
    /// quantum (so concatenated encodings decode too); an unpadded partial quantum at the end
    /// is dropped, as mime4j and Python do.
    public static func base64<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        if let decoded = input.withContiguousStorageIfAvailable({ base64(buffer: $0) }) { return decoded }
        return Array(input).withUnsafeBufferPointer { base64(buffer: $0) }
    }

    /// The decoder over contiguous bytes: eight or four alphabet bytes in a row (almost all of
    /// a well-formed body) are decoded at once, eight with one 8-byte store (the output keeps
    /// slack for its two spare bytes); anything else goes byte by byte.
    static func base64(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        base64Values.withUnsafeBufferPointer { values in
            [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 8) { output, written in
                var produced = 0
                /// Writes the three bytes of a full 24-bit quantum.
                func emit(_ bits: UInt32) {
                    output[produced] = UInt8(truncatingIfNeeded: bits >> 16)
                    output[produced + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                    output[produced + 2] = UInt8(truncatingIfNeeded: bits)
                    produced += 3
                }
                var quantum: UInt32 = 0
                var count = 0
                var index = 0
                let end = input.count
                while index < end {
                    if count == 0 && index + 8 <= end {
                        var bits: UInt64 = 0
                        var invalid: UInt8 = 0
                        for position in index..<(index + 8) {
                            let value = values[Int(input[position])]
                            invalid |= value
                            bits = bits << 6 | UInt64(value)
                        }
                        if invalid < 64 {
                            // 48 bits, big-endian, in the top six of eight bytes.
                            UnsafeMutableRawPointer(output.baseAddress! + produced).storeBytes(
                                of: (bits << 16).bigEndian, as: UInt64.self)
                            produced += 6
                            index += 8
                            continue
                        }
                    }
                    if count == 0 && index + 4 <= end {
                        let first = UInt32(values[Int(input[index])]), second = UInt32(values[Int(input[index + 1])])
                        let third = UInt32(values[Int(input[index + 2])]), fourth = UInt32(values[Int(input[index + 3])])
                        if first | second | third | fourth < 64 {
                            emit(first << 18 | second << 12 | third << 6 | fourth)
                            index += 4
                            continue
                        }
                    }
                    let byte = input[index]
                    index += 1
                    if byte == UInt8(ascii: "=") {
                        // Padding: flush what the quantum holds (2 values → 1 byte, 3 → 2 bytes).
                        if count >= 2 {
                            let bits = quantum << UInt32(6 * (4 - count))
                            output[produced] = UInt8(truncatingIfNeeded: bits >> 16)
                            produced += 1
                            if count == 3 {
                                output[produced] = UInt8(truncatingIfNeeded: bits >> 8)
                                produced += 1
                            }
                        }
                        quantum = 0
                        count = 0
                        continue
                    }
                    let value = values[Int(byte)]
                    if value == 0xFF { continue }
                    quantum = quantum << 6 | UInt32(value)
                    count += 1
                    if count == 4 {
                        emit(quantum)
                        quantum = 0
                        count = 0
                    }
                }
                written = produced
            }
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// Quoted-printable: `=XX` escapes, `=` at line end is a soft break (so a card number
    /// split across lines is whole again), an `=` not followed by hex is kept as is.
    /// - Parameter underscoreIsSpace: RFC 2047 "Q" encoding.
    public static func quotedPrintable<C: Collection>(_ input: C, underscoreIsSpace: Bool = false) -> [UInt8]
    where C.Element == UInt8, C.Index == Int {
        var output = [UInt8]()
        output.reserveCapacity(input.count)
        var index = input.startIndex
        let end = input.endIndex
        while index < end {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                // Soft line break: "=" then optional whitespace then CRLF or LF.
                var look = index + 1
                while look < end, input[look] == 0x20 || input[look] == 0x09 { look += 1 }
                if look < end, input[look] == 0x0A {
                    index = look + 1
                    continue
                }
                if look + 1 < end, input[look] == 0x0D, input[look + 1] == 0x0A {
                    index = look + 2
                    continue
                }
                if look == end {
                    index = end
                    continue
                }
                if index + 2 < end, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                output.append(byte)
                index += 1
            } else if underscoreIsSpace && byte == UInt8(ascii: "_") {
                output.append(0x20)
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// uuencode body lines (between `begin` and `end`): each line's first character gives
    /// its length; lines that do not fit are skipped.
    public static func uudecode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        var output = [UInt8]()
        var inside = false
        for line in input.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }
            if !inside {
                if bytes.starts(with: Array("begin ".utf8)) { inside = true }
                continue
            }
            if bytes.starts(with: Array("end".utf8)) { break }
            guard let first = bytes.first else { continue }
            let count = Int((first &- 0x20) & 0x3F)
            if count == 0 { continue }
            var decoded = [UInt8]()
            var group = [UInt8]()
            for byte in bytes.dropFirst() {
                group.append((byte &- 0x20) & 0x3F)
                if group.count == 4 {
                    decoded.append(group[0] << 2 | group[1] >> 4)
                    decoded.append(group[1] << 4 | group[2] >> 2)
                    decoded.append(group[2] << 6 | group[3])
                    group.removeAll(keepingCapacity: true)
                }
            }
            if !group.isEmpty {
                while group.count < 4 { group.append(0) }
                decoded.append(group[0] << 2 | group[1] >> 4)
                decoded.append(group[1] << 4 | group[2] >> 2)
                decoded.append(group[2] << 6 | group[3])
            }
            output += decoded.prefix(count)
        }
        return output
    }
}
