package dev.trae.aws.training;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import dev.trae.aws.core.TraeValidationException;

/**
 * On-demand prices in USD per instance-hour, by instance type: SageMaker types ({@code ml.trn1.2xlarge}) and EC2
 * types ({@code p5.48xlarge}). Every entry carries its source and the date it was taken; an entry older than
 * {@link #MAX_AGE} is reported as stale in the estimate's warnings. Immutable.
 *
 * <p>The defaults are a us-east-1 Linux snapshot covering trn1, trn1n, trn2, inf2, p4d, p5, p5e/p5en, g5, g6 and g6e.
 * They were NOT re-read from the live AWS price list when this table was written (no network in the build), so
 * every default entry is dated with the snapshot it comes from and is already stale: prices change (AWS cut P4 and
 * P5 prices in 2025) and differ by region. Put your own prices in for real budgets:
 *
 * <pre>{@code
 * InstancePriceTable prices = InstancePriceTable.defaults().toBuilder()
 *         .price("p5.48xlarge", 55.04, "https://aws.amazon.com/ec2/pricing/on-demand/", LocalDate.of(2026, 12, 1))
 *         .build();
 * }</pre>
 *
 * <p>A SageMaker type without an entry ({@code ml.p5.48xlarge}) is priced at its EC2 type's entry with a warning:
 * SageMaker training costs more than the bare instance, so that estimate is a lower bound.
 */
public final class InstancePriceTable {
    /** Entries older than this are stale. */
    public static final Duration MAX_AGE = Duration.ofDays(180);
    /** The source of the EC2 defaults. */
    public static final String EC2_ON_DEMAND = "https://aws.amazon.com/ec2/pricing/on-demand/";
    /** The source of the SageMaker defaults. */
    public static final String SAGEMAKER_PRICING = "https://aws.amazon.com/sagemaker/pricing/";

    /** One price with its provenance. */
    public record Entry(String instanceType, double usdPerHour, String source, LocalDate asOf) {
    }

    /** A price looked up for an estimate, with what the caller should know about it. */
    public record Quote(double usdPerHour, Entry entry, List<String> warnings) {
    }

    private final Map<String, Entry> entries;
    private final Clock clock;

