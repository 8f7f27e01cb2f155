import BridgeModel
import Foundation
import Testing

struct TextFoldTests {
    /// The table's claim, for every scalar it holds: alone, between ASCII letters, and twice in a row, the fast
    /// fold equals Foundation's (NFD, nonspacing marks dropped).
    @Test func everyTableScalarFoldsAsFoundationFoldsIt() {
        for value in UInt32(0x80)...0x1EFF where TextFold.tableIndex(value) != nil {
            let scalar = String(Character(Unicode.Scalar(value)!))
            for text in [scalar, "a" + scalar + "b", scalar + scalar] {
                #expect(Array(TextFold.withoutDiacritics(text).unicodeScalars) == Array(TextFold.slowWithoutDiacritics(text).unicodeScalars),
                    "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test(arguments: [
        ("Nội vụ", "Noi vu"),
        ("Đề án đổi mới", "Đe an đoi moi"),  // đ has no decomposition
        ("CẢI CÁCH HÀNH CHÍNH", "CAI CACH HANH CHINH"),
        ("Nguye\u{0302}\u{0303}n Thi\u{0323} Lan", "Nguyen Thi Lan"),  // NFD input: the slow path
        ("Ελληνικά", "Ελληνικα"),  // outside the table: the slow path
        ("plain ASCII", "plain ASCII"),
        ("", ""),
    ])
    func lettersLoseTheirDiacritics(text: String, expected: String) {
        #expect(TextFold.withoutDiacritics(text) == expected)
    }

    @Test(arguments: [
        ("abc", "abc"), ("  abc ", "abc"), ("\u{00A0}Nội vụ\u{3000}", "Nội vụ"), ("\n\t", ""), ("", ""), ("a b", "a b"),
    ])
    func trimmingDropsUnicodeWhiteSpaceAtTheEndsOnly(text: String, expected: String) {
        #expect(TextFold.trimmed(text) == expected)
    }
}
