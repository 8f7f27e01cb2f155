import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation

/// What people enter — assessments, the directory, period closes — and the projections brought up to it.
extension Bridge {
    /// Stores assessments (audited) and scores the officers and periods they name.
    /// An officer that no directory officer holds and no task names is refused, and nothing is imported: it is
    /// almost always a typing error, and its points would sit on a score row nobody owns.
    public func importAssessments(_ items: [StoredAssessment], origin: String, actor: String, at time: Timestamp) throws {
        let directory = try store.directory.current()
        let unknown = try Set(items.map(\.officer)).filter { try !isKnownOfficer($0, directory: directory) }.sorted()
        if !unknown.isEmpty {
            throw AppError("\(origin): nothing imported: no directory officer holds and no task names \(unknown.joined(separator: ", ")) (check the spelling, or import the directory first)")
        }
        try store.scores.importAssessments(items, origin: origin, actor: actor, at: time)
        try importer.projector.run(at: time, cause: "assessment \(origin)")
        try store.makeDurable()
    }

    /// Assessments with their officers as people write them (directory ids, e-mails, `namespace:account`) keyed
    /// as scores are.
    public func keyed(_ items: [StoredAssessment]) throws -> [StoredAssessment] {
        let directory = try store.directory.current()
        return items.map {
            StoredAssessment(officer: officerKey(for: $0.officer, directory: directory), period: $0.period, generalPoints: $0.generalPoints, sanction: $0.sanction)
        }
    }

