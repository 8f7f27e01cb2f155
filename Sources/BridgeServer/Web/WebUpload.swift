import Foundation
import Hummingbird
import NIOCore

/// A `multipart/form-data` body (a form with a file), read whole up to a limit: each part by its field name, with
/// the file name the browser gave and its bytes. Enough for the admins' uploads (a directory, assessments).
struct WebUpload: Sendable {
    struct Part: Sendable {
        let filename: String?
        let data: Data
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    let parts: [String: Part]

    subscript(name: String) -> Part? { parts[name] }

    /// The largest upload read (a province's directory is a few MiB).
    static let maxBytes = 16 << 20

    static func read(_ request: Request) async throws -> WebUpload {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
            let boundary = type.components(separatedBy: "boundary=").dropFirst().first?.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        else { throw Problem(.badRequest, "Biểu mẫu cần gửi kèm tệp (multipart/form-data).") }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "Tệp quá lớn: tối đa \(maxBytes >> 20) MiB.")
        }
        return try parse(Data(buffer.readableBytesView), boundary: boundary)
    }

    /// The parts of `body` between `--boundary` lines.
    static func parse(_ body: Data, boundary: String) throws -> WebUpload {
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [String: Part] = [:]
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { throw Problem(.badRequest, "Biểu mẫu gửi tệp không đọc được.") }
        cursor = first.upperBound
        while let next = body.range(of: delimiter, in: cursor..<body.endIndex) {
            var part = body[cursor..<next.lowerBound]
            if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
            if part.count >= 2, part.suffix(2) == Data("\r\n".utf8) { part = part.dropLast(2) }
            if let split = part.range(of: headerEnd) {
                let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
                let disposition = headers.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") } ?? ""
                if let name = value("name", in: disposition) {
                    parts[name] = Part(filename: value("filename", in: disposition), data: Data(part[split.upperBound...]))
                }
            }
            cursor = next.upperBound
            if body[cursor...].starts(with: Data("--".utf8)) { break }
        }
        return WebUpload(parts: parts)
    }

    /// `name="value"` of a Content-Disposition header.
    private static func value(_ key: String, in header: String) -> String? {
        for item in header.components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where item.hasPrefix("\(key)=") {
            return String(item.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
