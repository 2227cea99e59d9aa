package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.training.model.CapacityBlockOffering;
import dev.trae.aws.training.model.CapacityReservation;
import dev.trae.aws.training.model.ClusterRunResult;
import dev.trae.aws.training.model.ClusterState;
import dev.trae.aws.training.model.CommandResult;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.ec2.Ec2Fake;
import dev.trae.testkit.aws.ec2.ManualClock;
import dev.trae.testkit.aws.ssm.SsmFake;
import dev.trae.testkit.wire.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The UltraCluster against an EC2 fake that does not agree: Capacity Blocks that start later, answers lost after
 * the action took effect, eventual consistency, an open circuit breaker during teardown, SSM's 50-id limit.
 */
@ExtendWith(TraeLocalExtension.class)
class UltraClusterFaultTest {
    private static final List<String> MUTATING = List.of("CreateCapacityReservation", "CreatePlacementGroup", "CreateSecurityGroup",
            "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RunInstances", "TerminateInstances",
            "DeletePlacementGroup", "DeleteSecurityGroup", "CancelCapacityReservation");

    private final TraeLocal local;
    private final Ec2Fake ec2;
    private final SsmFake ssm;
    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    UltraClusterFaultTest(TraeLocal local) {
        this.local = local;
        this.ec2 = local.fake("ec2", new Ec2Fake().clock(clock));
        this.ssm = local.fake("ssm", new SsmFake(ec2));
    }

    @BeforeEach
    void clean() {
        local.resetAll();
        ec2.clear();
        ec2.pendingDescribes(1).initializingChecks(1).eventualConsistency(0).capacityBlockLeadTime(Duration.ofHours(2));
        clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private UltraClusterClient client(TraeConfig config) {
        return UltraClusterClient.builder().config(config).pollInterval(Duration.ofMillis(5)).readyTimeout(Duration.ofSeconds(10))
                .teardownTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(10)).clock(clock).build();
    }

    private static UltraClusterSpec.Builder spec() {
        return UltraClusterSpec.builder().name("fault").instanceType("trn1.32xlarge").instanceCount(2)
                .capacity(Capacity.onDemandReservation()).availabilityZone("us-east-1a").instanceProfile("TraeClusterSsm");
    }

    // ------------------------------------------------------------------ Capacity Blocks (point 1)

