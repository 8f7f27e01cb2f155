import Foundation

/// What the conflicts computed on read are made from (not stored: they change with the directory and with each
/// source audit): the accounts tasks name that no directory officer holds, the latest audit of each source, the
/// tasks those audits name, and the admins' decisions.
public struct ConflictInputs: Sendable {
    /// One task naming an account no directory officer holds.
    public struct AccountUse: Sendable, Hashable {
        public let account: String
        public let task: TaskKey
        /// `main` or `coordinator`.
        public let role: String
        public let agency: String?

        public init(account: String, task: TaskKey, role: String, agency: String?) {
            self.account = account
            self.task = task
            self.role = role
            self.agency = agency
        }
    }

    /// By account, then task, then role.
    public let unheldAccounts: [AccountUse]
    /// The latest audit of each source, by source.
    public let audits: [SourceAudit]
    /// The stored tasks the audits' missing records made.
    public let auditedTasks: [TaskKey: UnifiedTask]
    public let decisions: [ReconcileDecision]
    /// Officers' disputes, each with its task's agency.
    public let disputes: [Dispute]

    public init(
        unheldAccounts: [AccountUse], audits: [SourceAudit], auditedTasks: [TaskKey: UnifiedTask], decisions: [ReconcileDecision], disputes: [Dispute] = []
    ) {
        self.unheldAccounts = unheldAccounts
        self.audits = audits
        self.auditedTasks = auditedTasks
        self.decisions = decisions
        self.disputes = disputes
    }
}
