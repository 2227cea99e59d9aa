package dev.trae.aws.bedrock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.model.HostingRequest;
import dev.trae.aws.bedrock.model.ModelEndpoint;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.TraeJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.CommitmentDuration;

/**
 * Makes a custom model (the result of {@link ModelCustomization}) invocable: an on-demand custom model
 * deployment ({@code CreateCustomModelDeployment}, billed per token) or a Provisioned Throughput
 * ({@code CreateProvisionedModelThroughput}, dedicated model units). Both take minutes, so they run as a
 * {@link TraeJob} with progress that waits until the resource is ready ({@code Active} / {@code InService})
 * and returns a {@link ModelEndpoint} whose {@link ModelEndpoint#modelId() modelId} goes into
 * {@code converse}. When the resource fails, is not ready within {@link HostingRequest#maxWait()}, or the job
 * is cancelled, the resource is deleted again (nothing keeps billing); a Provisioned Throughput with a
 * commitment term cannot be deleted before the term ends, which is logged. Every request is checked before
 * anything is sent. Every AWS call goes through core's {@link ServiceClient}; creations carry a
 * {@code clientRequestToken}, so a create whose answer was lost is retried without making a second resource. Thread-safe.
 *
 * <pre>{@code
 * try (CustomModelHosting hosting = CustomModelHosting.create(config);
 *      TraeBedrockClient bedrock = TraeBedrockClient.create(config)) {
 *     ModelEndpoint endpoint = hosting.deploy(HostingRequest.onDemand(customModel.modelArn(), "support-bot"))
 *             .await(Duration.ofHours(1));
 *     System.out.println(bedrock.converse(c -> c.modelId(endpoint.modelId()).user("Hello")).text());
 *     hosting.delete(endpoint);
 * }
 * }</pre>
 */
