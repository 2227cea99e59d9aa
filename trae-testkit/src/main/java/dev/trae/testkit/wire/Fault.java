package dev.trae.testkit.wire;

import java.time.Duration;
import java.util.Objects;

/** A fault a fake injects instead of (or before) its normal answer. Immutable. */
public final class Fault {
    /** The kinds of fault. */
    public enum Kind { STATUS, LATENCY, RESET, LOST_RESPONSE, MID_STREAM_ERROR, AFTER_COMMIT_STATUS, AFTER_COMMIT_MALFORMED }

    private final Kind kind;
    private final int status;
    private final String errorType;
    private final Duration latency;
    private final int afterEvents;

    private Fault(Kind kind, int status, String errorType, Duration latency, int afterEvents) {
        this.kind = kind;
        this.status = status;
        this.errorType = errorType;
        this.latency = latency;
        this.afterEvents = afterEvents;
    }

    /** HTTP 429 ThrottlingException. */
    public static Fault throttle() {
        return status(429, "ThrottlingException");
    }

    /** An error response with the given status and AWS error type, e.g. 500 InternalServerException, 503 ServiceUnavailableException. */
    public static Fault status(int status, String errorType) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("fault status must be 4xx or 5xx, was " + status);
        }
        return new Fault(Kind.STATUS, status, Objects.requireNonNull(errorType), null, 0);
    }

    /** Waits {@code d}, then answers normally (use it to trigger client timeouts). */
    public static Fault latency(Duration d) {
        return new Fault(Kind.LATENCY, 0, null, Objects.requireNonNull(d), 0);
    }

    /** Drops the TCP connection (RST) without answering. */
    public static Fault reset() {
        return new Fault(Kind.RESET, 0, null, null, 0);
    }

    /**
     * The fake handles the request (state changes take effect) and then drops the connection instead of
     * answering: the "succeeded but the answer was lost" case that idempotency has to survive.
     */
    public static Fault lostResponse() {
        return new Fault(Kind.LOST_RESPONSE, 0, null, null, 0);
    }

    /**
     * An "after commit" fault: the fake applies the action (state changes take effect), then drops the
     * connection instead of answering. The same as {@link #lostResponse()}; named for the fault tests that
     * inject it at every mutating step.
     */
    public static Fault afterCommit() {
        return lostResponse();
    }

    /**
     * An "after commit" fault: the fake applies the action, then answers with an error status (the service
     * acted, but the caller is told it failed: a 500 from a load balancer after the backend committed).
     */
    public static Fault afterCommitStatus(int status, String errorType) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("fault status must be 4xx or 5xx, was " + status);
        }
        return new Fault(Kind.AFTER_COMMIT_STATUS, status, Objects.requireNonNull(errorType), null, 0);
    }

    /**
     * An "after commit" fault: the fake applies the action, then answers its success status with the body cut
     * in half, so that the SDK cannot parse it (a truncated or corrupted response).
     */
    public static Fault afterCommitMalformed() {
        return new Fault(Kind.AFTER_COMMIT_MALFORMED, 200, null, null, 0);
    }

    /** Whether the fake applies the action before this fault strikes (the request took effect). */
    public boolean afterCommitKind() {
        return kind == Kind.LOST_RESPONSE || kind == Kind.AFTER_COMMIT_STATUS || kind == Kind.AFTER_COMMIT_MALFORMED;
    }

    /** For an event-stream answer: sends {@code afterEvents} events, then the modeled exception instead of the rest. */
    public static Fault midStreamError(int afterEvents, String exceptionType) {
        return new Fault(Kind.MID_STREAM_ERROR, 0, Objects.requireNonNull(exceptionType), null, afterEvents);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public Duration latency() {
        return latency;
    }

    public int afterEvents() {
        return afterEvents;
    }

    @Override
    public String toString() {
        switch (kind) {
            case STATUS:
                return "Fault[" + status + " " + errorType + "]";
            case LATENCY:
                return "Fault[latency " + latency + "]";
            case RESET:
                return "Fault[reset]";
            case LOST_RESPONSE:
                return "Fault[lost response]";
            case AFTER_COMMIT_STATUS:
                return "Fault[after commit " + status + " " + errorType + "]";
            case AFTER_COMMIT_MALFORMED:
                return "Fault[after commit malformed body]";
            default:
                return "Fault[mid-stream " + errorType + " after " + afterEvents + " events]";
        }
    }
}
