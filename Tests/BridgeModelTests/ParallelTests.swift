import BridgeModel
import Testing

struct ParallelTests {
    struct Odd: Error, Equatable { let value: Int }

    @Test(arguments: [0, 1, 63, 64, 65, 1_000, 10_007])
    func resultsComeInInputOrder(count: Int) throws {
        let items = Array(0..<count)
        #expect(try Parallel.map(items) { $0 * 2 } == items.map { $0 * 2 })
    }

    @Test(arguments: [2, 3, 5, 17])
    func aLowerMinimumSpreadsSmallInputsInOrder(count: Int) throws {
        let items = Array(0..<count)
        #expect(try Parallel.map(items, minimum: 2) { "\($0)" } == items.map { "\($0)" })
    }

    @Test func theFirstErrorInInputOrderIsThrown() {
        let items = Array(0..<5_000)
        #expect(throws: Odd(value: 1_001)) {
            try Parallel.map(items) { value in
                if value == 1_001 || value == 4_001 { throw Odd(value: value) }
                return value
            }
        }
    }
}
