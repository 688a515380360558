#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The probability distributions the statistics need, in closed form or by standard numerical
/// methods (Numerical Recipes' continued fractions; bisection for inverses). Accurate to about
/// 1e-12, which the reference tests check at the published precision.
public enum Distributions {
    /// Φ(x), the standard normal distribution function.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p): Acklam's rational approximation refined by one Halley step (~1e-15).
    public static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "p outside (0, 1)")
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
            2.506628277459239e+00,
        ]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
            2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = normalCDF(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    /// The two-sided normal quantile for a confidence level: 1.959964 for 0.95.
    public static func z(confidence: Double) -> Double { normalQuantile(1 - (1 - confidence) / 2) }

    /// I_x(a, b), the regularised incomplete beta function (Numerical Recipes §6.4).
    public static func incompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(a, b, x) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(b, a, 1 - x) / b
    }

    private static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        var m = 1.0
        while m < 100_000 {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
            m += 1
        }
        return h
    }

    /// P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is).
    public static func studentTCDF(_ t: Double, df: Double) -> Double {
        let tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t))
        return t >= 0 ? 1 - tail : tail
    }

    /// The `p` quantile of Student's t with `df` degrees of freedom: Newton's method on the CDF
    /// from the normal quantile (a few steps, each one incomplete beta), to 1e-13; by bisection
    /// when Newton strays (very small `df`, extreme `p`).
    public static func studentTQuantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1, "p outside (0, 1)")
        if p == 0.5 { return 0 }
        // log of the density's constant: Γ((ν+1)/2) / (√(νπ) Γ(ν/2)).
        let logConstant = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        var x = normalQuantile(p)
        for _ in 0..<40 {
            let density = exp(logConstant - (df + 1) / 2 * log1p(x * x / df))
            guard density > 1e-300 else { break }
            let step = (studentTCDF(x, df: df) - p) / density
            guard step.isFinite else { break }
            x -= step
            if abs(step) < 1e-13 * max(1, abs(x)) { return x }
        }
        return studentTQuantileByBisection(p, df: df)
    }

    /// The `p` quantile by bisection to 1e-13 (the fallback of `studentTQuantile`).
    static func studentTQuantileByBisection(_ p: Double, df: Double) -> Double {
        var low = -1e4
        var high = 1e4
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if studentTCDF(middle, df: df) < p { low = middle } else { high = middle }
            if high - low < 1e-13 * max(1, abs(middle)) { break }
        }
        return (low + high) / 2
    }

    /// P(X ≤ k) for X ~ Binomial(n, p).
    public static func binomialCDF(_ k: Int, n: Int, p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return incompleteBeta(Double(n - k), Double(k + 1), 1 - p)
    }

    /// P(a, x), the regularised lower incomplete gamma function (Numerical Recipes §6.2).
    public static func incompleteGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let logFront = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var n = a
            for _ in 0..<100_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return sum * exp(logFront)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        return 1 - exp(logFront) * h
    }

    /// The `p` quantile of the chi-square distribution with `df` degrees of freedom.
    public static func chiSquareQuantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1, "p outside (0, 1)")
        var low = 0.0
        var high = max(1.0, df)
        while incompleteGamma(df / 2, high / 2) < p { high *= 2 }
        for _ in 0..<300 {
            let middle = (low + high) / 2
            if incompleteGamma(df / 2, middle / 2) < p { low = middle } else { high = middle }
            if high - low < 1e-14 * max(1, middle) { break }
        }
        return (low + high) / 2
    }
}
