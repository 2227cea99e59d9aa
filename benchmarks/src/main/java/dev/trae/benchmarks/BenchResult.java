package dev.trae.benchmarks;

/**
 * One measured number and its baseline from the same run.
 *
 * @param suite         the suite name
 * @param name          what was measured, such as "converse overhead p50"
 * @param value         the measured value
 * @param unit          its unit, such as "ns/op", "rows/s", "MB"
 * @param baseline      the baseline's name, such as "raw AWS SDK call", or "" when none
 * @param baselineValue the baseline's value in the same unit (NaN when none)
 * @param ratio         value / baseline (or the ratio defined by the suite); NaN when none
 * @param target        the target in words, such as "ratio <= 1.05", or ""
 * @param met           whether the target was met (true when there is no target)
 */
public record BenchResult(String suite, String name, double value, String unit, String baseline, double baselineValue,
                          double ratio, String target, boolean met) {

    /** A result with no baseline. */
    public static BenchResult plain(String suite, String name, double value, String unit) {
        return new BenchResult(suite, name, value, unit, "", Double.NaN, Double.NaN, "", true);
    }
}
