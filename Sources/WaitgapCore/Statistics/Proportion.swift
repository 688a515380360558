/// A proportion with its Wilson score interval.
public struct Proportion: Sendable, Equatable, Codable {
    /// Patients with the outcome.
    public var numerator: Int
    /// Patients in the group.
    public var denominator: Int
    /// The interval's lower limit.
    public var lower: Double
    /// The interval's upper limit.
    public var upper: Double

    /// The share, or nil when the group is empty.
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    /// The Wilson score interval without continuity correction, as OHID/PHE compute it
    /// (technical guidance "Proportions"; Newcombe 1998a):
    /// (2x + z² ∓ z√(z² + 4xq)) / (2(n + z²)), q = 1 − x/n.
    /// - Parameters:
    ///   - numerator: x, 0 ≤ x ≤ n.
    ///   - denominator: n.
    ///   - z: the normal quantile, 1.959963985 for 95%.
    public init(numerator: Int, denominator: Int, z: Double = Normal.z95) {
        self.numerator = numerator
        self.denominator = denominator
        guard denominator > 0 else {
            lower = .nan
            upper = .nan
            return
        }
        let x = Double(numerator)
        let n = Double(denominator)
        let q = 1 - x / n
        let z2 = z * z
        let root = z * (z2 + 4 * x * q).squareRoot()
        lower = max(0, (2 * x + z2 - root) / (2 * (n + z2)))
        upper = min(1, (2 * x + z2 + root) / (2 * (n + z2)))
    }
}

/// The standard normal distribution's constants.
public enum Normal {
    /// Φ⁻¹(0.975), to the precision the reference cases use.
    public static let z95 = 1.959963984540054
}
