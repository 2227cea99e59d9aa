package dev.trae.aws.core.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One AWS service as Trae wires it: the id used for endpoint overrides, rate limits and breakers
 * ({@code "bedrock-runtime"}), the timeout profile its clients get, and the builder settings that belong to
 * it. The constants are in {@link Services}; a module adding a service adds a constant there.
 */
public final class Service {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,40}");

    /** Builder settings owned by a service beyond the common ones. */
    public enum Settings {
        /** Nothing beyond region, credentials, endpoint, timeouts and user agent. */
        NONE,
        /** S3: path-style addressing and checksums only where required when the endpoint is S3-compatible (Trae Local, S3Proxy). */
        S3
    }

    private final String id;
    private final AwsClients.Profile profile;
    private final Settings settings;

    private Service(String id, AwsClients.Profile profile, Settings settings) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("service id must match " + ID + ", was " + id);
        }
        this.id = id;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A service with the standard timeout profile and no extra settings. */
    public static Service of(String id) {
        return new Service(id, AwsClients.Profile.STANDARD, Settings.NONE);
    }

    /** A service with its own timeout profile and settings. */
    public static Service of(String id, AwsClients.Profile profile, Settings settings) {
        return new Service(id, profile, settings);
    }

    /** The id used in {@code TraeConfig.endpoint(id, uri)} and {@code ResiliencePolicy.rateLimit(id, tps)}. */
    public String id() {
        return id;
    }

    /** The timeout profile of this service's clients. */
    public AwsClients.Profile profile() {
        return profile;
    }

    /** The builder settings this service owns. */
    public Settings settings() {
        return settings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Service && ((Service) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id;
    }
}
