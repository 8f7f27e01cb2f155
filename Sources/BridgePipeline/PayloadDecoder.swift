import BridgeMapping
import BridgeModel
import BridgeParsing
import Foundation

/// Reads a payload file once: hashes every byte and parses it in the mapping's format, streaming XML.
struct PayloadDecoder {
    /// What reading produced: the hash and size of all bytes, and the document or why it could not be read.
    struct Decoded {
        let hash: String
        let size: Int
        let document: Result<SourceDocument, ParseError>
        /// All the bytes, when there are at most `keptBytes` of them: the commit stores these very bytes instead
        /// of reading the file a second time.
        var bytes: Data?
    }

    /// Payloads up to this size are kept whole between parsing and storing (one storage chunk).
    static let keptBytes = PayloadBytes.chunkSize

    /// The mapping's format (only that: copying a whole mapping per payload was measurable).
    let format: SourceDocument.Format
    let limits: XMLLimits

    func decode(_ reader: PayloadBytes) throws -> Decoded {
        var hasher = PayloadHasher()
        var failure: ParseError?
        var document: SourceDocument?
        var kept: Data?
        switch format {
        case .xml:
            let parser = XMLStreamParser(limits: limits)
            kept = Data()
            try reader.forEachChunk(size: 64 << 10) { chunk in
                hasher.update(chunk)
                if hasher.size <= Self.keptBytes { kept?.append(chunk) } else { kept = nil }
                guard failure == nil else { return }  // keep hashing: the raw bytes are stored whole
                do { try chunk.withUnsafeBytes { try parser.feed($0) } } catch let error as ParseError { failure = error }
            }
            if failure == nil {
                do { document = try parser.finish() } catch let error as ParseError { failure = error }
            }
        case .json:
            var data = Data()
            data.reserveCapacity(reader.sizeHint)  // one allocation, not a doubling series
            try reader.forEachChunk { chunk in
                hasher.update(chunk)
                data.append(chunk)
            }
            do { document = try JSONReader.parse(data) } catch let error as ParseError { failure = error }
            if data.count <= Self.keptBytes { kept = data }
        }
        let result: Result<SourceDocument, ParseError> = document.map { .success($0) } ?? .failure(failure!)
        return Decoded(hash: hasher.finalize(), size: hasher.size, document: result, bytes: kept)
    }
}