public final class CustomModelHosting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CustomModelHosting.class);
    private static final String KIND = "bedrock-hosting";
    private static final Pattern CUSTOM_MODEL_ARN = Pattern.compile("arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:custom-model/.+");
    private static final Pattern DEPLOYMENT_NAME = Pattern.compile("([0-9a-zA-Z][_-]?){1,63}");
    private static final Pattern PROVISIONED_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}");
    private static final Pattern ENDPOINT_ARN = Pattern.compile(
            "arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:(custom-model-deployment|provisioned-model)/[a-z0-9]{1,64}");

    private final ServiceClient<BedrockClient> bedrock;
    private final JobRunner runner;
    private final dev.trae.aws.core.job.JobStore jobs;

    private CustomModelHosting(TraeConfig config) {
        AwsClients clients = AwsClients.of(Objects.requireNonNull(config, "config"));
        this.bedrock = clients.service(Services.BEDROCK, BedrockClient::builder);
        this.runner = JobRunner.create(config.jobStore());
        this.jobs = config.jobStore();
    }

    public static CustomModelHosting create(TraeConfig config) {
        return new CustomModelHosting(config);
    }

    /** Deploys a custom model for on-demand inference; {@code request} must be {@link HostingRequest#onDemand}. */
    public TraeJob<ModelEndpoint> deploy(HostingRequest request) {
        check(request, ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT);
        return runner.submit(KIND, ctx -> run(ctx, request));
    }

    /** Buys Provisioned Throughput for a model; {@code request} must be {@link HostingRequest#provisioned}. */
    public TraeJob<ModelEndpoint> provision(HostingRequest request) {
        check(request, ModelEndpoint.Kind.PROVISIONED_THROUGHPUT);
        return runner.submit(KIND, ctx -> run(ctx, request));
    }

    /** Continues a deploy or provision job that did not finish (after a crash), from its checkpoint. */
    public TraeJob<ModelEndpoint> resume(String jobId, HostingRequest request) {
        check(request, request.kind());
        // the request must be of the kind the job created: polling (or deleting) the resource as the other kind is wrong
        String created = jobs.find(jobId).map(r -> r.checkpoint().get("arn")).orElse(null);
        if (created != null) {
            ModelEndpoint.Kind was = created.contains(":provisioned-model/") ? ModelEndpoint.Kind.PROVISIONED_THROUGHPUT
                    : ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT;
            if (was != request.kind()) {
                throw new TraeValidationException("request", "job " + jobId + " created a " + was + " (" + created
                        + "); resume it with a request of that kind");
            }
        }
        return runner.resume(jobId, ctx -> run(ctx, request));
    }

    /**
     * Deletes a deployment or Provisioned Throughput. Idempotent: one that is already gone is fine. Checked
     * before anything is sent.
     */
    public void delete(ModelEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!ENDPOINT_ARN.matcher(endpoint.arn()).matches()) {
            throw new TraeValidationException("endpoint", "is not a custom model deployment or provisioned model ARN");
        }
        deleteQuietly(endpoint.kind(), endpoint.arn());
    }

    private static void check(HostingRequest r, ModelEndpoint.Kind expected) {
        Objects.requireNonNull(r, "request");
        if (r.kind() != expected) {
            throw new TraeValidationException("request", "is a " + r.kind() + " request; use "
                    + (r.kind() == ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT ? "deploy" : "provision"));
        }
        if (r.kind() == ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT) {
            if (!CUSTOM_MODEL_ARN.matcher(r.modelArn()).matches()) {
                throw new TraeValidationException("modelArn", "must be a custom model ARN (arn:aws:bedrock:<region>:<account>:custom-model/...), "
                        + "as returned by ModelCustomization");
            }
            if (!DEPLOYMENT_NAME.matcher(r.name()).matches()) {
                throw new TraeValidationException("name", "must be 1 to 63 letters and digits, single '_' or '-' between them");
            }
            if (r.description().length() > 200) {
                throw new TraeValidationException("description", "must be at most 200 characters");
            }
            if (r.commitment() != HostingRequest.Commitment.NONE) {
                throw new TraeValidationException("commitment", "applies to Provisioned Throughput only");
            }
        } else {
            RequestValidator.modelId(r.modelArn());
            if (r.modelArn().startsWith("arn:") && !CUSTOM_MODEL_ARN.matcher(r.modelArn()).matches()
                    && !r.modelArn().contains(":foundation-model/")) {
                throw new TraeValidationException("modelArn", "must be a custom model ARN or a foundation model id or ARN");
            }
            if (!PROVISIONED_NAME.matcher(r.name()).matches()) {
                throw new TraeValidationException("name", "must be 1 to 63 letters, digits, '_' or '-', starting with a letter or digit");
            }
            if (r.modelUnits() < 1) {
                throw new TraeValidationException("modelUnits", "must be at least 1, was " + r.modelUnits());
            }
        }
        if (r.pollInterval().isNegative() || r.pollInterval().isZero()) {
            throw new TraeValidationException("pollInterval", "must be positive");
        }
        if (r.maxWait().isNegative() || r.maxWait().isZero()) {
            throw new TraeValidationException("maxWait", "must be positive");
        }
    }

    private ModelEndpoint run(JobContext ctx, HostingRequest r) {
        var progress = ctx.tracker();
        progress.total(2);
        Map<String, String> cp = new LinkedHashMap<>(ctx.checkpoint());
        if (!cp.containsKey("arn")) {
            progress.phase("CREATING", what(r) + " " + r.name());
            // a fresh token per creation: a resource deleted after a failure must not be returned for a retry
            int creation = Integer.parseInt(cp.getOrDefault("creations", "0")) + 1;
            String token = ctx.jobId() + "-" + creation;
            cp.put("creations", Integer.toString(creation));
            cp.put("arn", create(r, token));
            ctx.saveCheckpoint(cp);
        }
        String arn = cp.get("arn");
        String ready = r.kind() == ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT ? "Active" : "InService";
        // every pollInterval (whole milliseconds, at least 1) until ready, Failed, maxWait or cancel(); the last sleep is cut to maxWait
        Duration every = Duration.ofMillis(Math.max(1, r.pollInterval().toMillis()));
        Poller poller = Poller.builder().initialDelay(every).maxDelay(every).multiplier(1.0).deadline(r.maxWait())
                .cancelled(ctx::isCancelled)
                .onTimeout((what, last, fetches, waited) -> new TraeTimeoutException(what(r) + " " + r.name() + " was not " + ready
                        + " within " + r.maxWait() + "; it was deleted. Raise maxWait to wait longer", r.maxWait(), null, false))
                .build();
        try {
            progress.set(1);
            poller.await(what(r) + " " + r.name(), () -> status(r.kind(), arn), state -> {
                progress.phase(state[0].toUpperCase(java.util.Locale.ROOT), what(r) + " " + arn + " is " + state[0]);
                if (ready.equals(state[0])) {
                    return Poller.State.done();
                }
                if ("Failed".equals(state[0])) {
                    throw new TraeClientException(what(r) + " " + r.name() + " failed: " + state[1] + "; it was deleted", null, false);
                }
                return Poller.State.waiting(state[0]);
            });
            progress.set(2);
            return new ModelEndpoint(r.kind(), arn, r.name(), r.modelArn());
        } catch (RuntimeException e) {
            // failed, timed out or cancelled: delete what was created, and forget it so that a resume starts afresh
            boolean interrupted = Thread.interrupted();
            try {
                deleteQuietly(r.kind(), arn);
                cp.remove("arn");
                ctx.saveCheckpoint(cp);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (ctx.isCancelled()) {
                // cancel() interrupts this thread, in the Poller's sleep or inside an HTTP call: whatever ended the wait,
                // the outcome is this cancellation
                TraeCancelledException cancelled = new TraeCancelledException(what(r) + " " + r.name() + " was cancelled; it was deleted");
                cancelled.addSuppressed(e);
                throw cancelled;
            }
            throw e;
        }
    }

    private static String what(HostingRequest r) {
        return r.kind() == ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT ? "custom model deployment" : "Provisioned Throughput";
    }

    private String create(HostingRequest r, String token) {
        if (r.kind() == ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT) {
            // the token makes a repeat return the deployment the first request created (API_CreateCustomModelDeployment)
            return bedrock.call("CreateCustomModelDeployment", Idempotency.IDEMPOTENT, c -> c.createCustomModelDeployment(b -> {
                b.modelDeploymentName(r.name()).modelArn(r.modelArn()).clientRequestToken(token);
                if (!r.description().isEmpty()) {
                    b.description(r.description());
                }
            })).customModelDeploymentArn();
        }
        return bedrock.call("CreateProvisionedModelThroughput", Idempotency.IDEMPOTENT, c -> c.createProvisionedModelThroughput(b -> {
            b.provisionedModelName(r.name()).modelId(r.modelArn()).modelUnits(r.modelUnits()).clientRequestToken(token);
            r.commitment().wire().ifPresent(term -> b.commitmentDuration(CommitmentDuration.fromValue(term)));
        })).provisionedModelArn();
    }

    /** {status, failure message} of a deployment or Provisioned Throughput. */
    private String[] status(ModelEndpoint.Kind kind, String arn) {
        if (kind == ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT) {
            var d = bedrock.call("GetCustomModelDeployment", Idempotency.IDEMPOTENT,
                    c -> c.getCustomModelDeployment(b -> b.customModelDeploymentIdentifier(arn)));
            return new String[] {d.statusAsString(), String.valueOf(d.failureMessage())};
        }
        var p = bedrock.call("GetProvisionedModelThroughput", Idempotency.IDEMPOTENT,
                c -> c.getProvisionedModelThroughput(b -> b.provisionedModelId(arn)));
        return new String[] {p.statusAsString(), String.valueOf(p.failureMessage())};
    }

    /** Deletes; a resource that is already gone is fine, any other failure is logged and rethrown. */
    private void deleteQuietly(ModelEndpoint.Kind kind, String arn) {
        try {
            if (kind == ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT) {
                // a repeat after a lost answer is answered 404, which counts as deleted below
                bedrock.call("DeleteCustomModelDeployment", Idempotency.IDEMPOTENT,
                        c -> c.deleteCustomModelDeployment(b -> b.customModelDeploymentIdentifier(arn)));
            } else {
                bedrock.call("DeleteProvisionedModelThroughput", Idempotency.IDEMPOTENT,
                        c -> c.deleteProvisionedModelThroughput(b -> b.provisionedModelId(arn)));
            }
        } catch (TraeServiceException e) {
            if (e.statusCode() == 404 || e.errorCode().orElse("").contains("ResourceNotFound")) {
                return;
            }
            LOG.warn("could not delete {} {}; delete it by hand so that it stops billing: {}", kind, arn, e.getMessage());
            throw e;
        }
    }

    @Override
    public void close() {
        runner.close();
        bedrock.close();
    }

}
