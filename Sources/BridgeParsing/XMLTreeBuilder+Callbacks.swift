import CLibXML2

extension XMLTreeBuilder {
    /// Points libxml2's SAX2 handler at the builder's callbacks, with every DTD path refused.
    static func install(into handler: inout xmlSAXHandler) {
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { ctx, localname, prefix, uri, _, _, attributeCount, _, attributes in
            let builder = XMLTreeBuilder.from(ctx)
            var attrs: [String: String] = [:]
            if let attributes, attributeCount > 0 {
                // Five pointers per attribute: localname, prefix, URI, value start, value end.
                for i in 0..<Int(attributeCount) {
                    guard let name = attributes[i * 5], let start = attributes[i * 5 + 3],
                        let end = attributes[i * 5 + 4]
                    else { continue }
                    let value = UnsafeBufferPointer(start: start, count: end - start)
                    attrs[String(cString: name)] = String(decoding: value, as: UTF8.self)
                }
            }
            builder.startElement(
                localname: localname.map(builder.name) ?? "", prefix: prefix.map(builder.name), uri: uri.map(builder.name),
                attributes: attrs)
        }
        handler.endElementNs = { ctx, _, _, _ in XMLTreeBuilder.from(ctx).endElement() }
        handler.characters = { ctx, ch, len in
            guard let ch, len > 0 else { return }
            XMLTreeBuilder.from(ctx).characters(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        handler.cdataBlock = handler.characters
        handler.internalSubset = { ctx, _, _, _ in
            XMLTreeBuilder.from(ctx).fail(
                .forbidden, "DOCTYPE is not accepted (entities and external references are never processed)")
        }
        handler.entityDecl = { ctx, name, _, _, _, _ in
            XMLTreeBuilder.from(ctx).fail(.forbidden, "entity declaration '\(name.map { String(cString: $0) } ?? "")' refused")
        }
        handler.getEntity = { _, _ in nil }
        handler.getParameterEntity = { _, _ in nil }
        handler.resolveEntity = { _, _, _ in nil }
        // Errors are read from the context after each chunk; this keeps libxml2 from printing them.
        handler.serror = { _, _ in }
    }

    static func from(_ ctx: UnsafeMutableRawPointer?) -> XMLTreeBuilder {
        Unmanaged<XMLTreeBuilder>.fromOpaque(ctx!).takeUnretainedValue()
    }
}
