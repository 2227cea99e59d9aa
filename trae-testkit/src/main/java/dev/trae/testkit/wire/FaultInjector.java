package dev.trae.testkit.wire;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Faults a {@link FakeAwsServer} injects, matched by operation name ({@code "*"} matches any). Rules are
 * checked in the order they were added; a counted rule is used up after {@code times} matches.
 * Thread-safe.
 *
 * <pre>{@code
 * server.faults().next("DetectLabels", 3, Fault.throttle());   // the next three calls are throttled
 * server.faults().always("*", Fault.latency(Duration.ofMillis(50)));
 * }</pre>
 */
public final class FaultInjector {
    private final List<Rule> rules = new ArrayList<>();

    private static final class Rule {
        final String operation;
        final Fault fault;
        int remaining;

        Rule(String operation, Fault fault, int remaining) {
            this.operation = operation;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    /** The next {@code times} calls of {@code operation} get {@code fault}. */
    public synchronized FaultInjector next(String operation, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        rules.add(new Rule(Objects.requireNonNull(operation), Objects.requireNonNull(fault), times));
        return this;
    }

    /** Every call of {@code operation} gets {@code fault} until {@link #clear()}. */
    public synchronized FaultInjector always(String operation, Fault fault) {
        rules.add(new Rule(Objects.requireNonNull(operation), Objects.requireNonNull(fault), -1));
        return this;
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** Takes the faults that apply to one call: at most one latency plus at most one other fault. */
    synchronized List<Fault> take(String operation) {
        List<Fault> out = new ArrayList<>(2);
        boolean latency = false;
        boolean other = false;
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (!r.operation.equals("*") && !r.operation.equals(operation)) {
                continue;
            }
            boolean isLatency = r.fault.kind() == Fault.Kind.LATENCY;
            if (isLatency ? latency : other) {
                continue;
            }
            out.add(r.fault);
            if (isLatency) {
                latency = true;
            } else {
                other = true;
            }
            if (r.remaining > 0 && --r.remaining == 0) {
                it.remove();
            }
        }
        return out;
    }
}
