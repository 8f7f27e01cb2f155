import Crypto
import BridgeSources
import Foundation

/// A payload's bytes, read in fixed chunks so that no file payload is ever held whole.
enum PayloadBytes: Sendable {
    /// A file, read again from disk each time.
    case file(String)
    /// A body already in memory (an HTTP answer).
    case data(Data)

    static let chunkSize = 1 << 20

    /// An HTTP answer's body: the file it was spooled to, or the bytes in memory.
    init(_ response: HTTPResponse) {
        self = response.bodyFile.map(PayloadBytes.file) ?? .data(response.body)
    }

    /// The size in bytes, when known without reading (0 otherwise).
    var sizeHint: Int {
        switch self {
        case .data(let data): data.count
        case .file(let path): ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        }
    }

    /// Calls `body` with each chunk in order; throws a one-line error naming the file.
    func forEachChunk(size: Int = chunkSize, _ body: (Data) throws -> Void) throws {
        switch self {
        case .data(let data):
            var offset = data.startIndex
            while offset < data.endIndex {
                let end = min(offset + size, data.endIndex)
                try body(data[offset..<end])
                offset = end
            }
        case .file(let path):
            try Self.read(path, size: size, body)
        }
    }

    private static func read(_ path: String, size: Int, _ body: (Data) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PipelineError("\(path): cannot be read")
        }
        defer { try? handle.close() }
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: size) } catch { throw PipelineError("\(path): \(error.localizedDescription)") }
            guard let chunk, !chunk.isEmpty else { return }
            try body(chunk)
        }
    }
}

/// Lower-case hex SHA-256, fed incrementally.
public struct PayloadHasher {
    private var hasher = SHA256()
    public private(set) var size = 0

    public init() {}

    /// SHA-256 of a text's UTF-8 bytes.
    public static func hex(of text: String) -> String {
        var hasher = PayloadHasher()
        hasher.update(Data(text.utf8))
        return hasher.finalize()
    }

    public mutating func update(_ data: Data) {
        hasher.update(data: data)
        size += data.count
    }

    public func finalize() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A pipeline failure that is not a record's fault (unreadable file, ledger error).
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
