package dev.trae.security;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.trae.security.internal.SecretIds;
import dev.trae.security.model.DatabaseCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database credential that follows its secret's rotations without a restart: {@link #current()} is
 * always the latest known AWSCURRENT value; when the provider observes a new version, the credential
 * is swapped and the swap hooks run (for example to reconfigure a connection pool). {@link #use} runs
 * work with the current credential and, if the work fails with an authentication error (the password
 * was rotated under us), re-reads the secret and retries once.
 *
 * <pre>{@code
 * RotatingCredential db = RotatingCredential.of(secrets, "prod/oracle/export");
 * db.onSwap(c -> pool.setPassword(c.password()));
 * long rows = db.use(c -> countRows(c));
 * }</pre>
 */
public final class RotatingCredential {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingCredential.class);

    private final SecretsProvider provider;
    private final String secretId;
    private final Predicate<Throwable> authFailure;
    private final AtomicReference<DatabaseCredential> current = new AtomicReference<>();
    private final List<Consumer<DatabaseCredential>> hooks = new CopyOnWriteArrayList<>();

    private RotatingCredential(SecretsProvider provider, String secretId, Predicate<Throwable> authFailure) {
        this.provider = provider;
        this.secretId = secretId;
        this.authFailure = authFailure;
        provider.onChange(secretId, v -> swap(v.asDatabaseCredential()));
        current.set(provider.databaseCredential(secretId));
    }

    /** Follows {@code secretId}; auth failures recognised by {@link SecretsManagerSecretsProvider#isAuthFailure}. */
    public static RotatingCredential of(SecretsProvider provider, String secretId) {
        return of(provider, secretId, SecretsManagerSecretsProvider::isAuthFailure);
    }

    public static RotatingCredential of(SecretsProvider provider, String secretId, Predicate<Throwable> authFailure) {
        return new RotatingCredential(Objects.requireNonNull(provider, "provider"), SecretIds.check(secretId),
                Objects.requireNonNull(authFailure, "authFailure"));
    }

    /** The latest known credential (re-read through the provider's cache, so a TTL expiry picks up rotations). */
    public DatabaseCredential current() {
        DatabaseCredential c = provider.databaseCredential(secretId);
        DatabaseCredential old = current.get();
        if (!c.equals(old)) {
            swap(c);
        }
        return current.get();
    }

    /** Registers a hook run with the new credential after each swap. */
    public RotatingCredential onSwap(Consumer<DatabaseCredential> hook) {
        hooks.add(Objects.requireNonNull(hook));
        return this;
    }

    /**
     * Runs {@code work} with the current credential; on an authentication failure, forgets the cached
     * secret, reads it again and retries once with the new credential. Other failures propagate.
     */
    public <T> T use(Function<DatabaseCredential, T> work) {
        DatabaseCredential first = current();
        try {
            return work.apply(first);
        } catch (RuntimeException e) {
            if (!authFailure.test(e)) {
                throw e;
            }
            LOG.info("login with secret {} was refused; re-reading the secret once", secretId);
            provider.invalidate(secretId);
            DatabaseCredential second = current();
            return work.apply(second);
        }
    }

    private synchronized void swap(DatabaseCredential c) {
        DatabaseCredential old = current.getAndSet(c);
        if (old != null && !old.equals(c)) {
            for (Consumer<DatabaseCredential> h : hooks) {
                try {
                    h.accept(c);
                } catch (RuntimeException e) {
                    LOG.warn("credential swap hook for {} failed: {}", secretId, e.getClass().getSimpleName());
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RotatingCredential[" + secretId + ", " + current.get() + "]";
    }
}
