package dev.trae.aws.robotics.internal;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.spi.Idempotency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping Batch jobs: {@code CancelJob} (jobs not yet started), {@code TerminateJob} (any state), and the
 * termination of the Batch job when the Trae job that follows it is cancelled. Both calls only move a job towards
 * its end, so repeating them is safe ({@link Idempotency#IDEMPOTENT}). Not API.
 */
public final class SimulationTeardown {
    private static final Logger LOG = LoggerFactory.getLogger(SimulationTeardown.class);
    private final SimulationServices aws;

    public SimulationTeardown(SimulationServices aws) {
        this.aws = aws;
    }

    /** {@code CancelJob}; the caller has checked the id and reason. */
    public void cancel(String batchJobId, String reason) {
        aws.batch().call("CancelJob", Idempotency.IDEMPOTENT, c -> c.cancelJob(b -> b.jobId(batchJobId).reason(reason)));
    }

    /** {@code TerminateJob}; the caller has checked the id and reason. */
    public void terminate(String batchJobId, String reason) {
        aws.batch().call("TerminateJob", Idempotency.IDEMPOTENT, c -> c.terminateJob(b -> b.jobId(batchJobId).reason(reason)));
    }

    /**
     * The Trae job was cancelled while following {@code batchId}: terminates the Batch job (best effort, logged when it
     * fails) and returns the exception the job ends with.
     */
    public TraeCancelledException stopOnCancel(JobContext ctx, String batchId) {
        Thread.interrupted(); // clear the cancel interrupt so that the terminate call can go out
        try {
            terminate(batchId, "cancelled by Trae job " + ctx.jobId());
            ctx.tracker().phase("CANCELLED", "terminated Batch job " + batchId);
        } catch (TraeException e) {
            LOG.warn("could not terminate Batch job {} after cancellation: {}", batchId, e.getMessage());
        }
        return new TraeCancelledException("simulation job " + ctx.jobId() + " was cancelled; Batch job " + batchId + " was terminated");
    }
}
