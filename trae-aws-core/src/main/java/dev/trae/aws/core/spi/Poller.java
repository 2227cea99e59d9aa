package dev.trae.aws.core.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;

/**
 * The one waiter of the modules, modelled on the AWS SDK's waiters: it fetches a resource's state, classifies
 * it (done, failed, keep waiting), and sleeps with exponential backoff between fetches until a deadline
 * or, optionally, a number of fetches ({@link Builder#maxAttempts}, the SDK waiters' {@code maxAttempts}).
 * Progress is reported after every fetch; cancellation is checked before every fetch and the sleep is
 * interruptible. A module that has its own exception for a wait that ran out of time (with its own message)
 * builds it in {@link Builder#onTimeout}; one that has its own exception for a terminal failure throws it from
 * {@code classify}. Immutable and thread-safe; one {@code Poller} serves any number of waits.
 *
 * <pre>{@code
 * Poller poller = Poller.builder().initialDelay(Duration.ofSeconds(5)).maxDelay(Duration.ofSeconds(30))
 *         .deadline(Duration.ofHours(2)).build();
 * DescribeTrainingJobResponse done = poller.await("training job " + name,
 *         () -> sagemaker.call("DescribeTrainingJob", c -> c.describeTrainingJob(r -> r.trainingJobName(name))),
 *         r -> switch (r.trainingJobStatus()) {
 *             case COMPLETED -> Poller.State.done();
 *             case FAILED, STOPPED -> Poller.State.failed(r.failureReason());
 *             default -> Poller.State.waiting(r.secondaryStatusAsString());
 *         });
 * }</pre>
 */
public final class Poller {
    /** The classification of one fetched state. */
    public static final class State {
        private static final State DONE = new State(Kind.DONE, null);

        enum Kind { DONE, FAILED, WAITING }

        private final Kind kind;
        private final String detail;

        private State(Kind kind, String detail) {
            this.kind = kind;
            this.detail = detail;
        }

        /** The wait is over: return the fetched value. */
        public static State done() {
            return DONE;
        }

        /** The resource reached a terminal failure: {@link #await} throws {@link PollFailedException} with {@code reason}. */
        public static State failed(String reason) {
            return new State(Kind.FAILED, reason == null ? "failed" : reason);
        }

        /** Keep waiting; {@code status} is reported to the progress listener. */
        public static State waiting(String status) {
            return new State(Kind.WAITING, status);
        }
    }

    /** A progress callback: what is awaited, the status last seen, the fetch count and the time waited so far. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (what, status, fetches, waited) -> { };

        void update(String what, String status, int fetches, Duration waited);
    }

    /**
     * Builds the exception a wait ends with when its deadline passed or its {@link Builder#maxAttempts} fetches
     * were made without the resource reaching a done or failed state.
     */
    @FunctionalInterface
    public interface TimeoutHandler {
        /**
         * @param what       what was awaited, as given to {@link #await}
         * @param lastStatus the status of the last fetch
         * @param fetches    how many fetches were made
         * @param waited     the time waited since the first fetch started
         * @return the exception {@link #await} throws; never null
         */
        RuntimeException timedOut(String what, String lastStatus, int fetches, Duration waited);
    }

    /** Sleeps; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));

        void sleep(Duration d) throws InterruptedException;
    }

    /** A terminal failure state. The message names what was awaited and the reason the service gave. */
    public static final class PollFailedException extends dev.trae.aws.core.TraeException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        PollFailedException(String what, String reason) {
            super(what + " failed: " + reason);
            this.reason = reason;
        }

