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
 * <p>The defaults ({@link #defaults()}) hold only entries whose price an AWS page states, each with that page's URL and
 * date (the resource {@code instance-prices.csv} beside this class). None could be sourced yet, so the default table is
 * empty. At run time, {@link TrainingClient} and {@link UltraClusterClient} look a type the table lacks up through the
 * AWS Price List Query API ({@link PriceLookup#PRICE_LIST_API}, the default; the looked-up entry names the API and the
 * offer's publication date, and the staleness rule applies to that date); entries of the table always win, and
 * {@link PriceLookup#OFFLINE} keeps to the table. Put your own prices in (us-east-1 Linux On-Demand prices are on
 * https://aws.amazon.com/ec2/pricing/on-demand/, SageMaker training prices on https://aws.amazon.com/sagemaker/pricing/):
 *
 * <pre>{@code
 * InstancePriceTable prices = InstancePriceTable.defaults().toBuilder()
 *         .price("ml.trn1.32xlarge", usdPerHour, "https://aws.amazon.com/sagemaker/pricing/", LocalDate.of(2026, 12, 1))
 *         .build();
 * }</pre>
 *
 * <p>A SageMaker type without an entry ({@code ml.p5.48xlarge}) is priced at its EC2 type's entry with a warning:
 * SageMaker training costs more than the bare instance, so that estimate is a lower bound.
 */
public final class InstancePriceTable {
    /** Entries older than this are stale. */
    public static final Duration MAX_AGE = Duration.ofDays(180);
    /** Where AWS publishes EC2 On-Demand prices (rendered in the browser; not read by this library). */
    public static final String EC2_ON_DEMAND = "https://aws.amazon.com/ec2/pricing/on-demand/";
    /** Where AWS publishes SageMaker prices (rendered in the browser; not read by this library). */
    public static final String SAGEMAKER_PRICING = "https://aws.amazon.com/sagemaker/pricing/";
    /** The resource (beside this class) the default entries are read from. */
    static final String DEFAULTS_RESOURCE = "instance-prices.csv";
    private static final java.util.regex.Pattern AWS_SOURCE = java.util.regex.Pattern.compile("https://(aws\\.amazon\\.com|docs\\.aws\\.amazon\\.com)/\\S+");

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

    /**
     * The default table: only entries an AWS page states, each with the page's URL and date (see the class comment).
     * Empty today; a type without an entry has no price until you set one.
     */
    public static InstancePriceTable defaults() {
        Builder b = builder();
        for (Entry e : defaultEntries()) {
            b.price(e.instanceType(), e.usdPerHour(), e.source(), e.asOf());
        }
        return b.build();
    }

    /** The entries of {@value #DEFAULTS_RESOURCE}, checked. */
    static List<Entry> defaultEntries() {
        try (java.io.InputStream in = InstancePriceTable.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the trae-aws-training jar");
            }
            return parseDefaults(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Parses default entries ({@code type,usdPerHour,sourceUrl,asOf}; {@code #} comments and blank lines skipped). A
     * default entry must name an AWS page ({@code https://aws.amazon.com/...} or {@code https://docs.aws.amazon.com/...})
     * and a date: a line without them is refused, naming the line.
     */
    static List<Entry> parseDefaults(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(",", -1);
            String where = DEFAULTS_RESOURCE + " line " + (i + 1) + ": ";
            if (f.length != 4) {
                throw new IllegalStateException(where + "needs type,usdPerHour,sourceUrl,asOf");
            }
            if (!AWS_SOURCE.matcher(f[2].strip()).matches()) {
                throw new IllegalStateException(where + "a default price needs the URL of the AWS page that states it, was '" + f[2].strip() + "'");
            }
            LocalDate asOf;
            double usd;
            try {
                asOf = LocalDate.parse(f[3].strip());
                usd = Double.parseDouble(f[1].strip());
            } catch (RuntimeException e) {
                throw new IllegalStateException(where + "needs a price and an ISO date (YYYY-MM-DD): " + e.getMessage());
            }
            out.add(new Entry(f[0].strip().toLowerCase(Locale.ROOT), usd, f[2].strip(), asOf));
        }
        return List.copyOf(out);
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
        return Optional.of(quoteOf(e, warnings));
    }

    /**
     * A quote of an entry from elsewhere (the Price List API) under this table's staleness rule: {@code warnings}
     * first, then a warning when the entry's date is older than {@link #MAX_AGE}.
     */
    Quote quoteOf(Entry e, List<String> warnings) {
        List<String> w = new ArrayList<>(warnings);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (e.asOf().plusDays(MAX_AGE.toDays()).isBefore(today)) {
            w.add("the price of " + e.instanceType() + " ($" + e.usdPerHour() + "/h from " + e.source() + ") dates from " + e.asOf()
                    + ", more than " + MAX_AGE.toDays() + " days ago; prices change, so check it and override it with a current one");
        }
        return new Quote(e.usdPerHour(), e, List.copyOf(w));
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