    @Test
    void launch_whenTheCapacityBlockStartsLater_refusesBeforeBuyingAndNamesTheStart() {
        try (UltraClusterClient clusters = client(local.config())) {
            CapacityBlockOffering o = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24, clock.instant(), clock.instant().plus(Duration.ofDays(7))).get(0);
            assertThat(o.start()).isAfter(clock.instant());
            assertThatThrownBy(() -> clusters.launch(spec().capacity(Capacity.purchaseCapacityBlock(o,
                    PurchaseConfirmation.acceptCharge(o.offeringId(), o.upfrontFee()))).build(), null))
                    .hasMessageContaining("starts at " + o.start()).hasMessageContaining("nothing was purchased");
        }
        assertThat(ec2.actions()).doesNotContain("PurchaseCapacityBlock", "RunInstances");
        assertThat(ec2.activeReservations()).isEmpty();
    }

    @Test
    void launch_intoABlockBoughtForLater_refusesNamingTheStartAndLaunchesOnceItIsActive() {
        try (UltraClusterClient clusters = client(local.config())) {
            CapacityBlockOffering o = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24, clock.instant(), clock.instant().plus(Duration.ofDays(7))).get(0);
            CapacityReservation r = clusters.purchaseCapacityBlock(o, PurchaseConfirmation.acceptCharge(o.offeringId(), o.upfrontFee()));
            // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-view.html: payment-pending, then scheduled
            assertThat(r.state()).isEqualTo("payment-pending");
            UltraClusterSpec s = spec().capacity(Capacity.existingReservation(r.reservationId())).build();
            assertThatThrownBy(() -> clusters.launch(s, null)).hasMessageContaining("starts at " + o.start());
            assertThat(ec2.actions()).doesNotContain("RunInstances", "CreatePlacementGroup");
            clock.set(o.start().plusSeconds(60));
            assertThat(ec2.reservationState(r.reservationId())).isEqualTo("active");
            try (UltraCluster c = clusters.launch(s, null)) {
                assertThat(c.state()).isEqualTo(ClusterState.READY);
                assertThat(ec2.instances()).allSatisfy(i -> assertThat(i.capacityReservationId()).isEqualTo(r.reservationId()));
            }
        }
        assertThat(ec2.leftovers()).isEmpty();
    }

    // ------------------------------------------------------------------ lost answers at every step (point 2)

    static Stream<Arguments> afterCommitFaults() {
        List<Arguments> out = new ArrayList<>();
        for (String action : MUTATING) {
            out.add(Arguments.of(action, "dropped connection"));
            out.add(Arguments.of(action, "500 after commit"));
            out.add(Arguments.of(action, "malformed body"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("afterCommitFaults")
    void lifecycle_whenAnAnswerIsLostAfterTheActionTookEffect_leavesNothingAndReportsTruly(String action, String kind) {
        ec2.eventualConsistency(2);
        switch (kind) {
            case "dropped connection" -> local.server("ec2").faults().next(action, 1, Fault.afterCommit());
            case "malformed body" -> local.server("ec2").faults().next(action, 1, Fault.afterCommitMalformed());
            default -> ec2.faults().failAfterCommit(action, 1, 500, "InternalError");
        }
        List<String> reported;
        try (UltraClusterClient clusters = client(local.config())) {
            try {
                ClusterRunResult r = clusters.run(spec().build(), List.of("hostname"), null).await(Duration.ofSeconds(60));
                assertThat(r.allSucceeded()).isTrue();
                reported = r.leftovers();
            } catch (UltraClusterException e) {
                reported = e.leftovers();
            }
        }
        assertThat(local.server("ec2").requests(action)).as("the fault was injected").isNotEmpty();
        assertThat(ec2.leftovers()).as("the fake's inventory after " + action + " / " + kind).isEmpty();
        assertThat(ec2.activeReservations()).isEmpty();
        assertThat(reported).as("the report matches the inventory").isEmpty();
    }

    // ------------------------------------------------------------------ teardown and the breaker (point 3)

    @Test
    void tearDown_whenTheSharedBreakerIsOpenAndDescribeInstancesStorms_stillDeletesEverything() {
        TraeConfig config = local.config();
        try (UltraClusterClient clusters = client(config)) {
            UltraCluster c = clusters.launch(spec().build(), null);
            assertThat(ec2.liveInstances()).hasSize(2);
            CircuitBreaker breaker = Resilience.of(config).circuitBreaker("ec2");
            ec2.faults().failNext("DescribeInstances", 40, 500, "InternalError");
            breaker.transitionToOpenState();
            List<String> left = c.tearDown();
            assertThat(left).isEmpty();
            assertThat(ec2.actions()).contains("TerminateInstances");
        }
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(ec2.activeReservations()).isEmpty();
    }

    // ------------------------------------------------------------------ eventual consistency (fake) and SSM batches (point 4)

    @Test
    void launch_whenNewInstancesAreNotYetVisible_waitsInsteadOfFailing() {
        ec2.eventualConsistency(3);
        try (UltraClusterClient clusters = client(local.config()); UltraCluster c = clusters.launch(spec().build(), null)) {
            assertThat(c.state()).isEqualTo(ClusterState.READY);
        }
        assertThat(local.server("ec2").requests("DescribeInstances")).hasSizeGreaterThan(3);
        assertThat(ec2.leftovers()).isEmpty();
    }

    @Test
    void runCommand_whenTheClusterHasMoreThan50Nodes_batchesSendCommandAndMergesResults() {
        try (UltraClusterClient clusters = client(local.config());
             UltraCluster c = clusters.launch(spec().instanceCount(120).capacity(Capacity.none()).efa(false).build(), null)) {
            Map<String, CommandResult> out = c.runCommand(List.of("echo ok"), Duration.ofSeconds(30));
            assertThat(out).hasSize(120).containsOnlyKeys(c.instanceIds());
            assertThat(out.values()).allSatisfy(r -> assertThat(r.stdout().trim()).isEqualTo("ok"));
            assertThat(local.server("ssm").requests("SendCommand")).hasSize(3);
        }
        assertThat(ec2.leftovers()).isEmpty();
    }

    // ------------------------------------------------------------------ a second cancel (CancelCapacityReservation)

    @Test
    void fake_whenACancelledReservationIsCancelledAgain_refusesAsTheApiReferenceSays() {
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CancelCapacityReservation.html: only assessing, active,
        // scheduled (with a quote) and delayed reservations can be cancelled
        try (var raw = dev.trae.aws.core.spi.AwsClients.of(local.config()).service(dev.trae.aws.core.spi.Services.EC2,
                software.amazon.awssdk.services.ec2.Ec2Client::builder)) {
            String id = raw.raw().createCapacityReservation(b -> b.instanceType("trn1.32xlarge").instancePlatform("Linux/UNIX")
                    .availabilityZone("us-east-1a").instanceCount(1)).capacityReservation().capacityReservationId();
            assertThat(raw.raw().cancelCapacityReservation(b -> b.capacityReservationId(id)).returnValue()).isTrue();
            assertThat(ec2.reservationState(id)).isEqualTo("cancelled");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> raw.raw().cancelCapacityReservation(b -> b.capacityReservationId(id)))
                    .isInstanceOf(software.amazon.awssdk.services.ec2.model.Ec2Exception.class)
                    .satisfies(e -> assertThat(((software.amazon.awssdk.services.ec2.model.Ec2Exception) e).statusCode()).isEqualTo(400));
            assertThat(ec2.reservationState(id)).isEqualTo("cancelled");
        }
    }

    // ------------------------------------------------------------------ request checks (SdkModelCheck)

    @Test
    void fakes_whenARequestBreaksTheSdkModel_answerAsAwsDoes() {
        try (var raw = dev.trae.aws.core.spi.AwsClients.of(local.config()).service(dev.trae.aws.core.spi.Services.EC2,
                software.amazon.awssdk.services.ec2.Ec2Client::builder);
             var rawSsm = dev.trae.aws.core.spi.AwsClients.of(local.config()).service(dev.trae.aws.core.spi.Services.SSM,
                software.amazon.awssdk.services.ssm.SsmClient::builder)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> raw.raw().createPlacementGroup(b -> b.groupName("x").strategy("tight")))
                    .isInstanceOf(software.amazon.awssdk.services.ec2.model.Ec2Exception.class)
                    .satisfies(e -> assertThat(((software.amazon.awssdk.services.ec2.model.Ec2Exception) e).awsErrorDetails().errorCode())
                            .isEqualTo("InvalidParameterValue"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> raw.raw().runInstances(b -> b.imageId("ami-0a1b2c3d4e5f60718")
                    .instanceType("trn1.32xlarge")))
                    .satisfies(e -> assertThat(((software.amazon.awssdk.services.ec2.model.Ec2Exception) e).awsErrorDetails().errorCode())
                            .isEqualTo("MissingParameter"));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 51; i++) {
                ids.add(String.format("i-%017x", i));
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> rawSsm.raw().sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(ids)))
                    .hasMessageContaining("less than or equal to 50");
        }
        assertThat(ec2.placementGroups()).isEmpty();
    }
}
