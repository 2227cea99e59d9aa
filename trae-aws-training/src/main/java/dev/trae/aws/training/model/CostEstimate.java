package dev.trae.aws.training.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A launch's worst-case cost: instance-hours (count x maximum runtime) times the on-demand price.
 * Immutable.
 *
 * @param instanceType   the instance type priced
 * @param instanceCount  how many instances
 * @param maxRuntime     the longest the work may run (the stopping condition)
 * @param hourlyUsd      the price per instance-hour, when the price table knows the type
 * @param budgetUsd      the configured budget, if any
 * @param warnings       what to know about the price (a stale entry, an EC2 price used for a SageMaker type, why there is
 *                       no price)
 * @param priceSource    where the price comes from (the table entry's source, or the AWS Price List API with the offer's
 *                       SKU and dates), when there is a price
 * @param priceAsOf      the date of that price (for a looked-up price: the offer's publication date), when there is one
 */
public record CostEstimate(String instanceType, int instanceCount, Duration maxRuntime, Optional<Double> hourlyUsd,
                           Optional<Double> budgetUsd, java.util.List<String> warnings, Optional<String> priceSource,
                           Optional<java.time.LocalDate> priceAsOf) {

    public CostEstimate {
        warnings = java.util.List.copyOf(warnings);
        java.util.Objects.requireNonNull(priceSource, "priceSource");
        java.util.Objects.requireNonNull(priceAsOf, "priceAsOf");
    }

    /** An estimate whose price's source is not given. */
    public CostEstimate(String instanceType, int instanceCount, Duration maxRuntime, Optional<Double> hourlyUsd, Optional<Double> budgetUsd,
                        java.util.List<String> warnings) {
        this(instanceType, instanceCount, maxRuntime, hourlyUsd, budgetUsd, warnings, Optional.empty(), Optional.empty());
    }

    /** An estimate without warnings. */
    public CostEstimate(String instanceType, int instanceCount, Duration maxRuntime, Optional<Double> hourlyUsd, Optional<Double> budgetUsd) {
        this(instanceType, instanceCount, maxRuntime, hourlyUsd, budgetUsd, java.util.List.of());
    }

    /** Instance-hours at most. */
    public double instanceHours() {
        return instanceCount * maxRuntime.toSeconds() / 3600.0;
    }

    /** The worst-case cost in USD, when the price is known. */
    public Optional<Double> maxCostUsd() {
        return hourlyUsd.map(p -> p * instanceHours());
    }

    /** Whether the launch fits the budget: true without a budget, false when a budget exists but the price is unknown. */
    public boolean withinBudget() {
        if (budgetUsd.isEmpty()) {
            return true;
        }
        return maxCostUsd().map(c -> c <= budgetUsd.get() + 1e-9).orElse(false);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d x %s for up to %s = %.2f instance-hours x %s = %s%s", instanceCount, instanceType,
                maxRuntime, instanceHours(), hourlyUsd.map(p -> String.format(Locale.ROOT, "$%.2f/h", p)).orElse("unknown price"),
                maxCostUsd().map(c -> String.format(Locale.ROOT, "$%.2f", c)).orElse("unknown"),
                budgetUsd.map(b -> String.format(Locale.ROOT, " (budget $%.2f: %s)", b, withinBudget() ? "ok" : "OVER")).orElse(""))
                + (warnings.isEmpty() ? "" : " [" + String.join("; ", warnings) + "]");
    }
}
