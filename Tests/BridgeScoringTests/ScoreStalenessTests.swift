import BridgeModel
import BridgeScoring
import Testing

/// A stored score is read until `nextChange`: until then time alone must not move it, and at that instant it may.
struct ScoreStalenessTests {
    /// Random tasks of one officer around March 2026: deadlines, extensions, completions, assignments.
    static func randomTasks(_ g: inout SeededGenerator) -> [UnifiedTask] {
        let start = Timestamp(iso8601: "2026-02-20T00:00:00+07:00")!.millis
        func instant(_ g: inout SeededGenerator) -> Timestamp { Timestamp(millis: start + Int64.random(in: 0..<(50 * 86_400_000), using: &g)) }
        return (0..<Int.random(in: 1...8, using: &g)).map { n in
            var deadlines: [String] = []
            for _ in 0..<Int.random(in: 0...3, using: &g) { deadlines.append(instant(&g).description) }
            deadlines.sort()
            let completed = Bool.random(using: &g) ? instant(&g).description : nil
            let assigned = Bool.random(using: &g) ? instant(&g).description : nil
            let status: TaskStatus? = Int.random(in: 0..<8, using: &g) == 0 ? .cancelled : nil
            return ScorerTests.task(
                "t\(n)", due: deadlines.last, completed: completed, status: status, errors: Int.random(in: 0...1, using: &g),
                deadlines: deadlines, assigned: assigned)
        }
    }

    @Test(arguments: 1...40)
    func aScoreHoldsUntilItsNextChangeInstant(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed))
        let tasks = Self.randomTasks(&g)
        let scorer = Scorer()
        var time = Timestamp(iso8601: "2026-02-25T00:00:00+07:00")!
        // Walk forward from one change instant to the next: the score is constant on every step between them.
        for _ in 0..<40 {
            let score = ScorerTests.score(tasks, at: time)
            guard let next = scorer.nextChange(of: tasks, after: time) else {
                #expect(ScorerTests.score(tasks, at: Timestamp(iso8601: "2027-12-31T00:00:00+07:00")!).total == score.total)
                break
            }
            #expect(next > time)
            for probe in [time.millis + 1, (time.millis + next.millis) / 2, next.millis - 1] where probe > time.millis && probe < next.millis {
                let later = ScorerTests.score(tasks, at: Timestamp(millis: probe))
                #expect(later.total == score.total && later.contributions == score.contributions,
                    "seed \(seed): score moved at \(Timestamp(millis: probe)) before \(next)")
            }
            time = next
        }
    }

    @Test func noTaskAheadMeansNoChangeInstant() {
        let done = ScorerTests.task("a", due: "2026-03-10T17:00:00+07:00", completed: "2026-03-09T10:00:00+07:00")
        #expect(Scorer().nextChange(of: [done], after: Timestamp(iso8601: "2026-04-01T00:00:00+07:00")!) == nil)
        let open = ScorerTests.task("b", due: "2026-03-31T23:59:59.999+07:00")
        // An open task's deadline is missed one millisecond after it: that is when its score moves.
        #expect(Scorer().nextChange(of: [open], after: Timestamp(iso8601: "2026-03-31T23:59:59.999+07:00")!)
            == Timestamp(iso8601: "2026-04-01T00:00:00.000+07:00")!)
    }
}
