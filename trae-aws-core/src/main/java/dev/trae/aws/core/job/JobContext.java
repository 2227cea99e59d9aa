package dev.trae.aws.core.job;

import java.util.Map;

import dev.trae.aws.core.progress.ProgressTracker;

/** What a running {@link JobWork} sees: its id, progress, cancellation and checkpoints. */
public interface JobContext {

    String jobId();

    /** Progress of this job; listeners registered on the job receive what is reported here. */
    ProgressTracker tracker();

    /** Whether cancellation was requested. */
    boolean isCancelled();

    /** Throws {@link dev.trae.aws.core.TraeCancelledException} when cancellation was requested. */
    void throwIfCancelled();

    /** The last saved checkpoint: empty for a fresh job, the saved state for a resumed one. */
    Map<String, String> checkpoint();

    /** Durably saves a checkpoint (replacing the previous one) before returning. */
    void saveCheckpoint(Map<String, String> state);

    /** Whether this run resumes an earlier one. */
    boolean resumed();
}
