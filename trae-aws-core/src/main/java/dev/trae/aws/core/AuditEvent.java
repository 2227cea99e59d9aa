package dev.trae.aws.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One security-relevant action: who did what to which resource (by id, never by value), with
 * what result and under which request id. Immutable.
 *
 * <pre>{@code
 * AuditEvent.of("kms", "Decrypt", "alias/trae-data").principal("export-job").result("SUCCESS").build();
 * }</pre>
 */
public final class AuditEvent {
    private final Instant time;
    private final String principal;
    private final String service;
    private final String action;
    private final String resource;
    private final String result;
    private final String requestId;
    private final Map<String, String> details;

    private AuditEvent(Builder b) {
        this.time = b.time == null ? Instant.now() : b.time;
        this.principal = b.principal == null ? "unknown" : b.principal;
        this.service = b.service;
        this.action = b.action;
        this.resource = b.resource;
        this.result = b.result == null ? "SUCCESS" : b.result;
        this.requestId = b.requestId;
        Map<String, String> d = new LinkedHashMap<>();
        b.details.forEach((k, v) -> d.put(k, Redaction.isSecretName(k) ? Redaction.MASK : Redaction.scrub(v)));
        this.details = Collections.unmodifiableMap(d);
    }

    public static Builder of(String service, String action, String resource) {
        return new Builder(service, action, resource);
    }

    public Instant time() {
        return time;
    }

    public String principal() {
        return principal;
    }

    public String service() {
        return service;
    }

    public String action() {
        return action;
    }

    /** The key, secret or object id acted on; never its value. */
    public String resource() {
        return resource;
    }

    /** SUCCESS, FAILURE or DENIED (free text allowed). */
    public String result() {
        return result;
    }

    public String requestId() {
        return requestId;
    }

    /** Extra fields; values under secret-looking names are masked. */
    public Map<String, String> details() {
        return details;
    }

    @Override
    public String toString() {
        return "AuditEvent[" + time + " " + principal + " " + service + ":" + action + " " + resource + " " + result
                + (requestId != null ? " req=" + requestId : "") + (details.isEmpty() ? "" : " " + details) + "]";
    }

    /** Builder for {@link AuditEvent}. */
    public static final class Builder {
        private Instant time;
        private String principal;
        private final String service;
        private final String action;
        private final String resource;
        private String result;
        private String requestId;
        private final Map<String, String> details = new LinkedHashMap<>();

        private Builder(String service, String action, String resource) {
            this.service = Objects.requireNonNull(service, "service");
            this.action = Objects.requireNonNull(action, "action");
            this.resource = Objects.requireNonNull(resource, "resource");
        }

        public Builder time(Instant t) {
            this.time = t;
            return this;
        }

        public Builder principal(String p) {
            this.principal = p;
            return this;
        }

        public Builder result(String r) {
            this.result = r;
            return this;
        }

        public Builder requestId(String id) {
            this.requestId = id;
            return this;
        }

        public Builder detail(String key, String value) {
            details.put(Objects.requireNonNull(key), String.valueOf(value));
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(this);
        }
    }
}
