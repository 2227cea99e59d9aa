package dev.trae.security;

import static org.assertj.core.api.Assertions.fail;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.trae.aws.core.TraeException;

/**
 * The fuzzing rule: a parser of untrusted input either answers or refuses with a typed {@link TraeException}; never an
 * {@link OutOfMemoryError}, a hang (over {@link #LIMIT_SECONDS} s), a {@link NullPointerException} or any other untyped
 * throwable.
 */
final class Fuzz {
    static final long LIMIT_SECONDS = 10;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-target");
        t.setDaemon(true);
        return t;
    });

    private Fuzz() {
    }

    /** A temporary folder for one fuzz class. */
    static java.nio.file.Path tempDir(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Deletes a folder made by {@link #tempDir}, best effort. */
    static void delete(java.nio.file.Path dir) {
        try (var s = java.nio.file.Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort: a temp folder
        }
    }

    /** Runs {@code target}; returns its result, or empty when it refused with a TraeException; fails otherwise. */
    static <T> Optional<T> typedOrClean(Callable<T> target) {
        return run(target, TraeException.class);
    }

    /** As {@link #typedOrClean} with another accepted refusal type (for internal parsers that refuse with it). */
    static <T> Optional<T> run(Callable<T> target, Class<? extends Throwable> refusal) {
        Future<T> f = POOL.submit(target);
        try {
            return Optional.ofNullable(f.get(LIMIT_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            return fail("the target did not answer within " + LIMIT_SECONDS + " s (hang)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (refusal.isInstance(c)) {
                return Optional.empty();
            }
            throw new AssertionError("untyped failure " + c.getClass().getName() + " (expected a " + refusal.getSimpleName()
                    + " or an answer)", c);
        }
    }
}
