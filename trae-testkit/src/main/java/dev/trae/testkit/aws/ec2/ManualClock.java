package dev.trae.testkit.aws.ec2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that tests move by hand, shared by a fake and the client under test so that both see the same
 * "now" (a Capacity Block that starts tomorrow becomes active when the test advances the clock, not after
 * a day). Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-12-03T09:00:00Z"));
 * Ec2Fake ec2 = local.fake("ec2", new Ec2Fake().clock(clock));
 * clock.advance(Duration.ofHours(3));
 * }</pre>
 */
public final class ManualClock extends Clock {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the clock forward by {@code d}. */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** Sets the clock; it may move backwards. */
    public void set(Instant t) {
        now = Objects.requireNonNull(t);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
