package dev.trae.aws.training.internal;

import java.time.Duration;

import dev.trae.aws.core.TraeCancelledException;

/** Sleeping between polls, interruptible. Not API. */
public final class Waits {
    private Waits() {
    }

    /** Sleeps {@code d}; an interrupt ends the wait with {@link TraeCancelledException} (interrupt flag kept). */
    public static void sleep(Duration d, String what) {
        try {
            Thread.sleep(Math.max(0, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraeCancelledException("interrupted while waiting for " + what);
        }
    }
}
