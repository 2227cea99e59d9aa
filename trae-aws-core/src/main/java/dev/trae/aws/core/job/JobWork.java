package dev.trae.aws.core.job;

/**
 * The body of a job. It reports progress through the context, checks {@link JobContext#isCancelled()}
 * between units of work, and saves a checkpoint after each completed unit so that a resumed run can
 * continue where this one stopped.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface JobWork<T> {
    T run(JobContext context) throws Exception;
}
