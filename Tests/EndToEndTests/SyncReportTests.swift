import BridgeApp
import BridgeLedger
import BridgePipeline
import Testing

/// What `sync` prints about dead letters: the one-line summary names them, and a note says how many are new.
struct SyncReportTests {
    static func summary(_ source: String, dead: Int, new: Int) -> PollSummary {
        var s = PollSummary(source: source)
        s.pages = 2
        s.commits.records = 10
        s.commits.deadLetters = dead
        s.commits.newDeadLetters = new
        return s
    }

    @Test func theLineAndTheNoteNameDeadLetters() {
        let line = SyncReport.line(Self.summary("party", dead: 14, new: 3))
        #expect(line.contains("14 dead letter(s) (3 new)"), "\(line)")
        let note = SyncReport.deadLetterNote([Self.summary("party", dead: 14, new: 3), Self.summary("mass", dead: 0, new: 0)])
        #expect(note == "14 record(s) kept as dead letters, 3 new (party): kpibridge replay list")
        #expect(SyncReport.deadLetterNote([Self.summary("mass", dead: 0, new: 0)]) == nil)
    }
}