    /// Deletes an assessment (audited with the reason); the officer's score goes back to provisional general points.
    public func deleteAssessment(officer: String, period: String, reason: String, actor: String, at time: Timestamp) throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AppError("deleting an assessment needs --reason") }
        try store.scores.deleteAssessment(officer: officer, period: period, reason: reason, actor: actor, at: time)
        try importer.projector.run(at: time, cause: "assessment deleted")
        try store.makeDurable()
    }

    /// Replaces the identity directory (audited), resolves every task's people through it and scores them again.
    /// Returns how many tasks changed, and the links made by hand that the new directory sets aside.
    @discardableResult
    public func importDirectory(
        _ officers: [Directory.Officer], agencies: [Directory.Agency] = [], origin: String, actor: String, at time: Timestamp
    ) throws -> (changedTasks: Int, setAside: [DirectoryLink]) {
        let setAside = try store.directory.replace(officers, agencies: agencies, origin: origin, actor: actor, at: time)
        let summary = try importer.projector.run(at: time, cause: "directory \(origin)")
        try store.makeDurable()
        return (summary.updatedTasks + summary.newTasks, setAside)
    }

    /// What importing a directory would change — officers added, removed and changed, tasks whose people resolve
    /// to other officers, stored scores that move, links set aside — worked out by importing it and projecting
    /// everything in one transaction that is rolled back: nothing is written.
    public func previewDirectory(
        _ officers: [Directory.Officer], agencies: [Directory.Agency] = [], origin: String, actor: String, at time: Timestamp
    ) throws -> DirectoryChange {
        let before = try store.directory.current()
        let projector = importer.projector
        return try store.write(dryRun: true, failure: "trying the directory from \(origin) failed") { tx in
            let scoresBefore = try tx.scores.storedScoreBodies()
            let setAside = try DirectoryStore.replace(tx, officers, agencies: agencies, origin: origin, actor: actor, at: time)
            let summary = try projector.drain(tx, at: time, cause: "directory \(origin)", keepChanges: true)
            var change = DirectoryChange.officers(from: before, to: try tx.directory())
            change.setAside = setAside
            func named(_ task: UnifiedTask?) -> [String] {
                guard let task else { return [] }
                return ([task.mainHandler] + task.coordinators.map(Optional.some)).compactMap { $0?.officerKey }
            }
            change.resolutions = summary.changes.keys.sorted().compactMap { key in
                let c = summary.changes[key]!
                return named(c.before) == named(c.after) ? nil : DirectoryChange.Resolution(task: key, before: named(c.before), after: named(c.after))
            }
            change.scores = ScoreMove.between(scoresBefore, try tx.scores.storedScoreBodies())
            return change
        }
    }

    /// The file's officers and agencies laid over the directory in force (`directory import --merge`): officers and
    /// agencies the file names are replaced by id or code, the others kept.
    public func mergedDirectory(_ officers: [Directory.Officer], agencies: [Directory.Agency]) throws -> (officers: [Directory.Officer], agencies: [Directory.Agency]) {
        let current = try store.directory.imported()
        var byId = current.officers
        for officer in officers { byId[officer.id] = officer }
        var byCode = current.agencies
        for agency in agencies { byCode[agency.code] = agency }
        return (byId.values.sorted { $0.id < $1.id }, byCode.values.sorted { $0.code < $1.code })
    }

    /// Gives an account that no officer holds to a directory officer by hand (`directory link`), audited with the
    /// reason, and projects what it changes. `account` is `namespace:id`, or an e-mail.
    public func linkAccount(_ account: String, to officer: String, reason: String, actor: String, at time: Timestamp) throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AppError("linking an account needs --reason") }
        let (namespace, id) = try Self.account(account)
        try store.directory.link(namespace: namespace, account: id, to: officer, reason: reason, actor: actor, at: time)
        try importer.projector.run(at: time, cause: "link \(namespace):\(id)")
        try store.makeDurable()
    }

    /// Takes back an account linked by hand (`directory unlink`), audited with the reason.
    public func unlinkAccount(_ account: String, reason: String, actor: String, at time: Timestamp) throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AppError("unlinking an account needs --reason") }
        let (namespace, id) = try Self.account(account)
        try store.directory.unlink(namespace: namespace, account: id, reason: reason, actor: actor, at: time)
        try importer.projector.run(at: time, cause: "unlink \(namespace):\(id)")
        try store.makeDurable()
    }

    /// `namespace:id` split, or an e-mail as `email` (lower-cased, as mappings write e-mails).
    static func account(_ text: String) throws -> (namespace: String, id: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let colon = text.firstIndex(of: ":") {
            let namespace = String(text[..<colon])
            let id = String(text[text.index(after: colon)...])
            guard !namespace.isEmpty, !id.isEmpty else { throw AppError("'\(text)' is not an account: write namespace:id, e.g. email:lan.nt@khanhhoa.gov.vn") }
            return (namespace, namespace == "email" ? id.lowercased() : id)
        }
        guard text.contains("@") else { throw AppError("'\(text)' is not an account: write namespace:id, e.g. party-member:DV00013, or an e-mail") }
        return ("email", text.lowercased())
    }

    /// Closes a period: its scores, brought up to `time`, are kept as they are; later changes become audited
    /// adjustments. Returns how many officer scores were kept.
    public func closePeriod(_ period: String, actor: String, at time: Timestamp) throws -> Int {
        if let parsed = Period(period), time < parsed.start {
            throw AppError("period \(period) has not begun at \(time): only a period that has begun can be closed")
        }
        try importer.projector.run(at: time, cause: "period close")
        let projector = importer.projector
        let kept = try store.write(failure: "closing period \(period) failed") { tx in
            // Every score of the period is computed at the closing time, then kept.
            var pairs = Set(try tx.scores.assessedPairs(period: period))
            try tx.tasks.forEachTask { task in
                for pair in projector.pairs(of: task) where pair.period == period { pairs.insert(pair) }
            }
            try tx.scores.oweScores(pairs)
            try projector.drain(tx, at: time, cause: "period close")
            return try tx.scores.closePeriod(period, actor: actor, at: time)
        }
        try store.makeDurable()
        return kept
    }

    /// Opens a closed period again, for a `reason` the audit log keeps: its scores are computed again now and
    /// kept anew by the next close. Returns how many kept scores were dropped.
    @discardableResult
    public func reopenPeriod(_ period: String, reason: String, actor: String, at time: Timestamp) throws -> Int {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw AppError("reopening a period needs --reason") }
        let dropped = try store.write(failure: "reopening period \(period) failed") { tx in
            try tx.scores.reopenPeriod(period, reason: reason, actor: actor, at: time)
        }
        try importer.projector.run(at: time, cause: "period reopen")
        try store.makeDurable()
        return dropped
    }

    /// Drops every projection — tasks' values, officer rows, stored scores — and computes it again from the facts.
    @discardableResult
    public func rebuild(at time: Timestamp) throws -> ProjectionSummary {
        let summary = try importer.projector.rebuild(at: time)
        try store.makeDurable()
        return summary
    }
}
