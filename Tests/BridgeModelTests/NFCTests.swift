import BridgeModel
import Foundation
import Testing

struct NFCTests {
    /// The fast path's claim, checked for every scalar it accepts: alone, and after a base letter.
    @Test func everyScalarTheFastPathAcceptsIsItsOwnNFC() {
        for value in UInt32(0)...0x206F where NFC.isStable(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(Character(scalar)), "a" + String(Character(scalar))] {
                #expect(Array(text.precomposedStringWithCanonicalMapping.unicodeScalars) == Array(text.unicodeScalars), "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test(arguments: [
        ("Nguye\u{0302}\u{0303}n Thi\u{0323} Lan", "Nguyễn Thị Lan"),  // NFD: combining marks
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        ("\u{212B}ngström", "\u{C5}ngström"),  // a singleton: the Ångström sign
        ("Số 170 / UBND - VP", "Số 170 / UBND - VP"),
    ])
    func normalisedTextIsNFC(text: String, expected: String) {
        #expect(Array(NFC.normalized(text).unicodeScalars) == Array(expected.precomposedStringWithCanonicalMapping.unicodeScalars))
    }
}
