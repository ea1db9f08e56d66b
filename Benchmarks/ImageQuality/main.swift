import Foundation
import LeakScanImages

/// Measures LeakScan's image reading on a labelled set, for Benchmarks/images.sh:
///   image-quality emblems REFERENCE-DIR IMAGE…  → per image and emblem: similarity, its fine and edge parts; seconds
///   image-quality ocr IMAGE…                   → per image: the recognised text as JSON, seconds
/// It calls the product's own code (``EmblemSearch``, ``TextRecognizer``), not a copy.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
    FileHandle.standardError.write(Data("usage: image-quality emblems REFDIR IMAGE… | ocr IMAGE…\n".utf8))
    exit(2)
}
let limits = ImageLimits()
func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
switch mode {
case "emblems":
    let emblems = try EmblemLibrary.load(directory: URL(fileURLWithPath: arguments[1]), organisation: "reference")
    let search = EmblemSearch(emblems: emblems)
    for path in arguments.dropFirst(2) {
        let started = Date()
        do {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let grey = GreyImage(try DecodedImage(bytes, limits: limits), maxSide: limits.workingSide)
            var scores = [String: Double]()
            var parts = [String: [Double]]()
            for emblem in emblems {
                let found = search.scores(of: emblem, in: grey)
                scores[emblem.name] = Double(found.similarity)
                parts[emblem.name] = [Double(found.fine), Double(found.edges)]
            }
            emit(["path": path, "scores": scores, "fine_edges": parts, "seconds": Date().timeIntervalSince(started)])
        } catch {
            emit(["path": path, "error": "\(error)"])
        }
    }
case "ocr":
    let recognizer = TextRecognizer()
    for path in arguments.dropFirst() {
        let started = Date()
        do {
            let image = try DecodedImage(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), limits: limits)
            let text = try recognizer.text(in: image, seconds: 30)
            emit(["path": path, "text": text, "seconds": Date().timeIntervalSince(started)])
        } catch {
            emit(["path": path, "error": "\(error)"])
        }
    }
default:
    FileHandle.standardError.write(Data("unknown mode \(mode)\n".utf8))
    exit(2)
}
