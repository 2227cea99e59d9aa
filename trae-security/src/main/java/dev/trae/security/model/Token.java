package dev.trae.security.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.Redaction;
import dev.trae.aws.core.TraeValidationException;

/**
 * An OAuth or STS token as kept by {@link dev.trae.security.TokenStore}: its type, value, optional
 * refresh token, expiry and scopes. Immutable; {@link #toString()} masks the value and refresh token.
 *
 * <pre>{@code
 * Token t = Token.builder().type("oauth-access").value(accessToken).expiresAt(Instant.now().plusSeconds(3600)).build();
 * }</pre>
 */
public final class Token {
    private final String type;
    private final String value;
    private final String refreshToken;
    private final Instant expiresAt;
    private final List<String> scopes;

    private Token(Builder b) {
        if (b.type == null || !b.type.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new TraeValidationException("type", "must be 1-64 letters, digits, '.', '_' or '-' (e.g. oauth-access, sts-session)");
        }
        if (b.value == null || b.value.isEmpty()) {
            throw new TraeValidationException("value", "a token needs a value");
        }
        this.type = b.type;
        this.value = b.value;
        this.refreshToken = b.refreshToken;
        this.expiresAt = b.expiresAt;
        this.scopes = List.copyOf(b.scopes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String type() {
        return type;
    }

    /** The token itself. Never log it. */
    public String value() {
        return value;
    }

    public Optional<String> refreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    public List<String> scopes() {
        return scopes;
    }

    /** Whether the token expires within {@code margin} of {@code now} (never, if it has no expiry). */
    public boolean expiresWithin(Instant now, Duration margin) {
        return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && t.type.equals(type) && t.value.equals(value) && Objects.equals(t.refreshToken, refreshToken)
                && Objects.equals(t.expiresAt, expiresAt) && t.scopes.equals(scopes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, expiresAt, scopes);
    }

    @Override
    public String toString() {
        return "Token[type=" + type + ", value=" + Redaction.MASK + (refreshToken != null ? ", refreshToken=" + Redaction.MASK : "")
                + (expiresAt != null ? ", expiresAt=" + expiresAt : "") + (scopes.isEmpty() ? "" : ", scopes=" + scopes) + "]";
    }

    /** Builder for {@link Token}. */
    public static final class Builder {
        private String type;
        private String value;
        private String refreshToken;
        private Instant expiresAt;
        private List<String> scopes = List.of();

        private Builder() {
        }

        public Builder type(String v) {
            this.type = v;
            return this;
        }

        public Builder value(String v) {
            this.value = v;
            return this;
        }

        public Builder refreshToken(String v) {
            this.refreshToken = v;
            return this;
        }

        public Builder expiresAt(Instant v) {
            this.expiresAt = v;
            return this;
        }

        public Builder scopes(List<String> v) {
            this.scopes = Objects.requireNonNull(v, "scopes");
            return this;
        }

        @Override
        public String toString() {
            return "Token.Builder[type=" + type + "]";
        }

        public Token build() {
            return new Token(this);
        }
    }
}
