import BridgeModel
import BridgeReconciliation
import Foundation
import Testing

/// Document numbers and notations as different systems write them.
struct DocumentCodeTests {
    @Test(arguments: [
        ("170", "UBND-VP", "170/UBND-VP"),
        ("170/UBND-VP", nil, "170/UBND-VP"),
        ("Số 170 / UBND - VP", nil, "170/UBND-VP"),
        ("số 170/ubnd-vp", nil, "170/UBND-VP"),
        ("SỐ: 170/UBND-VP", nil, "170/UBND-VP"),
        ("0170", "UBND-VP", "170/UBND-VP"),
        ("170", "UBND–VP", "170/UBND-VP"),  // en dash
        ("170", "UBND—VP", "170/UBND-VP"),  // em dash
        (" 170 ", " UBND-VP ", "170/UBND-VP"),
        ("7816", "VPCP-TTĐT", "7816/VPCP-TTĐT"),
        ("7816", "vpcp-ttđt", "7816/VPCP-TTĐT"),
        ("7816", "VPCP-TTĐT".decomposedStringWithCanonicalMapping, "7816/VPCP-TTĐT"),
        ("No. 12", "QĐ-UBND", "12/QĐ-UBND"),
        ("102/SNV-CCVC", nil, "102/SNV-CCVC"),
        ("0", "UBND", "0/UBND"),
    ] as [(String?, String?, String)])
    func spellingsOfOneCodeAreOneExactCode(number: String?, notation: String?, expected: String) {
        #expect(DocumentCode.exact(number: number, notation: notation) == expected)
    }

    @Test(arguments: [
        ("170/UBND-VP", "170/UBND VP"),
        ("170/UBND-VP", "170-UBND/VP"),
        ("7816/VPCP-TTĐT", "7816/VPCP-TTDT"),
        ("12/QĐ-UBND", "12/QD-UBND"),
    ])
    func notationsSpelledDifferentlyMeetOnlyInTheLooseForm(a: String, b: String) {
        #expect(DocumentCode.exact(number: a, notation: nil) != DocumentCode.exact(number: b, notation: nil))
        #expect(DocumentCode.loose(number: a, notation: nil) == DocumentCode.loose(number: b, notation: nil))
    }

    @Test(arguments: [("170/UBND-VP", "171/UBND-VP"), ("170/UBND-VP", "170/SNV-VP"), ("17/UBND-VP", "170/UBND-VP")])
    func differentDocumentsStayApartInBothForms(a: String, b: String) {
        #expect(DocumentCode.exact(number: a, notation: nil) != DocumentCode.exact(number: b, notation: nil))
        #expect(DocumentCode.loose(number: a, notation: nil) != DocumentCode.loose(number: b, notation: nil))
    }

    @Test(arguments: [(nil, nil), ("", "  "), (nil, "UBND-VP"), ("UBND", "VP")] as [(String?, String?)])
    func aCodeWithoutANumberIdentifiesNothing(number: String?, notation: String?) {
        #expect(DocumentCode.exact(number: number, notation: notation) == nil)
    }

    @Test func titlesCompareWithoutCaseDiacriticsOrTheVvPrefix() {
        #expect(DocumentCode.title("V/v cải cách hành chính năm 2026") == "cai cach hanh chinh nam 2026")
        #expect(DocumentCode.title("Về việc: CẢI CÁCH hành chính, năm 2026") == "ve viec cai cach hanh chinh nam 2026")
        #expect(DocumentCode.title("v/v  Cải cách hành chính năm 2026.") == "cai cach hanh chinh nam 2026")
        #expect(DocumentCode.title("Đề án đổi mới") == "de an doi moi")
        #expect(DocumentCode.title("Báo cáo") == nil)
        #expect(DocumentCode.title(nil) == nil)
    }
}

/// The keys a task is matched under.
struct MatchKeysTests {
    static func task(_ key: String, agency: String?, number: String?, notation: String? = nil, day: String?, title: String? = nil) -> UnifiedTask {
        var t = UnifiedTask(key: TaskKey(key))
        t.agency = agency
        t.document.number = number
        t.document.notation = notation
        t.document.promulgationDate = day.flatMap { CalendarDay(iso: $0) }
        t.title = title
        return t
    }

    @Test func anExactKeyNeedsAgencyCodeAndDate() {
        let full = MatchKeys.of(Self.task("a", agency: "000.00.12.H34", number: "170", notation: "UBND-VP", day: "2026-03-12", title: "V/v cải cách hành chính năm 2026"))
        #expect(full.exact == "x|000.00.12.H34|170/UBND-VP|2026-03-12")
        #expect(full.near == ["c|000.00.12.H34|170UBNDVP", "d|170/UBND-VP|2026-03-12", "t|000.00.12.H34|cai cach hanh chinh nam 2026|2026-03-12"])
        let noDate = MatchKeys.of(Self.task("b", agency: "000.00.12.H34", number: "Số 170/UBND-VP", day: nil))
        #expect(noDate.exact == nil)
        #expect(noDate.near == ["c|000.00.12.H34|170UBNDVP"])
        let noAgency = MatchKeys.of(Self.task("c", agency: nil, number: "170/UBND-VP", day: "2026-03-12"))
        #expect(noAgency.exact == nil && noAgency.near == ["d|170/UBND-VP|2026-03-12"])
        #expect(MatchKeys.of(Self.task("d", agency: " 000.00.12.h34 ", number: "170/UBND-VP", day: "2026-03-12")).exact == full.exact)
    }
}
