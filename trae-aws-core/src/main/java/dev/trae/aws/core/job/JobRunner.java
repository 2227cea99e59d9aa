package dev.trae.aws.core.job;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.internal.DefaultTraeJob;
import dev.trae.aws.core.internal.Jobs;

/**
 * Starts {@link TraeJob}s on background threads and resumes them by id from a {@link JobStore}.
 * Thread-safe; one per application is enough.
 *
 * <pre>{@code
 * try (JobRunner runner = JobRunner.create(JobStore.directory(Path.of(".trae/jobs")))) {
 *     TraeJob<Long> job = runner.submit("count", ctx -> {
 *         long start = Long.parseLong(ctx.checkpoint().getOrDefault("next", "0"));
 *         for (long i = start; i < 100; i++) {
 *             ctx.throwIfCancelled();
 *             ctx.saveCheckpoint(Map.of("next", Long.toString(i + 1)));
 *         }
 *         return 100L;
 *     });
 *     job.await(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
public final class JobRunner implements AutoCloseable {
    private final JobStore store;
    private final ExecutorService executor;

    private JobRunner(JobStore store) {
        this.store = Objects.requireNonNull(store, "store");
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trae-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static JobRunner create(JobStore store) {
        return new JobRunner(store);
    }

    public JobStore store() {
        return store;
    }

    /** Starts new work under a generated id of the form {@code kind-xxxxxxxx}. */
    public <T> TraeJob<T> submit(String kind, JobWork<T> work) {
        return submit(kind + "-" + UUID.randomUUID().toString().substring(0, 8), kind, work);
    }

    /** Starts new work under the given id; an id that already exists must be resumed instead. */
    public <T> TraeJob<T> submit(String id, String kind, JobWork<T> work) {
        Jobs.validateId(id);
        requireKind(kind);
        Objects.requireNonNull(work, "work");
        if (store.find(id).isPresent()) {
            throw new TraeValidationException("jobId", "job " + id + " already exists; resume it by id or choose another id");
        }
        return start(new DefaultTraeJob<>(id, kind, store, null, false), work);
    }

    /**
     * Runs {@code work} again for an existing job that did not succeed, with its last checkpoint.
     * Refuses an unknown id and one that already succeeded.
     */
    public <T> TraeJob<T> resume(String id, JobWork<T> work) {
        Jobs.validateId(id);
        Objects.requireNonNull(work, "work");
        JobRecord r = store.find(id).orElseThrow(() ->
                new TraeValidationException("jobId", "no job " + id + " in the job store; nothing to resume"));
        if (r.status() == JobStatus.SUCCEEDED) {
            throw new TraeValidationException("jobId", "job " + id + " already succeeded; nothing to resume");
        }
        return start(new DefaultTraeJob<>(id, r.kind(), store, r.checkpoint(), true), work);
    }

    /** The stored record of a job, if any. */
    public Optional<JobRecord> find(String id) {
        return store.find(Jobs.validateId(id));
    }

    private <T> TraeJob<T> start(DefaultTraeJob<T> job, JobWork<T> work) {
        executor.execute(() -> job.execute(work));
        return job;
    }

    private static void requireKind(String kind) {
        if (kind == null || !kind.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new TraeValidationException("kind", "must be 1 to 63 lowercase letters, digits or '-', was " + kind);
        }
    }

    /** Stops accepting jobs; running jobs are interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
