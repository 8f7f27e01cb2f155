import BridgeModel
import CLibXML2
import Foundation

/// Reads XML with libxml2's SAX2 push parser into a `SourceDocument`, chunk by chunk.
///
/// Safe by construction: a DOCTYPE stops the parse (so no entity is ever declared, expanded or
/// fetched), the network is off, depth/text/node/size limits are enforced here and by libxml2, and
/// skipped elements (attachments) are streamed past without being kept. Stray bytes before the first
/// `<` are dropped; a declared encoding other than UTF-8 is refused.
public final class XMLStreamParser {
    private let limits: XMLLimits
    private let builder: XMLTreeBuilder
    private var context: xmlParserCtxtPtr?
    private var fedBytes = 0
    private var prologue: [UInt8] = []
    private var started = false
    private var finished = false

    public init(limits: XMLLimits = XMLLimits()) {
        self.limits = limits
        self.builder = XMLTreeBuilder(limits: limits)
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }

    /// Feeds the next bytes of the payload.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "feed after finish")
        fedBytes += bytes.count
        if fedBytes > limits.maxDocumentBytes {
            throw ParseError(.limit, "payload exceeds \(limits.maxDocumentBytes) bytes")
        }
        if started {
            try push(bytes, terminate: false)
            return
        }
        prologue.append(contentsOf: bytes)
        try startIfReady(final: false)
    }

    /// Feeds a whole byte array (convenience for small payloads and tests).
    public func feed(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in try feed(raw) }
    }

    /// Ends the input and returns the document, or the first error met.
    public func finish() throws -> SourceDocument {
        if !started { try startIfReady(final: true) }
        finished = true
        try push(UnsafeRawBufferPointer(start: nil, count: 0), terminate: true)
        guard let root = builder.root else { throw ParseError(.empty, "no root element") }
        return SourceDocument(format: .xml, root: root)
    }

    /// Parses a whole payload at once.
    public static func parse(_ bytes: [UInt8], limits: XMLLimits = XMLLimits()) throws -> SourceDocument {
        let parser = XMLStreamParser(limits: limits)
        try parser.feed(bytes)
        return try parser.finish()
    }

    private func startIfReady(final: Bool) throws {
        guard let lt = prologue.firstIndex(of: UInt8(ascii: "<")) else {
            if final || prologue.count > 65_536 {
                throw ParseError(prologue.isEmpty ? .empty : .malformed, "no XML element found")
            }
            return
        }
        // The XML declaration must be complete before the encoding can be checked.
        if prologue[lt...].starts(with: Array("<?xml".utf8)), !final,
            XMLDeclaration.declarationEnd(prologue[lt...]) == nil, prologue.count - lt < 4096
        {
            return
        }
        let body = Array(prologue[lt...])
        prologue = []
        try XMLDeclaration.checkEncoding(body)
        started = true
        try createContext()
        try body.withUnsafeBytes { raw in try push(raw, terminate: false) }
    }

    private func createContext() throws {
        var handler = xmlSAXHandler()
        XMLTreeBuilder.install(into: &handler)
        let user = Unmanaged.passUnretained(builder).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&handler, user, nil, 0, nil) else {
            throw ParseError(.malformed, "libxml2 could not create a parser")
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        xmlCtxtUseOptions(ctxt, options)
        context = ctxt
        builder.context = ctxt
    }

    private func push(_ bytes: UnsafeRawBufferPointer, terminate: Bool) throws {
        guard let ctxt = context else { return }
        let status = xmlParseChunk(
            ctxt, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), terminate ? 1 : 0)
        if let failure = builder.failure { throw failure }
        if status != 0 || ctxt.pointee.wellFormed == 0 {
            throw Self.lastError(of: ctxt)
        }
    }

    private static func lastError(of ctxt: xmlParserCtxtPtr) -> ParseError {
        guard let error = xmlCtxtGetLastError(ctxt) else {
            return ParseError(.malformed, "XML is not well-formed")
        }
        let raw = error.pointee.message.map { String(cString: $0) } ?? "XML is not well-formed"
        let message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let code: ParseError.Code
        switch Int(error.pointee.code) {
        case Int(XML_ERR_INVALID_CHAR.rawValue), Int(XML_ERR_INVALID_ENCODING.rawValue),
            Int(XML_ERR_UNSUPPORTED_ENCODING.rawValue):
            code = .encoding
        case Int(XML_ERR_UNDECLARED_ENTITY.rawValue), Int(XML_WAR_UNDECLARED_ENTITY.rawValue),
            Int(XML_ERR_ENTITY_LOOP.rawValue):
            code = .forbidden
        default:
            code = message.contains("UTF-8") ? .encoding : .malformed
        }
        let line = error.pointee.line > 0 ? Int(error.pointee.line) : nil
        return ParseError(code, message, line: line)
    }
}
