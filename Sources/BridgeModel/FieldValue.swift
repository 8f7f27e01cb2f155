/// One value that a task patch sets: its case matches the field's `TaskField.Kind`.
public enum FieldValue: Hashable, Sendable, Codable {
    case text(String)
    case time(Timestamp)
    case day(CalendarDay)
    case int(Int)
    case person(PersonRef)
    case people([PersonRef])

    /// The kind this value has.
    public var kind: TaskField.Kind {
        switch self {
        case .text: .text
        case .time: .time
        case .day: .day
        case .int: .int
        case .person: .person
        case .people: .people
        }
    }

    private enum CodingKeys: String, CodingKey { case text, time, day, int, person, people }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "empty field value"))
        }
        switch key {
        case .text: self = .text(try c.decode(String.self, forKey: key))
        case .time: self = .time(try c.decode(Timestamp.self, forKey: key))
        case .day: self = .day(try c.decode(CalendarDay.self, forKey: key))
        case .int: self = .int(try c.decode(Int.self, forKey: key))
        case .person: self = .person(try c.decode(PersonRef.self, forKey: key))
        case .people: self = .people(try c.decode([PersonRef].self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let v): try c.encode(v, forKey: .text)
        case .time(let v): try c.encode(v, forKey: .time)
        case .day(let v): try c.encode(v, forKey: .day)
        case .int(let v): try c.encode(v, forKey: .int)
        case .person(let v): try c.encode(v, forKey: .person)
        case .people(let v): try c.encode(v, forKey: .people)
        }
    }
}
