import Foundation

/// Reference emblems from folders of pictures (several per organisation allowed).
public enum EmblemLibrary {
    /// File suffixes read as reference pictures.
    public static let imageSuffixes: Set<String> = ["png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"]

    /// Every picture in `directory` (not recursive), as emblems of `organisation`, in name
    /// order; a file that is not a usable picture is an error naming it.
    public static func load(directory: URL, organisation: String, limits: ImageLimits = ImageLimits()) throws -> [Emblem] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { imageSuffixes.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        return try names.map { name in
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            do {
                return try Emblem(organisation: organisation, name: name, bytes: bytes, limits: limits)
            } catch {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(directory.path)/\(name): \(error)"])
            }
        }
    }
}
