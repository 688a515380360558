import Foundation
import Testing

@testable import WaitgapCore

/// Student's t quantiles: published values (SciPy's `t.ppf`, as R's `qt`, to 8 significant figures), and Newton's
/// method agreeing with bisection everywhere the pack asks.
@Suite struct StudentTQuantileTests {
    @Test(arguments: [
        (0.975, 1.0, 12.706205), (0.975, 2.0, 4.3026527), (0.975, 10.0, 2.2281389), (0.975, 30.0, 2.0422725),
        (0.975, 1000.0, 1.9623391), (0.995, 5.0, 4.0321430), (0.025, 10.0, -2.2281389), (0.9, 3.5, 1.5765766),
    ])
    func publishedQuantiles(p: Double, df: Double, expected: Double) {
        let value = Distributions.studentTQuantile(p, df: df)
        #expect(abs(value - expected) < 1e-6 * max(1, abs(expected)), "qt(\(p), \(df)) = \(value)")
    }

    @Test func newtonAgreesWithBisection() {
        for p in [0.0005, 0.005, 0.025, 0.05, 0.1, 0.3, 0.7, 0.9, 0.95, 0.975, 0.995, 0.9995] {
            for df in [1.0, 1.5, 2.0, 3.7, 5.0, 9.0, 19.0, 48.3, 100.0, 999.0, 25_000.0] {
                let newton = Distributions.studentTQuantile(p, df: df)
                let bisection = Distributions.studentTQuantileByBisection(p, df: df)
                #expect(abs(newton - bisection) < 1e-11 * max(1, abs(bisection)), "p \(p), df \(df): \(newton) vs \(bisection)")
            }
        }
    }
}
