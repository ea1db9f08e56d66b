import Foundation
import LeakScanCore

/// The secret that keys incident fingerprints. It must stay the same between runs (or
/// fingerprints change) and must not be in the repository (or fingerprints could be reversed).
public enum FingerprintKey {
    /// `file`, else `$LEAKSCAN_FINGERPRINT_KEY`, else a random key created once under
    /// `$XDG_STATE_HOME/leakscan/` (mode 0600).
    public static func load(file: String?) throws -> [UInt8] {
        if let file {
            return try readKey(file)
        }
        if let text = ProcessInfo.processInfo.environment["LEAKSCAN_FINGERPRINT_KEY"], !text.isEmpty {
            return Array(text.utf8)
        }
        let environment = ProcessInfo.processInfo.environment
        let stateHome =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        let directory = stateHome + "/leakscan"
        let path = directory + "/fingerprint.key"
        if FileManager.default.fileExists(atPath: path) { return try readKey(path) }
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hex = key.hexString
        guard FileManager.default.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        return Array(hex.utf8)
    }

    static func readKey(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let key = Array(data).filter { $0 != 0x0A && $0 != 0x0D }
        guard key.count >= 16 else {
            throw KeyTooShort(path: path)
        }
        return key
    }
}

/// A fingerprint key file that holds too little secret to key a hash.
public struct KeyTooShort: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "fingerprint key in \(path) is shorter than 16 bytes" }
}
