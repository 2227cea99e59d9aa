package dev.trae.aws.robotics.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.robotics.SimulationJob;
import dev.trae.aws.robotics.model.BatchSubmission;
import dev.trae.aws.robotics.model.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsResponse;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * Launching a simulation on AWS Batch: registers the job definition (or reuses an ACTIVE revision with the same
 * contents, found by its spec-hash tag) and submits the job. A {@code SubmitJob} whose answer was lost is never
 * repeated blindly: a retry first looks for the job the earlier attempt created, by the submission id tag. Not API.
 */
public final class SimulationLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(SimulationLauncher.class);
    private final SimulationServices aws;

    public SimulationLauncher(SimulationServices aws) {
        this.aws = aws;
    }

    /**
     * Registers the definition, submits the job and saves the Batch job id in the Trae job's checkpoint, so that a
     * resumed job follows it instead of submitting again. Returns the Batch job id.
     */
    public String submit(JobContext ctx, SimulationJob spec, String queue, List<Scenario> scenarios) {
        ProgressTracker t = ctx.tracker();
        String submissionId = UUID.randomUUID().toString();
        BatchSubmission sub = BatchMapping.submission(spec, queue, scenarios, submissionId);
        t.phase("REGISTERING", "job definition " + sub.jobDefinition().jobDefinitionName());
        String defArn = ensureDefinition(sub);
        ctx.throwIfCancelled();
        t.phase("SUBMITTING", spec.name());
        SubmitJobRequest req = sub.submitJob().toBuilder().jobDefinition(defArn).build();
        AtomicInteger attempt = new AtomicInteger();
        String batchId = aws.batch().call("SubmitJob", Idempotency.DEFAULT, c -> {
            if (attempt.incrementAndGet() > 1) {
                // an earlier attempt may have created the job and lost the answer: never submit twice
                Optional<String> existing = findSubmitted(c, req.jobQueue(), req.jobName(), submissionId);
                if (existing.isPresent()) {
                    LOG.debug("SubmitJob answer was lost; found the job {} it created", existing.get());
                    return existing.get();
                }
            }
            return c.submitJob(req).jobId();
        });
        LOG.debug("submitted simulation {} as Batch job {}", spec.name(), batchId);
        ctx.saveCheckpoint(Map.of("batchJobId", batchId, "jobDefinition", defArn, "history", ""));
        return batchId;
    }

    /** Registers the job definition of {@code sub}, or reuses an ACTIVE revision with the same spec hash. Returns its ARN. */
    public String ensureDefinition(BatchSubmission sub) {
        String name = sub.jobDefinition().jobDefinitionName();
        String token = null;
        do {
            String t = token;
            DescribeJobDefinitionsResponse r = aws.batch().call("DescribeJobDefinitions", Idempotency.IDEMPOTENT,
                    c -> c.describeJobDefinitions(b -> b.jobDefinitionName(name).status("ACTIVE").nextToken(t)));
            for (JobDefinition d : r.jobDefinitions()) {
                if (sub.specHash().equals(d.tags().get(BatchMapping.HASH_TAG))) {
                    LOG.debug("reusing job definition {}", d.jobDefinitionArn());
                    return d.jobDefinitionArn();
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return aws.batch().call("RegisterJobDefinition", c -> c.registerJobDefinition(sub.jobDefinition())).jobDefinitionArn();
    }

    /** Within a SubmitJob retry (already guarded): the job an earlier attempt created, by its submission id tag. */
    private static Optional<String> findSubmitted(BatchClient batch, String queue, String jobName, String submissionId) {
        ListJobsResponse list = batch.listJobs(b -> b.jobQueue(queue)
                .filters(KeyValuesPair.builder().name("JOB_NAME").values(jobName).build()).maxResults(100));
        List<String> ids = list.jobSummaryList().stream().map(JobSummary::jobId).limit(100).toList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return batch.describeJobs(b -> b.jobs(ids)).jobs().stream()
                .filter(j -> submissionId.equals(j.tags().get(BatchMapping.SUBMISSION_TAG)))
                .map(JobDetail::jobId).findFirst();
    }
}
