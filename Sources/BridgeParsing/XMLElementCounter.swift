import CLibXML2
import Foundation

/// The benchmark's floor for XML: libxml2's SAX2 push parser with one callback that counts elements — the
/// least work any pipeline on this library can do per document (same parser options as `XMLStreamParser`).
public enum XMLElementCounter {
    /// Counts the elements of one document; nil when libxml2 reports it is not well-formed.
    public static func count(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { user, _, _, _, _, _, _, _, _ in
            user?.assumingMemoryBound(to: Int.self).pointee += 1
        }
        let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        counter.initialize(to: 0)
        defer { counter.deallocate() }
        guard let context = xmlCreatePushParserCtxt(&handler, counter, nil, 0, nil) else { return nil }
        defer { xmlFreeParserCtxt(context) }
        _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue))
        let status = xmlParseChunk(context, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), 1)
        return status == 0 && context.pointee.wellFormed != 0 ? counter.pointee : nil
    }
}
