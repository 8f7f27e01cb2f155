import BridgeApp
import Foundation

/// Everything the command line prints goes through here, made safe for a terminal: a source's escape sequences,
/// carriage returns and bidirectional overrides never reach it (see `TerminalText`). JSON output has no raw
/// control characters to begin with (the encoder escapes them).
enum Console {
    /// Prints `text` and a line feed on standard output.
    static func out(_ text: String) {
        print(TerminalText.safe(text))
    }

    /// Writes `text` and a line feed on standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.safe(text) + "\n").utf8))
    }
}
