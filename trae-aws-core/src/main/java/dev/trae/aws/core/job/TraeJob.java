package dev.trae.aws.core.job;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.core.progress.ProgressListener;

/**
 * A handle on long-running work: an export, a training job, a simulation, an async Textract
 * analysis, an OCR batch. Thread-safe.
 *
 * <pre>{@code
 * TraeJob<ExportResult> job = exporter.start(plan);
 * job.onProgress(e -> System.out.println(e));
 * ExportResult r = job.await(Duration.ofHours(2));   // or job.cancel(); later runner.resume(job.id(), work)
 * }</pre>
 *
 * @param <T> the result type
 */
public interface TraeJob<T> {

    /** Stable id; pass it to the module's {@code resume(id)} after a crash or a cancel. */
    String id();

    /** The kind of work, such as {@code "oracle-export"}. */
    String kind();

    JobStatus status();

    /** The latest progress, if any was reported. */
    Optional<ProgressEvent> progress();

    /** Registers a listener; it first receives the latest event, if any. Returns this job. */
    TraeJob<T> onProgress(ProgressListener listener);

    /**
     * Waits for the result. Throws {@link dev.trae.aws.core.TraeTimeoutException} when the time runs out
     * (the job keeps running), {@link dev.trae.aws.core.TraeCancelledException} when cancelled, or the
     * job's own {@link dev.trae.aws.core.TraeException} when it failed.
     */
    T await(Duration timeout);

    /** Asks the job to stop; work completed and checkpointed so far is kept. Returns false if already finished. */
    boolean cancel();

    /** The result as a future, for composition. */
    CompletableFuture<T> future();
}
