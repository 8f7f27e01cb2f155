import Foundation

/// A system error in one line an operator can act on: the file and the reason (`x.csv: No such file or
/// directory`), never `NSCocoaErrorDomain error 256` or an NSError dump.
public enum SystemErrorText {
    public static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            let path = cocoa.filePath ?? cocoa.url?.path
            let reason = posixReason(cocoa.userInfo[NSUnderlyingErrorKey]) ?? cocoaReason(cocoa.code)
            return path.map { "\($0): \(reason)" } ?? reason
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSURLErrorDomain {
            let path = ns.userInfo[NSFilePathErrorKey] as? String
            let reason = posixReason(ns.userInfo[NSUnderlyingErrorKey]) ?? ns.localizedDescription
            return path.map { "\($0): \(reason)" } ?? reason
        }
        return "\(error)"
    }

    private static func posixReason(_ underlying: Any?) -> String? {
        if let posix = underlying as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        guard let underlying = underlying as? NSError, underlying.domain == NSPOSIXErrorDomain else { return nil }
        return String(cString: strerror(Int32(underlying.code)))
    }

    private static func cocoaReason(_ code: CocoaError.Code) -> String {
        switch code {
        case .fileNoSuchFile, .fileReadNoSuchFile: "no such file"
        case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
        case .fileWriteOutOfSpace: "the disk is full"
        case .fileReadCorruptFile: "the file cannot be read"
        case .fileReadInapplicableStringEncoding: "not UTF-8 text"
        case .fileWriteVolumeReadOnly: "read-only file system"
        case .fileWriteFileExists: "the file exists already"
        default: "the file operation failed (code \(code.rawValue))"
        }
    }
}
