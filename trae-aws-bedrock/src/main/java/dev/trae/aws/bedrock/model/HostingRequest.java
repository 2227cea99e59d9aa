package dev.trae.aws.bedrock.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to host a custom model with: an on-demand custom model deployment ({@link #onDemand}) or a
 * Provisioned Throughput ({@link #provisioned}), with how often to poll and how long to wait until it is
 * ready. Immutable; the {@code with} methods return changed copies.
 *
 * <pre>{@code
 * HostingRequest.onDemand(customModel.modelArn(), "support-bot").maxWait(Duration.ofMinutes(30));
 * HostingRequest.provisioned(customModel.modelArn(), "support-bot-pt", 1).commitment(HostingRequest.Commitment.ONE_MONTH);
 * }</pre>
 */
public final class HostingRequest {
    /** The commitment term of a Provisioned Throughput. */
    public enum Commitment {
        /** No commitment: billed hourly, deletable at any time. */
        NONE(null),
        ONE_MONTH("OneMonth"),
        SIX_MONTHS("SixMonths");

        private final String wire;

        Commitment(String wire) {
            this.wire = wire;
        }

        /** The API value ({@code OneMonth}, {@code SixMonths}), empty for no commitment. */
        public Optional<String> wire() {
            return Optional.ofNullable(wire);
        }
    }

    private final ModelEndpoint.Kind kind;
    private final String modelArn;
    private final String name;
    private final int modelUnits;
    private final Commitment commitment;
    private final String description;
    private final Duration pollInterval;
    private final Duration maxWait;

    private HostingRequest(ModelEndpoint.Kind kind, String modelArn, String name, int modelUnits, Commitment commitment,
                           String description, Duration pollInterval, Duration maxWait) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.modelArn = Objects.requireNonNull(modelArn, "modelArn");
        this.name = Objects.requireNonNull(name, "name");
        this.modelUnits = modelUnits;
        this.commitment = Objects.requireNonNull(commitment, "commitment");
        this.description = Objects.requireNonNull(description, "description");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    }

    /** An on-demand deployment of a custom model (polled every 30 s, for at most 1 hour). */
    public static HostingRequest onDemand(String customModelArn, String deploymentName) {
        return new HostingRequest(ModelEndpoint.Kind.ON_DEMAND_DEPLOYMENT, customModelArn, deploymentName, 0, Commitment.NONE, "",
                Duration.ofSeconds(30), Duration.ofHours(1));
    }

    /** A Provisioned Throughput without commitment (polled every 30 s, for at most 1 hour). */
    public static HostingRequest provisioned(String modelArn, String provisionedModelName, int modelUnits) {
        return new HostingRequest(ModelEndpoint.Kind.PROVISIONED_THROUGHPUT, modelArn, provisionedModelName, modelUnits,
                Commitment.NONE, "", Duration.ofSeconds(30), Duration.ofHours(1));
    }

    /** The commitment term (Provisioned Throughput only). */
    public HostingRequest commitment(Commitment c) {
        return new HostingRequest(kind, modelArn, name, modelUnits, c, description, pollInterval, maxWait);
    }

    /** A description (deployments only). */
    public HostingRequest description(String d) {
        return new HostingRequest(kind, modelArn, name, modelUnits, commitment, d, pollInterval, maxWait);
    }

    /** How often to ask whether it is ready. */
    public HostingRequest pollInterval(Duration d) {
        return new HostingRequest(kind, modelArn, name, modelUnits, commitment, description, d, maxWait);
    }

    /** How long to wait until it is ready; after that the resource is deleted and the job fails. */
    public HostingRequest maxWait(Duration d) {
        return new HostingRequest(kind, modelArn, name, modelUnits, commitment, description, pollInterval, d);
    }

    public ModelEndpoint.Kind kind() {
        return kind;
    }

    public String modelArn() {
        return modelArn;
    }

    public String name() {
        return name;
    }

    /** Model units (Provisioned Throughput only; 0 for deployments). */
    public int modelUnits() {
        return modelUnits;
    }

    public Commitment commitment() {
        return commitment;
    }

    public String description() {
        return description;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration maxWait() {
        return maxWait;
    }

    @Override
    public String toString() {
        return "HostingRequest[" + kind + " " + name + " of " + modelArn + (kind == ModelEndpoint.Kind.PROVISIONED_THROUGHPUT
                ? ", " + modelUnits + " MU, commitment " + commitment : "") + "]";
    }
}
