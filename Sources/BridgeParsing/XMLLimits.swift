/// Bounds that keep a hostile or broken XML payload from using unbounded memory or time.
public struct XMLLimits: Sendable, Hashable {
    /// Deepest element nesting accepted (edXML in a SOAP wrapper needs about 10).
    public var maxDepth: Int = 128
    /// Largest text kept for one element; larger text is an error unless the element is skipped.
    public var maxTextBytes: Int = 1 << 20
    /// Largest payload accepted, in bytes.
    public var maxDocumentBytes: Int = 512 << 20
    /// Most elements kept in the tree.
    public var maxNodes: Int = 200_000
    /// Local names of elements whose content is streamed past and never kept (base64 attachments).
    public var skippedElements: Set<String> = ["AttachmentEncoded", "ContentTransferEncoded"]

    public init() {}
}
