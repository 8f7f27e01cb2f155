import Foundation

/// The identity directory: officers and their accounts in each system, so one person is one officer everywhere.
/// Pure: resolution takes a person as a source names them and answers with an officer id, or nil.
public struct Directory: Sendable, Hashable {
    /// One officer.
    public struct Officer: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var agency: String?
        public var unit: String?
        public var block: Block?
        /// Job position (vị trí việc làm) and catalogue group (A/B/C/D), for per-position coefficients.
        public var position: String?
        public var group: String?
        /// Accounts by identity namespace: `email`, `party-member`, `union-member`, `eoffice-staff`, …
        public var accounts: [String: [String]]

        public init(
            id: String, name: String, agency: String? = nil, unit: String? = nil, block: Block? = nil, position: String? = nil,
            group: String? = nil, accounts: [String: [String]] = [:]
        ) {
            self.id = id
            self.name = name
            self.agency = agency
            self.unit = unit
            self.block = block
            self.position = position
            self.group = group
            self.accounts = accounts
        }
    }

    /// An agency (cơ quan) with its block and units.
    public struct Agency: Sendable, Hashable, Codable {
        public var code: String
        public var name: String
        public var block: Block
        public var units: [String]

        public init(code: String, name: String, block: Block, units: [String] = []) {
            self.code = code
            self.name = name
            self.block = block
            self.units = units
        }
    }

    public let officers: [String: Officer]
    /// The organisation, by agency code; empty when the directory lists none.
    public let agencies: [String: Agency]
    let byAccount: [String: String]
    private let byName: [String: [String]]

    /// Builds the indexes; a problem (an account claimed by two officers, an empty id, an officer in an agency or
    /// unit the organisation does not list) is thrown with what to fix. An officer without a block gets their
    /// agency's.
    public init(_ list: [Officer], agencies agencyList: [Agency] = []) throws {
        var agencies: [String: Agency] = [:]
        for agency in agencyList {
            guard agencies[agency.code] == nil else { throw DirectoryError("agency '\(agency.code)' appears twice") }
            agencies[agency.code] = agency
        }
        var officers: [String: Officer] = [:]
        var byAccount: [String: String] = [:]
        var byName: [String: [String]] = [:]
        for officer in list {
            guard !officer.id.isEmpty else { throw DirectoryError("an officer has an empty id") }
            guard officers[officer.id] == nil else { throw DirectoryError("officer id '\(officer.id)' appears twice") }
            var officer = officer
            if !agencies.isEmpty, let code = officer.agency {
                guard let agency = agencies[code] else { throw DirectoryError("officer '\(officer.id)': agency '\(code)' is not in the organisation") }
                if let unit = officer.unit, !agency.units.isEmpty, !agency.units.contains(unit) {
                    throw DirectoryError("officer '\(officer.id)': unit '\(unit)' is not a unit of \(agency.name)")
                }
                officer.block = officer.block ?? agency.block
            }
            officers[officer.id] = officer
            byName[Self.nameKey(officer.name), default: []].append(officer.id)
            for (namespace, ids) in officer.accounts {
                for id in ids {
                    let key = Self.accountKey(namespace, id)
                    if let other = byAccount[key], other != officer.id {
                        throw DirectoryError("account \(namespace):\(id) belongs to both '\(other)' and '\(officer.id)'")
                    }
                    byAccount[key] = officer.id
                }
            }
        }
        self.officers = officers
        self.agencies = agencies
        self.byAccount = byAccount
        self.byName = byName
    }

    public static let empty = try! Directory([])

    /// The officer a person resolves to: by account first; else by name (NFC, case-insensitive) when exactly one
    /// officer has it — within `agency` when given — and never a guess between two.
    public func resolve(_ person: PersonRef, agency: String? = nil) -> String? {
        if let id = person.id, let officer = byAccount[Self.accountKey(person.namespace, id)] { return officer }
        guard let name = person.name, let candidates = byName[Self.nameKey(name)] else { return nil }
        if candidates.count == 1 { return candidates[0] }
        let local = candidates.filter { officers[$0]?.agency == agency }
        return agency != nil && local.count == 1 ? local[0] : nil
    }

    /// The task with every person resolved through the directory (raw values kept alongside).
    public func resolved(_ task: UnifiedTask) -> UnifiedTask {
        var out = task
        out.mainHandler = task.mainHandler.map { person in
            var p = person
            p.officer = resolve(person, agency: task.agency)
            return p
        }
        out.assignedBy = task.assignedBy.map { person in
            var p = person
            p.officer = resolve(person, agency: task.agency)
            return p
        }
        out.coordinators = task.coordinators.map { person in
            var p = person
            p.officer = resolve(person, agency: task.agency)
            return p
        }
        return out
    }

    static func accountKey(_ namespace: String, _ id: String) -> String {
        "\(namespace):\(namespace == "email" ? id.lowercased() : id)"
    }

    /// NFC (decomposed names are common), case- and space-insensitive.
    static func nameKey(_ name: String) -> String {
        NFC.normalized(name).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A directory that cannot be used, in one line.
public struct DirectoryError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
