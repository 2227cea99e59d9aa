package dev.trae.aws.training.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeMalformedResponseException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.spi.ErrorTranslator;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.Resilience;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkClient;

/**
 * The retry policy of cleanup: teardown calls go straight to the SDK client, NOT through the shared
 * resilience runtime, so that an open circuit breaker (opened by the very failures that made the cluster
 * fail) cannot stop a TerminateInstances. Each call is retried with exponential backoff until the teardown's
 * own deadline: 5xx, throttles, timeouts, connection errors and unparseable answers (cleanup calls are
 * idempotent: a repeated delete answers "not found", which the caller treats as done), plus the error codes
 * the caller names (eventual consistency, dependency violations). Not API; thread-safe.
 */
public final class CleanupCalls<C extends SdkClient> {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupCalls.class);

    private final C client;
    private final String service;
    private final Instant deadline;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Poller.Sleeper sleeper;
    private final Clock clock;
    private volatile boolean interrupted;

    public CleanupCalls(C client, String service, Duration budget, Duration initialBackoff, Duration maxBackoff, Poller.Sleeper sleeper, Clock clock) {
        this.client = client;
        this.service = service;
        this.clock = clock;
        this.deadline = clock.instant().plus(budget);
        this.initialBackoff = initialBackoff.isZero() ? Duration.ofMillis(1) : initialBackoff;
        this.maxBackoff = maxBackoff.compareTo(this.initialBackoff) < 0 ? this.initialBackoff : maxBackoff;
        this.sleeper = sleeper;
    }

    /** When the budget of this teardown ends. */
    public Instant deadline() {
        return deadline;
    }

    /** Whether the budget is spent. */
    public boolean expired() {
        return !clock.instant().isBefore(deadline);
    }

    /** One call, retried within the budget; throws the last translated failure. */
    public <T> T call(String operation, Set<String> alsoRetryCodes, Function<C, T> call) {
        Duration delay = initialBackoff;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                return call.apply(client);
            } catch (RuntimeException e) {
                TraeException te = ErrorTranslator.translate(e, service, operation);
                boolean again = Resilience.isRetryable(te) || te instanceof TraeMalformedResponseException
                        || (te instanceof TraeServiceException && ((TraeServiceException) te).errorCode().filter(alsoRetryCodes::contains).isPresent());
                if (!again || clock.instant().plus(delay).isAfter(deadline)) {
                    LOG.debug("cleanup {} failed after {} attempts: {}", operation, attempt, te.getMessage());
                    throw te;
                }
                LOG.debug("cleanup {} attempt {} failed ({}); again in {}", operation, attempt, te.getMessage(), delay);
                sleepQuietly(delay);
                delay = delay.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : delay.multipliedBy(2);
            }
        }
    }

    /**
     * Sleeps; teardown goes on when interrupted: the interrupt ends the sleep and is remembered for
     * {@link #interrupted()}, so the caller sets the flag again when its teardown is done.
     */
    public void sleepQuietly(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            interrupted = true; // cleanup continues
        }
    }

    /**
     * Takes the thread's interrupt flag (set again by a wait that went on through an interrupt) and remembers it: the
     * calls that follow must not run with the flag set, as the AWS SDK aborts a call made while it is.
     */
    public void takeInterrupt() {
        if (Thread.interrupted()) {
            interrupted = true;
        }
    }

    /** Whether the thread was interrupted during this teardown (a sleep it ended, or a flag taken). */
    public boolean interrupted() {
        return interrupted;
    }
}
