package dev.trae.aws.training.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.trae.aws.core.job.JobStore;
import dev.trae.aws.core.spi.Poller;

/**
 * The timing settings an UltraCluster client shares with its cluster handles, launchers and command runners.
 * Not API; immutable.
 *
 * @param pollInterval    how often states are polled
 * @param readyTimeout    how long instances may take to run and pass status checks
 * @param teardownTimeout the teardown's own retry budget
 * @param expiryMargin    how long before a reservation's end the expiry guard tears down
 * @param clock           the clock of expiry decisions
 * @param capacityWait    how long launch may wait for a reservation to become active
 * @param sleeper         the sleep between polls (tests advance a manual clock)
 * @param waitProgress    told about every wait
 * @param jobStore        where teardown checkpoints go
 */
public record ClusterSettings(Duration pollInterval, Duration readyTimeout, Duration teardownTimeout, Duration expiryMargin, Clock clock,
                              Duration capacityWait, Poller.Sleeper sleeper, Poller.Progress waitProgress, JobStore jobStore) {

    /** SSM SendCommand takes at most 50 instance ids per call. */
    public static final int SEND_COMMAND_BATCH = 50;
    /** DescribeInstanceStatus takes at most 100 explicit instance ids per call. */
    public static final int DESCRIBE_BATCH = 100;

    /** The clock of wait deadlines: the one the sleeper moves (a test's manual clock), else real time. */
    public Clock waitClock() {
        return sleeper == Poller.Sleeper.REAL ? Clock.systemUTC() : clock;
    }

    /** A poller with backoff from the poll interval up to {@code maxDelay}, ending after {@code deadlineAfter}. */
    public Poller poller(Duration deadlineAfter, Duration maxDelay, BooleanSupplier cancelled) {
        Duration first = pollInterval.isZero() ? Duration.ofMillis(1) : pollInterval;
        return Poller.builder().initialDelay(first).maxDelay(pollInterval.compareTo(maxDelay) >= 0 ? pollInterval : maxDelay)
                .multiplier(1.5).deadline(deadlineAfter).progress(waitProgress).cancelled(cancelled).sleeper(sleeper).clock(waitClock()).build();
    }

    /** {@link #poller(Duration, Duration, BooleanSupplier)} with delays up to 30 seconds. */
    public Poller poller(Duration deadlineAfter, BooleanSupplier cancelled) {
        return poller(deadlineAfter, Duration.ofSeconds(30), cancelled);
    }

    /** {@code ids} in consecutive slices of at most {@code size}. */
    public static List<List<String>> batches(List<String> ids, int size) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += size) {
            out.add(ids.subList(i, Math.min(ids.size(), i + size)));
        }
        return out;
    }
}
