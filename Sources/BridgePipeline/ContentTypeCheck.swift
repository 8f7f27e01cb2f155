import BridgeModel
import BridgeSources
import Foundation

/// Refuses an answer whose declared type is plainly not what the mapping reads — an HTML page (a proxy's login
/// or error page served with 200) or XML for a JSON mapping and the reverse — before it reaches the ledger: the
/// poll fails with a source error and moves no checkpoint. Undeclared or generic types are left to the parser.
enum ContentTypeCheck {
    static func verify(_ response: HTTPResponse, format: SourceDocument.Format, source: String, request: HTTPRequest) throws {
        guard let declared = response.header("Content-Type") else { return }
        let type = declared.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let isHTML = type == "text/html" || type == "application/xhtml+xml"
        let isXML = type.hasSuffix("/xml") || type.hasSuffix("+xml")
        let isJSON = type.hasSuffix("/json") || type.hasSuffix("+json")
        let wrong = isHTML || (format == .json && isXML) || (format == .xml && isJSON)
        guard wrong else { return }
        let expected = format == .json ? "JSON" : "XML"
        throw SourceError(
            .contentType, source: source, request: request, status: response.status,
            message: "answered \(type)\(isHTML ? " (a login or error page?)" : "") where \(expected) was expected; nothing imported")
    }
}
