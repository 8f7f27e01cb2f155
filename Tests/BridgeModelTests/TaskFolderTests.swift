import BridgeModel
import Testing

struct TaskFolderTests {
    static let key = TaskKey("doc-1@agency")

    static func patch(
        _ id: String, at minute: Int, code: String? = nil, status: TaskStatus? = nil, rank: Int = 0, reopens: Bool = false,
        fields: [TaskField: FieldValue] = [:]
    ) -> TaskPatch {
        let ref = RecordRef(source: "s", recordId: id, recordVersion: "1", payloadHash: id, mappingId: "m", mappingVersion: 1)
        let change = code.map { StatusChange(code: $0, status: status, rank: rank, reopens: reopens) }
        return TaskPatch(
            taskKey: key, record: ref, sourceTime: Timestamp(millis: Int64(minute) * 60_000), fields: fields, status: change)
    }

    static let chain: [TaskPatch] = [
        patch("doc", at: 0, fields: [.title: .text("Báo cáo"), .dueAt: .time(Timestamp(millis: 10 * 60_000))]),
        patch("01", at: 1, code: "01", status: .received, rank: 1),
        patch("03", at: 2, code: "03", status: .received, rank: 3),
        patch("04", at: 3, code: "04", status: .assigned, rank: 4,
              fields: [.mainHandler: .person(PersonRef(namespace: "email", id: "lan@x", name: "Lan"))]),
        patch("05", at: 4, code: "05", status: .inProgress, rank: 5),
        patch("06", at: 5, code: "06", status: .completed, rank: 6),
        patch("01-again", at: 9, code: "01", status: .received, rank: 1),
        patch("update", at: 6, fields: [.dueAt: .time(Timestamp(millis: 20 * 60_000)), .title: .text("Báo cáo (cập nhật)")]),
    ]

    @Test func anyArrivalOrderGivesTheSameTask() {
        let expected = TaskFolder.fold(key: Self.key, patches: Self.chain)
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            let shuffled = Self.chain.shuffled(using: &generator)
            #expect(TaskFolder.fold(key: Self.key, patches: shuffled) == expected)
        }
    }

    @Test func resentArrivalAfterCompletionChangesNothing() {
        let task = TaskFolder.fold(key: Self.key, patches: Self.chain)
        #expect(task.status == .completed)
        #expect(task.statusCode == "06")
        #expect(task.completedAt == Timestamp(millis: 5 * 60_000))
        #expect(task.mainHandler?.id == "lan@x")
        #expect(task.title == "Báo cáo (cập nhật)")
    }

    @Test func extendedDeadlineKeepsItsHistory() {
        let task = TaskFolder.fold(key: Self.key, patches: Self.chain)
        #expect(task.deadlines == [Timestamp(millis: 10 * 60_000), Timestamp(millis: 20 * 60_000)])
        #expect(task.dueAt == Timestamp(millis: 20 * 60_000))
        // Completed at minute 5: both deadlines still ahead.
        #expect(task.missedDeadlines(at: Timestamp(millis: 100 * 60_000)) == 0)
    }

    @Test func statusesSharingOneTimestampApplyInRankOrder() {
        let same = [
            Self.patch("06", at: 7, code: "06", status: .completed, rank: 6),
            Self.patch("04", at: 7, code: "04", status: .assigned, rank: 4),
            Self.patch("05", at: 7, code: "05", status: .inProgress, rank: 5),
        ]
        let task = TaskFolder.fold(key: Self.key, patches: same)
        #expect(task.status == .completed)
        #expect(task.completedAt == Timestamp(millis: 7 * 60_000))
    }

    @Test func cancellationOutranksLaterProgress() {
        let patches = [
            Self.patch("15", at: 1, code: "15", status: .cancelled, rank: 90),
            Self.patch("05", at: 2, code: "05", status: .inProgress, rank: 5),
        ]
        #expect(TaskFolder.fold(key: Self.key, patches: patches).status == .cancelled)
    }

    @Test func aReturnReopensAndIsCountedOncePerEvent() {
        var patches = [
            Self.patch("06", at: 1, code: "06", status: .completed, rank: 6),
            Self.patch("ret", at: 2, code: "returned", status: .returned, rank: 2, reopens: true),
        ]
        var task = TaskFolder.fold(key: Self.key, patches: patches)
        #expect(task.status == .returned)
        #expect(task.completedAt == nil)
        #expect(task.returns == 1)
        patches.append(patches[1])  // the same record applied twice
        task = TaskFolder.fold(key: Self.key, patches: patches)
        #expect(task.returns == 1)
        patches.append(Self.patch("06b", at: 3, code: "06", status: .completed, rank: 6))
        task = TaskFolder.fold(key: Self.key, patches: patches)
        #expect(task.status == .completed)
        #expect(task.completedAt == Timestamp(millis: 3 * 60_000))
    }

    @Test(arguments: [(9, 0), (10, 0), (11, 1), (21, 2)])
    func openTaskMissesEachDeadlinePassedBeforeTime(minute: Int, missed: Int) {
        let open = [Self.chain[0], Self.chain[7]]
        let task = TaskFolder.fold(key: Self.key, patches: open)
        // Due at minute 10 exactly is on time; the extension to 20 is missed at 21.
        #expect(task.missedDeadlines(at: Timestamp(millis: Int64(minute) * 60_000)) == missed)
    }
}

/// Counts a source reports itself, beside the events the bridge sees: the larger wins, never the sum.
struct ReportedCountTests {
    static func returnsEvents(_ ids: Set<String>, at minute: Int) -> TaskPatch {
        var patch = TaskFolderTests.patch("events-\(minute)", at: minute)
        patch.returns = ids
        return patch
    }

    @Test(arguments: [
        (["r1", "r2"], 5, 5),  // the tool counted returns the bridge never saw
        (["r1", "r2", "r3"], 1, 3),  // the events are more: they stand
        ([], 0, 0),
    ])
    func theLargerOfEventsAndTheReportedCountIsTheCount(_ events: [String], _ reported: Int, _ expected: Int) {
        let patches = [Self.returnsEvents(Set(events), at: 1), TaskFolderTests.patch("count", at: 2, fields: [.returns: .int(reported)])]
        for order in [patches, patches.reversed()] {
            #expect(TaskFolder.fold(key: TaskFolderTests.key, patches: order).returns == expected)
        }
    }

    @Test func aReportedMissedDeadlineCountCountsInTimeliness() {
        let due = Timestamp(millis: 100 * 60_000)
        var task = TaskFolder.fold(key: TaskFolderTests.key, patches: [
            TaskFolderTests.patch("doc", at: 0, fields: [.dueAt: .time(due), .missedDeadlines: .int(2), .majorErrors: .int(1)]),
        ])
        #expect(task.reportedMissedDeadlines == 2 && task.majorErrors == 1)
        #expect(task.missedDeadlines(at: Timestamp(millis: 50 * 60_000)) == 2)  // the one deadline the bridge sees is not yet passed
        task.reportedMissedDeadlines = nil
        #expect(task.missedDeadlines(at: Timestamp(millis: 200 * 60_000)) == 1)
    }
}
