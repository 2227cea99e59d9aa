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
 * interruptible (unless {@link Builder#keepWaitingWhenInterrupted}). A module that has its own exception for a wait
 * that ran out of time (with its own message) builds it in {@link Builder#onTimeout}; one that has its own exception
 * for a terminal failure throws it from {@code classify}. A wait that must not fail when it runs out of time (cleanup:
 * it reports what is still there) calls {@link #awaitOrLast}, which returns the last fetched value instead.
 * Immutable and thread-safe; one {@code Poller} serves any number of waits.
 *
 * <p>Exceptions of {@code fetch} end the wait. A wait that should ride out a service error (as the SDK waiters'
 * "retry on this error" acceptors do) catches it in {@code fetch} and returns a value that {@code classify}
 * answers {@link State#waiting} for, with the error as the status the progress listener sees:
 * <pre>{@code
 * Set<String> alive = ...;
 * poller.awaitOrLast("termination of " + alive, () -> {
 *     try {
 *         describe(alive).forEach(i -> { if (i.terminated()) alive.remove(i.id()); });
 *     } catch (TraeServiceException e) {
 *         LOG.warn("describing instances failed: {}", e.getMessage());   // and keep waiting
 *     }
 *     return alive;
 * }, a -> a.isEmpty() ? Poller.State.done() : Poller.State.waiting(a.size() + " not terminated"));
 * }</pre>
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
     * Builds the exception a wait of {@link #await} ends with when its deadline passed or its {@link Builder#maxAttempts}
     * fetches were made without the resource reaching a done or failed state ({@link #awaitOrLast} returns instead).
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

    /**
     * How a wait of {@link #awaitOrLast} ended: the last fetched value, whether {@code classify} answered done for it
     * (false: the deadline passed or {@link Builder#maxAttempts} fetches were made first), the last status, the fetch
     * count and the time waited since the first fetch started.
     *
     * @param value      the last fetched value (the done one when {@code done}); as {@code fetch} returned it
     * @param done       whether {@code classify} answered {@link State#done()} for {@code value}
     * @param lastStatus the status of the last fetch ({@code "done"} when done)
     * @param fetches    how many fetches were made, at least 1
     * @param waited     the time waited since the first fetch started
     */
    public record Outcome<T>(T value, boolean done, String lastStatus, int fetches, Duration waited) {
        public Outcome {
            Objects.requireNonNull(lastStatus, "lastStatus");
            Objects.requireNonNull(waited, "waited");
        }
    }

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final Duration deadline;
    private final int maxAttempts;
    private final TimeoutHandler onTimeout;
    private final boolean keepWaitingWhenInterrupted;
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
        this.keepWaitingWhenInterrupted = b.keepWaitingWhenInterrupted;
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
        b.keepWaitingWhenInterrupted = keepWaitingWhenInterrupted;
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
     * {@code what} and the last status). A cancelled wait throws {@link TraeCancelledException}, and so does an
     * interrupted one unless the poller {@link Builder#keepWaitingWhenInterrupted keeps waiting when interrupted}.
     * Exceptions of {@code fetch} and of {@code classify} propagate unchanged (a module throws its own exception
     * for a terminal state from {@code classify}).
     */
    public <T> T await(String what, Supplier<T> fetch, Function<? super T, State> classify) {
        Outcome<T> o = awaitOrLast(what, fetch, classify);
        if (!o.done()) {
            throw timedOut(what, o.lastStatus(), o.fetches(), o.waited());
        }
        return o.value();
    }

    /**
     * Waits as {@link #await} does, but a wait that runs out of time or attempts returns the last fetched value
     * ({@link Outcome#done()} false) instead of throwing; {@link Builder#onTimeout} is not called. A failed state,
     * a cancel, an interrupt (unless {@link Builder#keepWaitingWhenInterrupted}) and exceptions of {@code fetch}
     * and {@code classify} end the wait as in {@link #await}. For waits whose caller reports what is still there
     * when time is up (a cleanup that returns the instances still alive) rather than failing.
     */
    public <T> Outcome<T> awaitOrLast(String what, Supplier<T> fetch, Function<? super T, State> classify) {
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(classify, "classify");
        // keepWaitingWhenInterrupted: the flag is taken for the wait (a set flag would end every sleep at once)
        // and set again when it ends, however it ends
        boolean interrupted = keepWaitingWhenInterrupted && Thread.interrupted();
        try {
            Instant start = clock.instant();
            Instant end = start.plus(deadline);
            Duration delay = initialDelay;
            int fetches = 0;
            String last = "not fetched";
            while (true) {
                if (cancelled.getAsBoolean() || (!keepWaitingWhenInterrupted && Thread.currentThread().isInterrupted())) {
                    throw new TraeCancelledException("waiting for " + what + " was cancelled (last status: " + last + ")");
                }
                T value = fetch.get();
                fetches++;
                State s = Objects.requireNonNull(classify.apply(value), "classify returned null");
                if (s.kind == State.Kind.DONE) {
                    return new Outcome<>(value, true, "done", fetches, Duration.between(start, clock.instant()));
                }
                if (s.kind == State.Kind.FAILED) {
                    throw new PollFailedException(what, s.detail);
                }
                last = Optional.ofNullable(s.detail).orElse("waiting");
                Instant now = clock.instant();
                Duration waited = Duration.between(start, now);
                progress.update(what, last, fetches, waited);
                if (!now.isBefore(end) || fetches >= maxAttempts) {
                    return new Outcome<>(value, false, last, fetches, waited);
                }
                Duration left = Duration.between(now, end);
                Duration sleep = delay.compareTo(left) > 0 ? left : delay;
                if (keepWaitingWhenInterrupted) {
                    interrupted |= sleepThroughInterrupts(sleep);
                } else {
                    try {
                        sleeper.sleep(sleep);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TraeCancelledException("waiting for " + what + " was interrupted (last status: " + last + ")", e);
                    }
                }
                long next = (long) Math.min(maxDelay.toNanos(), delay.toNanos() * multiplier);
                delay = Duration.ofNanos(Math.max(next, 1));
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sleeps {@code d} in full by the poller's clock however often interrupted; answers whether it was. */
    private boolean sleepThroughInterrupts(Duration d) {
        boolean interrupted = false;
        Instant wake = clock.instant().plus(d);
        Duration left = d;
        while (true) {
            try {
                sleeper.sleep(left);
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
                left = Duration.between(clock.instant(), wake);
                if (left.isZero() || left.isNegative()) {
                    return true;
                }
            }
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
        private boolean keepWaitingWhenInterrupted;
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

        /**
         * Keep waiting when the thread is interrupted (default false: an interrupt ends the wait with
         * {@link TraeCancelledException}). For cleanup that must finish even when its thread is interrupted
         * (teardown of resources that cost money): an interrupt neither ends the wait nor shortens a sleep (the
         * sleep goes on for the rest of its time by the poller's clock), a flag already set when the wait starts
         * is taken for the wait, and the flag is set again when the wait ends, by a return or by an exception, so
         * the caller still sees the interrupt. {@link #cancelled} is still checked. A caller that makes further
         * blocking calls after the wait (the AWS SDK aborts a call made while the flag is set) takes the flag with
         * {@link Thread#interrupted()} and sets it again at its own end.
         */
        public Builder keepWaitingWhenInterrupted(boolean keepWaiting) {
            this.keepWaitingWhenInterrupted = keepWaiting;
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
