package dev.trae.aws.robotics.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.robotics.model.SimulationStatus;
import dev.trae.aws.robotics.model.StatusChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * Following a Batch job to its end with core's {@link Poller} at a fixed interval: records every status change in the
 * Trae job's checkpoint (so a resumed job keeps its history), survives up to {@code maxPollFailures} consecutive
 * retryable failed polls (after the resilience retries), and terminates the Batch job when the Trae job is
 * cancelled. The wait has no deadline of its own: Batch's attempt timeout ({@code maxJobDuration}) ends the job,
 * and {@code TraeJob.await} takes the caller's timeout. Not API.
 */
public final class JobFollower {
    private static final Logger LOG = LoggerFactory.getLogger(JobFollower.class);
    /** Long enough never to end a wait that Batch itself keeps alive (at most 10 attempts of 14 days, plus queueing). */
    private static final Duration NO_DEADLINE = Duration.ofDays(3650);

    private final SimulationServices aws;
    private final SimulationTeardown teardown;
    private final Poller poller;
    private final int maxPollFailures;

    public JobFollower(SimulationServices aws, SimulationTeardown teardown, Duration pollInterval, int maxPollFailures) {
        this.aws = aws;
        this.teardown = teardown;
        this.poller = Poller.builder().initialDelay(pollInterval).maxDelay(pollInterval).multiplier(1.0).deadline(NO_DEADLINE).build();
        this.maxPollFailures = maxPollFailures;
    }

    /** One Batch job, if Batch still knows it. */
    public Optional<JobDetail> describe(String batchId) {
        return aws.batch().call("DescribeJobs", Idempotency.IDEMPOTENT, c -> c.describeJobs(b -> b.jobs(batchId)))
                .jobs().stream().filter(j -> batchId.equals(j.jobId())).findFirst();
    }

    /** Up to 100 Batch jobs in one {@code DescribeJobs} call. */
    public List<JobDetail> describeAll(List<String> batchIds) {
        return aws.batch().call("DescribeJobs", Idempotency.IDEMPOTENT, c -> c.describeJobs(b -> b.jobs(batchIds)).jobs());
    }

    /**
     * Polls until the job is terminal, recording status changes in {@code history} and the checkpoint, and calling
     * {@code onPoll} after every successful poll. Terminates the Batch job when the Trae job is cancelled.
     */
    public JobDetail follow(JobContext ctx, String batchId, List<StatusChange> history, Consumer<JobDetail> onPoll) {
        ProgressTracker t = ctx.tracker();
        int[] failures = {0};
        Poller p = poller.toBuilder().cancelled(ctx::isCancelled).build();
        try {
            return p.await("Batch job " + batchId, () -> {
                Optional<JobDetail> found;
                try {
                    found = describe(batchId);
                    failures[0] = 0;
                } catch (TraeException e) {
                    if (ctx.isCancelled()) {
                        throw new TraeCancelledException("cancelled while polling Batch job " + batchId, e); // terminated below
                    }
                    if (!e.retryable() || ++failures[0] > maxPollFailures) {
                        throw e;
                    }
                    LOG.debug("poll of Batch job {} failed ({} in a row), polling again: {}", batchId, failures[0], e.getMessage());
                    return Optional.<JobDetail>empty();
                }
                JobDetail d = found.orElseThrow(() -> new TraeClientException("Batch no longer knows job " + batchId
                        + "; it may have been deleted or be older than Batch keeps jobs"));
                SimulationStatus s = SimulationStatus.parse(d.statusAsString());
                if (history.isEmpty() || history.get(history.size() - 1).status() != s) {
                    history.add(new StatusChange(s, Instant.now()));
                    ctx.saveCheckpoint(Map.of("batchJobId", batchId, "history", formatHistory(history)));
                    t.phase(s.name(), d.statusReason() == null ? batchId : d.statusReason());
                }
                onPoll.accept(d);
                return Optional.of(d);
            }, polled -> polled.isEmpty() ? Poller.State.waiting("poll failed")
                    : SimulationStatus.parse(polled.get().statusAsString()).isTerminal() ? Poller.State.done()
                    : Poller.State.waiting(polled.get().statusAsString())).orElseThrow();
        } catch (TraeCancelledException e) {
            if (ctx.isCancelled()) {
                throw teardown.stopOnCancel(ctx, batchId);
            }
            throw e;
        }
    }

    /** The checkpoint form of a status history: {@code STATUS@epochMillis,...}. */
    public static String formatHistory(List<StatusChange> history) {
        StringBuilder sb = new StringBuilder();
        for (StatusChange c : history) {
            sb.append(sb.length() == 0 ? "" : ",").append(c.status().name()).append('@').append(c.observedAt().toEpochMilli());
        }
        return sb.toString();
    }

    /** Reads {@link #formatHistory}; unreadable entries are skipped. */
    public static List<StatusChange> parseHistory(String s) {
        List<StatusChange> out = new ArrayList<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String part : s.split(",")) {
            int at = part.indexOf('@');
            try {
                out.add(new StatusChange(SimulationStatus.parse(part.substring(0, at)),
                        Instant.ofEpochMilli(Long.parseLong(part.substring(at + 1)))));
            } catch (RuntimeException e) {
                LOG.debug("ignoring unreadable status history entry {}", part);
            }
        }
        return out;
    }
}
