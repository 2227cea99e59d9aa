package dev.trae.aws.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import dev.trae.aws.core.spi.ErrorTranslator;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.job.JobRecord;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.JobStore;
import dev.trae.aws.core.job.JobWork;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.aws.core.progress.ProgressTracker;

/** The job handle and context used by {@link dev.trae.aws.core.job.JobRunner}. */
public final class DefaultTraeJob<T> implements TraeJob<T>, JobContext {
    private final String id;
    private final String kind;
    private final JobStore store;
    private final ProgressTracker tracker;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final AtomicReference<JobRecord> record;
    private final boolean resumed;
    private volatile JobStatus status = JobStatus.PENDING;
    private volatile boolean cancelled;
    private volatile Thread worker;

    public DefaultTraeJob(String id, String kind, JobStore store, Map<String, String> checkpoint, boolean resumed) {
        this.id = id;
        this.kind = kind;
        this.store = store;
        this.resumed = resumed;
        this.tracker = new ProgressTracker(id, "", -1);
        this.record = new AtomicReference<>(new JobRecord(id, kind, JobStatus.PENDING, checkpoint, "", null));
        store.save(record.get());
    }

    /** Runs the work on the calling thread, completing the future. */
    public void execute(JobWork<T> work) {
        worker = Thread.currentThread();
        try {
            if (cancelled) {
                throw new TraeCancelledException("job " + id + " was cancelled before it started");
            }
            transition(JobStatus.RUNNING, null, "running");
            T result = work.run(this);
            transition(JobStatus.SUCCEEDED, null, "succeeded");
            future.complete(result);
        } catch (Throwable t) {
            // after cancel() the work often ends with the failure the cancel caused (an interrupted call, a closed
            // stream), already translated to a TraeException: the job was still cancelled, and that failure is the cause
            TraeException e = t instanceof TraeCancelledException ? (TraeCancelledException) t
                    : cancelled ? new TraeCancelledException("job " + id + " was cancelled; resume it by id to continue", t)
                    : ErrorTranslator.translate(t, kind, "job");
            JobStatus end = e instanceof TraeCancelledException ? JobStatus.CANCELLED : JobStatus.FAILED;
            try {
                transition(end, null, e.getMessage());
            } catch (RuntimeException storeFailure) {
                e.addSuppressed(storeFailure);
            }
            future.completeExceptionally(e);
            if (t instanceof Error && !(t instanceof AssertionError)) {
                throw (Error) t;
            }
        } finally {
            worker = null;
            Thread.interrupted();
        }
    }

    private void transition(JobStatus s, Map<String, String> checkpoint, String message) {
        status = s;
        store.save(record.updateAndGet(r -> r.with(s, checkpoint, message)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public JobStatus status() {
        return status;
    }

    @Override
    public Optional<ProgressEvent> progress() {
        return Optional.ofNullable(tracker.last());
    }

    @Override
    public TraeJob<T> onProgress(ProgressListener listener) {
        tracker.addListener(listener);
        ProgressEvent last = tracker.last();
        if (last != null) {
            listener.onProgress(last);
        }
        return this;
    }

    @Override
    public T await(Duration timeout) {
        try {
            return future.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TraeTimeoutException("job " + id + " (" + kind + ") did not finish within " + timeout
                    + "; it is still running: await again or cancel it", timeout, e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraeCancelledException("interrupted while waiting for job " + id);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TraeException) {
                throw (TraeException) c;
            }
            throw new TraeClientException("job " + id + " failed: " + c, c);
        }
    }

    @Override
    public boolean cancel() {
        if (future.isDone()) {
            return false;
        }
        cancelled = true;
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
        return true;
    }

    @Override
    public CompletableFuture<T> future() {
        return future.copy();
    }

    // ---- JobContext

    @Override
    public String jobId() {
        return id;
    }

    @Override
    public ProgressTracker tracker() {
        return tracker;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void throwIfCancelled() {
        if (cancelled) {
            throw new TraeCancelledException("job " + id + " was cancelled; completed work was checkpointed");
        }
    }

    @Override
    public Map<String, String> checkpoint() {
        return record.get().checkpoint();
    }

    @Override
    public void saveCheckpoint(Map<String, String> state) {
        store.save(record.updateAndGet(r -> r.with(status, state, null)));
    }

    @Override
    public boolean resumed() {
        return resumed;
    }
}