        /** The failure reason the service gave. */
        public String reason() {
            return reason;
        }
    }

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final Duration deadline;
    private final int maxAttempts;
    private final TimeoutHandler onTimeout;
    private final Progress progress;
    private final BooleanSupplier cancelled;
    private final Sleeper sleeper;
    private final Clock clock;

    private Poller(Builder b) {
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.deadline = b.deadline;
        this.maxAttempts = b.maxAttempts;
        this.onTimeout = b.onTimeout;
        this.progress = b.progress;
        this.cancelled = b.cancelled;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.initialDelay = initialDelay;
        b.maxDelay = maxDelay;
        b.multiplier = multiplier;
        b.deadline = deadline;
        b.maxAttempts = maxAttempts;
        b.onTimeout = onTimeout;
        b.progress = progress;
        b.cancelled = cancelled;
        b.sleeper = sleeper;
        b.clock = clock;
        return b;
    }

    /** The longest this poller waits. */
    public Duration deadline() {
        return deadline;
    }

    /**
     * Fetches until {@code classify} answers done (returns the value), failed (throws
     * {@link PollFailedException}), or the deadline passes or {@link Builder#maxAttempts} fetches were made (throws
     * what the {@link Builder#onTimeout} handler builds; by default a {@link TraeTimeoutException} naming
     * {@code what} and the last status). A cancelled wait throws {@link TraeCancelledException}.
     * Exceptions of {@code fetch} and of {@code classify} propagate unchanged (a module throws its own exception
     * for a terminal state from {@code classify}).
     */
    public <T> T await(String what, Supplier<T> fetch, Function<? super T, State> classify) {
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(classify, "classify");
        Instant start = clock.instant();
        Instant end = start.plus(deadline);
        Duration delay = initialDelay;
        int fetches = 0;
        String last = "not fetched";
        while (true) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new TraeCancelledException("waiting for " + what + " was cancelled (last status: " + last + ")");
            }
            T value = fetch.get();
            fetches++;
            State s = Objects.requireNonNull(classify.apply(value), "classify returned null");
            if (s.kind == State.Kind.DONE) {
                return value;
            }
            if (s.kind == State.Kind.FAILED) {
                throw new PollFailedException(what, s.detail);
            }
            last = Optional.ofNullable(s.detail).orElse("waiting");
            Instant now = clock.instant();
            progress.update(what, last, fetches, Duration.between(start, now));
            if (!now.isBefore(end) || fetches >= maxAttempts) {
                throw timedOut(what, last, fetches, Duration.between(start, now));
            }
            Duration left = Duration.between(now, end);
            Duration sleep = delay.compareTo(left) > 0 ? left : delay;
            try {
                sleeper.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraeCancelledException("waiting for " + what + " was interrupted (last status: " + last + ")", e);
            }
            long next = (long) Math.min(maxDelay.toNanos(), delay.toNanos() * multiplier);
            delay = Duration.ofNanos(Math.max(next, 1));
        }
    }

    private RuntimeException timedOut(String what, String last, int fetches, Duration waited) {
        if (onTimeout != null) {
            return Objects.requireNonNull(onTimeout.timedOut(what, last, fetches, waited), "onTimeout returned null");
        }
        if (fetches >= maxAttempts && waited.compareTo(deadline) < 0) {
            return new TraeTimeoutException(what + " did not finish after " + fetches + " checks in " + waited + " (last status: "
                    + last + "); it may still be running on AWS", waited, null, false);
        }
        return new TraeTimeoutException(what + " did not finish within " + deadline + " (last status: " + last
                + "); it may still be running on AWS", deadline, null, false);
    }

    /** Builder of a {@link Poller}. */
    public static final class Builder {
        private Duration initialDelay = Duration.ofSeconds(2);
        private Duration maxDelay = Duration.ofSeconds(30);
        private double multiplier = 1.5;
        private Duration deadline = Duration.ofHours(1);
        private int maxAttempts = Integer.MAX_VALUE;
        private TimeoutHandler onTimeout;   // null: the default TraeTimeoutException
        private Progress progress = Progress.NONE;
        private BooleanSupplier cancelled = () -> false;
        private Sleeper sleeper = Sleeper.REAL;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The first sleep (default 2 s). */
        public Builder initialDelay(Duration d) {
            this.initialDelay = positive("initialDelay", d);
            return this;
        }

        /** The longest sleep (default 30 s). */
        public Builder maxDelay(Duration d) {
            this.maxDelay = positive("maxDelay", d);
            return this;
        }

        /** The growth of the sleep per fetch (default 1.5; 1.0 polls at a fixed interval). */
        public Builder multiplier(double m) {
            if (!(m >= 1.0) || Double.isInfinite(m)) {
                throw new TraeValidationException("multiplier", "must be at least 1.0, was " + m);
            }
            this.multiplier = m;
            return this;
        }

        /** The longest the whole wait may take (default 1 h). */
        public Builder deadline(Duration d) {
            this.deadline = positive("deadline", d);
            return this;
        }

        /**
         * The most fetches the wait makes (default: no limit, only the deadline); after that many fetches that did
         * not end the wait, it ends as if the deadline had passed (through {@link #onTimeout}), without a last sleep.
         */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new TraeValidationException("maxAttempts", "must be at least 1, was " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        /**
         * Builds the exception of a wait that ran out of time or attempts (default: {@link TraeTimeoutException}
         * "{@code <what>} did not finish within {@code <deadline>} (last status: ...); it may still be running on AWS",
         * or "... did not finish after {@code <n>} checks ..." when {@link #maxAttempts} ended it).
         */
        public Builder onTimeout(TimeoutHandler h) {
            this.onTimeout = Objects.requireNonNull(h, "onTimeout");
            return this;
        }

        /** Called after every fetch that does not end the wait. */
        public Builder progress(Progress p) {
            this.progress = Objects.requireNonNull(p, "progress");
            return this;
        }

        /** Checked before every fetch; when it answers true the wait ends with {@link TraeCancelledException}. */
        public Builder cancelled(BooleanSupplier c) {
            this.cancelled = Objects.requireNonNull(c, "cancelled");
            return this;
        }

        /** The sleep function (tests pass one that advances a fake clock). */
        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "sleeper");
            return this;
        }

        /** The clock of the deadline. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public Poller build() {
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new TraeValidationException("maxDelay", "must not be shorter than initialDelay");
            }
            return new Poller(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new TraeValidationException(name, "must be a positive duration, was " + d);
            }
            return d;
        }
    }
}
