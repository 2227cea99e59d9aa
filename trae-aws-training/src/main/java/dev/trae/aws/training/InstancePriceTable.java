package dev.trae.aws.training;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.trae.aws.core.TraeValidationException;

/**
 * On-demand prices in USD per instance-hour, by instance type: SageMaker types ({@code ml.trn1.2xlarge})
 * and EC2 types ({@code trn1.32xlarge}). Immutable.
 *
 * <p>The defaults are a small snapshot for us-east-1: {@code ml.trn1.2xlarge} and {@code trn1.2xlarge} at
 * $1.34 (the roadmap's Trainium figure), and the larger Trainium sizes scaled from it (a
 * trn1.32xlarge holds 16 trn1.2xlarge's worth of accelerators). Prices change and differ by region:
 * configure your own from the AWS price list for real budgets.
 *
 * <pre>{@code
 * InstancePriceTable prices = InstancePriceTable.defaults().toBuilder().price("ml.g5.2xlarge", 1.515).build();
 * }</pre>
 */
public final class InstancePriceTable {
    private final Map<String, Double> hourly;

    private InstancePriceTable(Map<String, Double> hourly) {
        this.hourly = Collections.unmodifiableMap(new TreeMap<>(hourly));
    }

    /** The default snapshot (see the class comment). */
    public static InstancePriceTable defaults() {
        return builder()
                .price("ml.trn1.2xlarge", 1.34)
                .price("ml.trn1.32xlarge", 21.50)
                .price("ml.trn1n.32xlarge", 24.78)
                .price("trn1.2xlarge", 1.34)
                .price("trn1.32xlarge", 21.50)
                .price("trn1n.32xlarge", 24.78)
                .build();
    }

    /** An empty table. */
    public static Builder builder() {
        return new Builder(new TreeMap<>());
    }

    public Builder toBuilder() {
        return new Builder(new TreeMap<>(hourly));
    }

    /** USD per instance-hour, if known. */
    public Optional<Double> hourly(String instanceType) {
        return Optional.ofNullable(hourly.get(instanceType == null ? "" : instanceType.toLowerCase(Locale.ROOT)));
    }

    public Map<String, Double> prices() {
        return hourly;
    }

    @Override
    public String toString() {
        return "InstancePriceTable" + hourly;
    }

    /** Builder for {@link InstancePriceTable}. */
    public static final class Builder {
        private final Map<String, Double> hourly;

        private Builder(Map<String, Double> hourly) {
            this.hourly = hourly;
        }

        /** Sets the on-demand price of one instance type in USD per hour. */
        public Builder price(String instanceType, double usdPerHour) {
            if (instanceType == null || !instanceType.matches("(ml\\.)?[a-z0-9-]+\\.[a-z0-9-]+")) {
                throw new TraeValidationException("instanceType", "must look like ml.trn1.2xlarge or trn1.32xlarge, was " + instanceType);
            }
            if (!(usdPerHour > 0) || usdPerHour > 10_000 || Double.isNaN(usdPerHour)) {
                throw new TraeValidationException("usdPerHour", "must be in (0, 10000], was " + usdPerHour);
            }
            hourly.put(instanceType.toLowerCase(Locale.ROOT), usdPerHour);
            return this;
        }

        public InstancePriceTable build() {
            return new InstancePriceTable(hourly);
        }
    }
}
