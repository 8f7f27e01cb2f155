import Dispatch
import Foundation
import Synchronization

/// Ctrl-C during a long run: the first SIGINT (or SIGTERM) asks the run to stop at the next safe point (after
/// the group being committed), the second ends the process at once.
final class Interruption: @unchecked Sendable {  // the signal sources are only kept alive, never touched again
    private let state = Flag()
    private let sources: [any DispatchSourceSignal]

    /// The flag the signal handlers set, shared with them.
    private final class Flag: Sendable {
        let requested = Atomic<Bool>(false)
    }

    /// Starts listening for SIGINT and SIGTERM; `notice`, when given, is written on standard error at the first
    /// one, so a run that takes a while to reach its safe point says it heard.
    init(notice: String? = nil) {
        let state = self.state
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if state.requested.exchange(true, ordering: .relaxed) {
                    signal(number, SIG_DFL)
                    raise(number)
                } else if let notice {
                    FileHandle.standardError.write(Data(("\n" + notice + "\n").utf8))
                }
            }
            source.resume()
            return source
        }
    }

    /// True once a stop was asked for.
    var isRequested: Bool { state.requested.load(ordering: .relaxed) }
}
