import BridgeModel
import Foundation

/// The hub's messages for the simulated documents: one edXML document per task and its status messages.
enum HubMessages {
    static let namespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
    static let issuer = (id: "000.00.00.H34", name: "UBND tỉnh Khánh Hòa")

    /// One message on the hub.
    struct Message: Sendable {
        let id: String
        let kind: String
        let created: Timestamp
        let from: String
        let to: String
        let bytes: [UInt8]
    }

    /// The status codes a task's progress has gone through, with when each was sent.
    static func statuses(_ task: SimulatedTask) -> [(code: String, at: Timestamp)] {
        let registered = Timestamp(millis: task.assignedAt.millis - 3_600_000)
        switch task.progress {
        case .cancelled: return [("02", task.assignedAt)]
        case .received: return [("03", registered)]
        case .assigned: return [("03", registered), ("04", task.assignedAt)]
        case .inProgress, .returned: return [("03", registered), ("04", task.assignedAt), ("05", task.startedAt)]
        case .completed: return [("03", registered), ("04", task.assignedAt), ("05", task.startedAt), ("06", task.completedAt)]
        }
    }

    static func messages(for task: SimulatedTask) -> [Message] {
        let agency = task.handler.agency
        var out = [Message(
            id: "edoc-\(task.number)", kind: "edoc", created: VietnamTime.startOfDay(task.promulgated).advanced(hours: 8),
            from: issuer.id, to: agency, bytes: Array(document(task).utf8))]
        for (k, at) in task.extendedAt.enumerated() {
            out.append(Message(
                id: "edoc-\(task.number)-update-\(k + 1)", kind: "edoc", created: at, from: issuer.id, to: agency,
                bytes: Array(document(task, due: task.earlierDues.count > k + 1 ? task.earlierDues[k + 1] : task.due, update: at).utf8)))
        }
        for (code, at) in statuses(task) {
            out.append(Message(id: "status-\(task.number)-\(code)", kind: "status", created: at, from: agency, to: issuer.id, bytes: Array(status(task, code: code, at: at).utf8)))
        }
        return out
    }

    static func hubTime(_ t: Timestamp) -> String {
        let text = t.description  // 2026-03-02T08:30:00.000+07:00
        let date = text.prefix(10).replacingOccurrences(of: "-", with: "/")
        return "\(date) \(text.dropFirst(11).prefix(8))"
    }

    static func hubDay(_ d: CalendarDay) -> String { d.description.replacingOccurrences(of: "-", with: "/") }

    /// A document message; with `update`, the BussinessDocType 2 message that changes its deadline to `due`.
    static func document(_ t: SimulatedTask, due: CalendarDay? = nil, update: Timestamp? = nil) -> String {
        let due = due ?? t.earlierDues.first ?? t.due
        let trace = update.map(hubTime) ?? "\(hubDay(t.promulgated)) 08:00:00"
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <edXML xmlns="\(namespace)">
         <edXML:edXMLEnvelope xmlns:edXML="\(namespace)">
          <edXML:edXMLHeader>
           <edXML:MessageHeader>
            <edXML:From><edXML:OrganId>\(issuer.id)</edXML:OrganId><edXML:OrganName>\(issuer.name)</edXML:OrganName></edXML:From>
            <edXML:To><edXML:OrganId>\(t.handler.agency)</edXML:OrganId></edXML:To>
            <edXML:DocumentId>\(t.id)</edXML:DocumentId>
            <edXML:Code><edXML:CodeNumber>\(t.number)</edXML:CodeNumber><edXML:CodeNotation>\(t.notation)</edXML:CodeNotation></edXML:Code>
            <edXML:PromulgationInfo><edXML:Place>Khánh Hòa</edXML:Place><edXML:PromulgationDate>\(hubDay(t.promulgated))</edXML:PromulgationDate></edXML:PromulgationInfo>
            <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>\(t.documentType)</edXML:TypeName></edXML:DocumentType>
            <edXML:Subject>\(t.title)</edXML:Subject>
            <edXML:DueDate>\(hubDay(due))</edXML:DueDate>
            <edXML:OtherInfo><edXML:Priority>0</edXML:Priority></edXML:OtherInfo>
           </edXML:MessageHeader>
           <edXML:TraceHeaderList>
            <edXML:TraceHeader><edXML:OrganId>\(issuer.id)</edXML:OrganId><edXML:Timestamp>\(trace)</edXML:Timestamp></edXML:TraceHeader>
            <edXML:Bussiness><edXML:BussinessDocType>\(update == nil ? 0 : 2)</edXML:BussinessDocType></edXML:Bussiness>
           </edXML:TraceHeaderList>
          </edXML:edXMLHeader>
         </edXML:edXMLEnvelope>
        </edXML>
        """
    }

    static func status(_ t: SimulatedTask, code: String, at: Timestamp) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <edXML xmlns="\(namespace)">
         <edXML:edXMLEnvelope xmlns:edXML="\(namespace)">
          <edXML:edXMLHeader><edXML:MessageHeader>
           <edXML:From><edXML:OrganId>\(t.handler.agency)</edXML:OrganId></edXML:From>
           <edXML:ResponseFor><edXML:OrganId>\(issuer.id)</edXML:OrganId><edXML:DocumentId>\(t.id)</edXML:DocumentId></edXML:ResponseFor>
           <edXML:StaffInfo><edXML:Department>\(t.handler.unit)</edXML:Department><edXML:Staff>\(t.handler.name)</edXML:Staff><edXML:Email>\(t.handler.account)</edXML:Email></edXML:StaffInfo>
           <edXML:StatusCode>\(code)</edXML:StatusCode>
           <edXML:Timestamp>\(hubTime(at))</edXML:Timestamp>
          </edXML:MessageHeader></edXML:edXMLHeader>
         </edXML:edXMLEnvelope>
        </edXML>
        """
    }
}

extension Timestamp {
    func advanced(hours: Int) -> Timestamp { Timestamp(millis: millis + Int64(hours) * 3_600_000) }
}