    private InstancePriceTable(Map<String, Entry> entries, Clock clock) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        this.clock = clock;
    }

    /** The default snapshot (see the class comment). */
    public static InstancePriceTable defaults() {
        LocalDate ec2 = LocalDate.of(2025, 5, 1);
        Builder b = builder();
        String[][] rows = {
            {"trn1.2xlarge", "1.34375"}, {"trn1.32xlarge", "21.50"}, {"trn1n.32xlarge", "24.78"}, {"trn2.48xlarge", "44.70"},
            {"inf2.xlarge", "0.7582"}, {"inf2.8xlarge", "1.9679"}, {"inf2.24xlarge", "6.4906"}, {"inf2.48xlarge", "12.9813"},
            {"p4d.24xlarge", "32.7726"}, {"p5.48xlarge", "98.32"}, {"p5e.48xlarge", "108.49"}, {"p5en.48xlarge", "108.49"},
            {"g5.xlarge", "1.006"}, {"g5.2xlarge", "1.212"}, {"g5.12xlarge", "5.672"}, {"g5.48xlarge", "16.288"},
            {"g6.xlarge", "0.8048"}, {"g6.12xlarge", "4.6016"}, {"g6.48xlarge", "13.3504"},
            {"g6e.xlarge", "1.861"}, {"g6e.12xlarge", "10.493"}, {"g6e.48xlarge", "30.131"},
        };
        for (String[] r : rows) {
            b.price(r[0], Double.parseDouble(r[1]), EC2_ON_DEMAND, ec2);
        }
        LocalDate sm = LocalDate.of(2025, 5, 1);
        b.price("ml.trn1.2xlarge", 1.34, SAGEMAKER_PRICING, sm).price("ml.trn1.32xlarge", 21.50, SAGEMAKER_PRICING, sm)
                .price("ml.trn1n.32xlarge", 24.78, SAGEMAKER_PRICING, sm).price("ml.g5.2xlarge", 1.515, SAGEMAKER_PRICING, sm);
        return b.build();
    }

    /** An empty table. */
    public static Builder builder() {
        return new Builder(new TreeMap<>(), Clock.systemUTC());
    }

    public Builder toBuilder() {
        return new Builder(new TreeMap<>(entries), clock);
    }

    /** USD per instance-hour, if known (a SageMaker type falls back to its EC2 type; see {@link #quote}). */
    public Optional<Double> hourly(String instanceType) {
        return quote(instanceType).map(Quote::usdPerHour);
    }

    /** The entry of exactly this type. */
    public Optional<Entry> entry(String instanceType) {
        return Optional.ofNullable(entries.get(instanceType == null ? "" : instanceType.toLowerCase(Locale.ROOT)));
    }

    /** The price of a type with its provenance and warnings (stale entry, EC2 price used for a SageMaker type). */
    public Optional<Quote> quote(String instanceType) {
        String t = instanceType == null ? "" : instanceType.toLowerCase(Locale.ROOT);
        List<String> warnings = new ArrayList<>();
        Entry e = entries.get(t);
        if (e == null && t.startsWith("ml.")) {
            e = entries.get(t.substring(3));
            if (e != null) {
                warnings.add("no SageMaker price for " + t + ": the EC2 on-demand price of " + e.instanceType()
                        + " is used, and SageMaker training costs more, so this is a lower bound; add " + t + " to the price table");
            }
        }
        if (e == null) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (e.asOf().plusDays(MAX_AGE.toDays()).isBefore(today)) {
            warnings.add("the price of " + e.instanceType() + " ($" + e.usdPerHour() + "/h from " + e.source() + ") dates from " + e.asOf()
                    + ", more than " + MAX_AGE.toDays() + " days ago; prices change, so check it and override it with a current one");
        }
        return Optional.of(new Quote(e.usdPerHour(), e, List.copyOf(warnings)));
    }

    /** Entries older than {@link #MAX_AGE}. */
    public List<Entry> staleEntries() {
        LocalDate limit = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(MAX_AGE.toDays());
        return entries.values().stream().filter(e -> e.asOf().isBefore(limit)).toList();
    }

    /** The prices by type. */
    public Map<String, Double> prices() {
        Map<String, Double> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, v.usdPerHour()));
        return Collections.unmodifiableMap(out);
    }

    /** Every entry with its source and date. */
    public Map<String, Entry> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "InstancePriceTable" + prices();
    }

    /** Builder for {@link InstancePriceTable}. */
    public static final class Builder {
        private final Map<String, Entry> entries;
        private Clock clock;

        private Builder(Map<String, Entry> entries, Clock clock) {
            this.entries = entries;
            this.clock = clock;
        }

        /** Sets the price of one instance type, taken today from a source you name ("user override" when not given). */
        public Builder price(String instanceType, double usdPerHour) {
            return price(instanceType, usdPerHour, "user override", LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        }

        /** Sets the on-demand price of one instance type in USD per hour, with its source and the date it was read. */
        public Builder price(String instanceType, double usdPerHour, String source, LocalDate asOf) {
            if (instanceType == null || !instanceType.matches("(ml\\.)?[a-z0-9-]+\\.[a-z0-9-]+")) {
                throw new TraeValidationException("instanceType", "must look like ml.trn1.2xlarge or trn1.32xlarge, was " + instanceType);
            }
            if (!(usdPerHour > 0) || usdPerHour > 10_000 || Double.isNaN(usdPerHour)) {
                throw new TraeValidationException("usdPerHour", "must be in (0, 10000], was " + usdPerHour);
            }
            if (source == null || source.isBlank() || source.length() > 500) {
                throw new TraeValidationException("source", "name where the price comes from (1-500 characters)");
            }
            Objects.requireNonNull(asOf, "asOf");
            String t = instanceType.toLowerCase(Locale.ROOT);
            entries.put(t, new Entry(t, usdPerHour, source, asOf));
            return this;
        }

        /** The clock of the staleness check (tests). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public InstancePriceTable build() {
            return new InstancePriceTable(entries, clock);
        }
    }
}
