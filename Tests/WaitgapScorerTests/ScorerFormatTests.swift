import Testing

@testable import WaitgapScorer

/// Points and weeks in the list's explanations: one decimal place, as 0.3 printed them.
@Suite struct ScorerFormatTests {
    @Test(arguments: [
        (0.0, "0.0"), (-0.04, "0.0"), (-0.06, "-0.1"), (12.345, "12.3"), (12.35, "12.4"), (-7.25, "-7.3"), (1_234_567.89, "1234567.9"),
        (0.95, "1.0"), (9.96, "10.0"),
    ])
    func oneDecimalPlace(value: Double, text: String) {
        #expect(Scorer.format(value) == text)
        var bytes: [UInt8] = Array("x=".utf8)
        Scorer.appendFormatted(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x=" + text)
    }
}
