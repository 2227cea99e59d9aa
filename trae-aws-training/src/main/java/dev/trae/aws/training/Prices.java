package dev.trae.aws.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.training.internal.PriceListLookup;

/**
 * The price of an instance type for the clients' estimates: the table's own entry, else the Price List API (unless
 * offline), else the table's EC2 entry for a SageMaker type (a lower bound). Thread-safe; owns the lookup's client.
 */
final class Prices implements AutoCloseable {
    /** A price (if any) and what the caller should know about how it was found or why there is none. */
    record Resolved(Optional<InstancePriceTable.Quote> quote, List<String> notes) {
        Resolved {
            notes = List.copyOf(notes);
        }

        Optional<Double> hourly() {
            return quote.map(InstancePriceTable.Quote::usdPerHour);
        }

        /** The quote's warnings followed by the notes. */
        List<String> warnings() {
            List<String> w = new ArrayList<>(quote.map(InstancePriceTable.Quote::warnings).orElse(List.of()));
            w.addAll(notes);
            return w;
        }
    }

    private final InstancePriceTable table;
    private final PriceLookup mode;
    private final String region;
    private final PriceListLookup lookup;

    Prices(TraeConfig config, InstancePriceTable table, PriceLookup mode, Optional<String> pricingRegion) {
        this.table = table;
        this.mode = mode;
        this.region = config.region().id();
        this.lookup = mode == PriceLookup.OFFLINE ? null : PriceListLookup.create(config, pricingRegion);
    }

    InstancePriceTable table() {
        return table;
    }

    PriceLookup mode() {
        return mode;
    }

    /** The price of {@code instanceType} in the config's region. */
    Resolved resolve(String instanceType) {
        if (table.entry(instanceType).isPresent()) {
            return new Resolved(table.quote(instanceType), List.of());
        }
        List<String> notes = new ArrayList<>();
        if (lookup == null) {
            notes.add("the table has no entry for " + instanceType + " and price lookup is off (PriceLookup.OFFLINE)");
        } else {
            PriceListLookup.Result r = lookup.lookup(instanceType, region);
            if (r instanceof PriceListLookup.Found f) {
                PriceListLookup.Offer o = f.offer();
                InstancePriceTable.Entry e = new InstancePriceTable.Entry(instanceType.toLowerCase(java.util.Locale.ROOT), o.usdPerHour(),
                        o.source(), o.asOf());
                return new Resolved(Optional.of(table.quoteOf(e, o.notes())), List.of());
            } else if (r instanceof PriceListLookup.Missing m) {
                notes.add(m.reason());
            } else if (r instanceof PriceListLookup.Failed x) {
                notes.add("no price was looked up: " + x.reason());
            }
        }
        Optional<InstancePriceTable.Quote> fallback = table.quote(instanceType);
        return new Resolved(fallback, notes);
    }

    @Override
    public void close() {
        if (lookup != null) {
            lookup.close();
        }
    }
}
