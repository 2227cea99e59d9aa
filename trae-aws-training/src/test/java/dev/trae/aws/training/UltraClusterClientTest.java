package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.training.model.CapacityBlockOffering;
import dev.trae.aws.training.model.CapacityReservation;
import dev.trae.aws.training.model.ClusterRunResult;
import dev.trae.aws.training.model.ClusterState;
import dev.trae.aws.training.model.CommandResult;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.ec2.Ec2Fake;
import dev.trae.testkit.aws.ssm.SsmFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TraeLocalExtension.class)
class UltraClusterClientTest {
    private final TraeLocal local;
    private final Ec2Fake ec2;
    private final SsmFake ssm;

    UltraClusterClientTest(TraeLocal local) {
        this.local = local;
        this.ec2 = local.fake("ec2", new Ec2Fake());
        this.ssm = local.fake("ssm", new SsmFake(ec2));
    }

    @BeforeEach
    void clean() {
        ec2.clear();
        // these tests buy blocks that start at once; UltraClusterFaultTest covers blocks that start later
        ec2.pendingDescribes(1).initializingChecks(1).capacityBlockLeadTime(java.time.Duration.ZERO);
    }

    private UltraClusterClient client() {
        return client(Clock.systemUTC());
    }

    private UltraClusterClient client(Clock clock) {
        return UltraClusterClient.builder().config(local.config()).pollInterval(Duration.ofMillis(5)).readyTimeout(Duration.ofSeconds(10))
                .teardownTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(10)).clock(clock).build();
    }

    private static UltraClusterSpec.Builder spec() {
        return UltraClusterSpec.builder().name("test").instanceType("trn1.32xlarge").instanceCount(2)
                .capacity(Capacity.onDemandReservation()).availabilityZone("us-east-1a").instanceProfile("TraeClusterSsm");
    }

    @Test
    void run_whenTwoNodes_launchesRunsCollectsOutputAndTearsDown() {
        List<ClusterState> states = Collections.synchronizedList(new ArrayList<>());
        try (UltraClusterClient clusters = client()) {
            TraeJob<ClusterRunResult> job = clusters.run(spec().build(), List.of("echo hello from $(hostname)", "hostname"), states::add);
            ClusterRunResult r = job.await(Duration.ofSeconds(30));
            assertThat(r.instanceIds()).hasSize(2);
            assertThat(r.allSucceeded()).isTrue();
            assertThat(r.outputs().values()).allSatisfy(o -> assertThat(o.stdout()).contains("hello from").contains("ip-"));
            assertThat(r.leftovers()).isEmpty();
            assertThat(states).containsSubsequence(ClusterState.CHECKING_INSTANCE_TYPE, ClusterState.RESOLVING_AMI, ClusterState.RESERVING_CAPACITY,
                    ClusterState.CREATING_PLACEMENT_GROUP, ClusterState.CREATING_SECURITY_GROUP, ClusterState.LAUNCHING_INSTANCES,
                    ClusterState.WAITING_FOR_RUNNING, ClusterState.WAITING_FOR_STATUS_CHECKS, ClusterState.READY,
                    ClusterState.RUNNING_COMMAND, ClusterState.TEARING_DOWN, ClusterState.TERMINATED);
            assertThat(job.progress().orElseThrow().phase()).isEqualTo("TERMINATED");
        }
        assertThat(ec2.instances()).hasSize(2).allSatisfy(i -> {
            assertThat(i.interfaceTypes()).hasSize(8).containsOnly("efa");
            assertThat(i.placementGroup()).startsWith("trae-test-");
            assertThat(i.capacityReservationId()).startsWith("cr-");
            assertThat(i.imageId()).isEqualTo("ami-0a1b2c3d4e5f60718");
            assertThat(i.tags()).containsKey(UltraCluster.CLUSTER_TAG);
        });
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(ec2.activeReservations()).isEmpty();
        FakeRequest ingress = local.server("ec2").requests().stream().filter(r -> r.bodyString().contains("Action=AuthorizeSecurityGroupIngress"))
                .findFirst().orElseThrow();
        assertThat(ingress.bodyString()).contains("IpPermissions.1.IpProtocol=-1").contains("IpPermissions.1.Groups.1.GroupId=sg-");
        FakeRequest run = local.server("ec2").requests().stream().filter(r -> r.bodyString().contains("Action=RunInstances")).findFirst().orElseThrow();
        assertThat(run.bodyString()).contains("NetworkInterface.1.InterfaceType=efa").contains("NetworkInterface.8.NetworkCardIndex=7")
                .contains("CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId=cr-")
                .contains("IamInstanceProfile.Name=TraeClusterSsm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DescribeInstanceTypes", "CreateCapacityReservation", "CreatePlacementGroup", "CreateSecurityGroup",
            "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RunInstances", "DescribeInstances", "DescribeInstanceStatus"})
    void launch_whenEc2StepFails_tearsDownEverythingItCreated(String action) {
        ec2.faults().failNext(action, 1, 403, "UnauthorizedOperation");
        try (UltraClusterClient clusters = client()) {
            assertThatThrownBy(() -> clusters.launch(spec().build(), null)).isInstanceOf(UltraClusterException.class)
                    .hasMessageContaining("UnauthorizedOperation").hasMessageContaining("everything it created was torn down")
                    .satisfies(e -> assertThat(((UltraClusterException) e).leftovers()).isEmpty());
        }
        assertThat(ec2.actions()).contains(action);
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(ec2.activeReservations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GetParameter", "SendCommand", "GetCommandInvocation"})
    void run_whenSsmStepFails_tearsDownEverything(String operation) {
        local.server("ssm").faults().next(operation, 1, Fault.status(403, "AccessDeniedException"));
        try (UltraClusterClient clusters = client()) {
            TraeJob<ClusterRunResult> job = clusters.run(spec().build(), List.of("hostname"), null);
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(30))).isInstanceOf(UltraClusterException.class)
                    .hasMessageContaining("AccessDenied");
        }
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(ec2.activeReservations()).isEmpty();
    }

    @Test
    void launch_whenAnInstanceFailsItsStatusChecks_tearsDown() {
        ec2.impairNextInstances(1);
        try (UltraClusterClient clusters = client()) {
            assertThatThrownBy(() -> clusters.launch(spec().build(), null)).isInstanceOf(UltraClusterException.class)
                    .hasMessageContaining("failed their status checks")
                    .satisfies(e -> assertThat(((UltraClusterException) e).failedState()).isEqualTo(ClusterState.WAITING_FOR_STATUS_CHECKS));
        }
        assertThat(ec2.leftovers()).isEmpty();
    }

    @Test
    void launch_whenThrottledDuringWaits_retriesAndBecomesReady() {
        ec2.pendingDescribes(3).initializingChecks(2);
        ec2.faults().throttleNext("DescribeInstances", 2).throttleNext("DescribeInstanceStatus", 2).throttleNext("TerminateInstances", 1);
        try (UltraClusterClient clusters = client(); UltraCluster c = clusters.launch(spec().build(), null)) {
            assertThat(c.state()).isEqualTo(ClusterState.READY);
            Map<String, CommandResult> out = c.runCommand(List.of("echo ok"), Duration.ofSeconds(10));
            assertThat(out).hasSize(2);
            assertThat(out.values()).allSatisfy(o -> assertThat(o.stdout().trim()).isEqualTo("ok"));
            assertThat(c.tearDown()).isEmpty();
        }
        assertThat(ec2.actions().stream().filter("DescribeInstanceStatus"::equals).count()).isGreaterThanOrEqualTo(4);
        assertThat(ec2.leftovers()).isEmpty();
    }

    @Test
    void launch_whenRunInstancesAnswerIsLost_retryCreatesNoDuplicates() {
        ec2.faults().failAfterCommit("RunInstances", 1, 500, "InternalError");
        try (UltraClusterClient clusters = client(); UltraCluster c = clusters.launch(spec().build(), null)) {
            assertThat(c.instanceIds()).hasSize(2);
            assertThat(ec2.instances()).hasSize(2);
        }
        assertThat(ec2.actions().stream().filter("RunInstances"::equals).count()).isEqualTo(2);
        assertThat(ec2.leftovers()).isEmpty();
    }

    @Test
    void purchase_whenConfirmedAndAnswerLost_buysExactlyOneBlockAndLaunchesIntoIt() {
        try (UltraClusterClient clusters = client()) {
            List<CapacityBlockOffering> offers = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24, Instant.now(), Instant.now().plus(Duration.ofDays(7)));
            assertThat(offers).isNotEmpty();
            CapacityBlockOffering o = offers.get(0);
            assertThat(o.upfrontFee()).isPositive();
            ec2.faults().failAfterCommit("PurchaseCapacityBlock", 1, 503, "ServiceUnavailable");
            CapacityReservation r = clusters.purchaseCapacityBlock(o, PurchaseConfirmation.acceptCharge(o.offeringId(), o.upfrontFee()));
            assertThat(r.isCapacityBlock()).isTrue();
            assertThat(ec2.activeReservations()).hasSize(1).containsValue("capacity-block");
            try (UltraCluster c = clusters.launch(spec().capacity(Capacity.existingReservation(r.reservationId())).build(), null)) {
                assertThat(c.teardownDeadline()).isPresent();
                assertThat(ec2.instances()).allSatisfy(i -> assertThat(i.capacityReservationId()).isEqualTo(r.reservationId()));
            }
            assertThat(local.server("ec2").requests().stream().anyMatch(q -> q.bodyString().contains("InstanceMarketOptions.MarketType=capacity-block"))).isTrue();
        }
        assertThat(ec2.leftovers()).isEmpty();
    }

    @Test
    void purchase_whenConfirmationDoesNotMatch_refusesBeforeAnyCall() {
        CapacityBlockOffering o = new CapacityBlockOffering("cbr-0123456789abcdef0", "trn1.32xlarge", "us-east-1a", 2, Instant.now(),
                Instant.now().plus(Duration.ofDays(1)), 24, new java.math.BigDecimal("1032.00"), "USD");
        try (UltraClusterClient clusters = client()) {
            assertThatThrownBy(() -> clusters.purchaseCapacityBlock(o, PurchaseConfirmation.acceptCharge(o.offeringId(), new java.math.BigDecimal("10.00"))))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("nothing was purchased");
            assertThatThrownBy(() -> clusters.purchaseCapacityBlock(o, null)).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("cannot be refunded");
        }
        assertThat(ec2.actions()).isEmpty();
    }

    @Test
    void expiryGuard_whenCapacityBlockIsAboutToEnd_tearsTheClusterDown() throws Exception {
        CapacityBlockOffering o;
        try (UltraClusterClient clusters = client()) {
            o = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24, Instant.now(), Instant.now().plus(Duration.ofDays(3))).get(0);
        }
        // a clock that reads 24 h - 30 min - 1.5 s after now: the guard fires about 1.5 s after launch
        Clock nearEnd = Clock.offset(Clock.systemUTC(), Duration.ofHours(24).minus(Duration.ofMinutes(30)).minusMillis(1500));
        try (UltraClusterClient clusters = client(nearEnd)) {
            UltraCluster c = clusters.launch(spec().capacity(Capacity.purchaseCapacityBlock(o,
                    PurchaseConfirmation.acceptCharge(o.offeringId(), o.upfrontFee()))).build(), null);
            assertThat(c.state()).isEqualTo(ClusterState.READY);
            long deadline = System.currentTimeMillis() + 10_000;
            while (c.state() != ClusterState.TERMINATED && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(c.state()).isEqualTo(ClusterState.TERMINATED);
            assertThat(c.closeReason()).contains("expiry guard");
            assertThatThrownBy(() -> c.runCommand(List.of("hostname"), Duration.ofSeconds(1))).isInstanceOf(TraeValidationException.class);
        }
        assertThat(ec2.leftovers()).isEmpty();
    }

    @Test
    void launch_whenCapacityBlockEndsWithinTheMargin_refusesToLaunch() {
        CapacityBlockOffering o;
        try (UltraClusterClient clusters = client()) {
            o = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24, Instant.now(), Instant.now().plus(Duration.ofDays(3))).get(0);
        }
        Clock late = Clock.offset(Clock.systemUTC(), Duration.ofHours(24).minusMinutes(10));
        try (UltraClusterClient clusters = client(late)) {
            assertThatThrownBy(() -> clusters.launch(spec().capacity(Capacity.purchaseCapacityBlock(o,
                    PurchaseConfirmation.acceptCharge(o.offeringId(), o.upfrontFee()))).build(), null))
                    .isInstanceOf(TraeValidationException.class).hasMessageContaining("too late to launch").hasMessageContaining("nothing was purchased");
            assertThat(ec2.actions()).doesNotContain("PurchaseCapacityBlock");
        }
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(ec2.instances()).isEmpty();
    }

    @Test
    void teardown_whenADeleteKeepsFailing_reportsTheLeftover() {
        ec2.faults().failNext("DeletePlacementGroup", 10, 403, "UnauthorizedOperation");
        try (UltraClusterClient clusters = client()) {
            ClusterRunResult r = clusters.run(spec().build(), List.of("hostname"), null).await(Duration.ofSeconds(30));
            assertThat(r.leftovers()).hasSize(1).allMatch(l -> l.startsWith("placement group trae-test-"));
        }
        assertThat(ec2.placementGroups()).hasSize(1);
        assertThat(ec2.liveInstances()).isEmpty();
        assertThat(ec2.securityGroupIds()).isEmpty();
    }

    @Test
    void spec_whenBadInput_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> spec().instanceType("m5.large").build()).isInstanceOf(TraeValidationException.class).hasMessageContaining("instanceType");
        assertThatThrownBy(() -> spec().instanceType(null).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> spec().name("../../etc/passwd").build()).isInstanceOf(TraeValidationException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> spec().name("x".repeat(5000)).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> spec().name("").build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> spec().instanceCount(0).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> spec().subnetId("subnet-; rm -rf /").build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> spec().amiId("ami-\u0000evil").build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Capacity.existingReservation("cr-../../x")).isInstanceOf(TraeValidationException.class);
        CapacityBlockOffering two = new CapacityBlockOffering("cbr-0123456789abcdef0", "trn1.32xlarge", "us-east-1a", 2, Instant.now(),
                Instant.now().plus(Duration.ofDays(1)), 24, new java.math.BigDecimal("1032.00"), "USD");
        assertThatThrownBy(() -> spec().instanceCount(3).capacity(Capacity.purchaseCapacityBlock(two,
                PurchaseConfirmation.acceptCharge(two.offeringId(), two.upfrontFee()))).build())
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("do not fit the Capacity Block");
        assertThat(ec2.actions()).isEmpty();
    }

    @Test
    void launch_whenCountExceedsTheExistingReservation_createsNothing() {
        try (UltraClusterClient clusters = client()) {
            UltraCluster one = clusters.launch(spec().instanceCount(1).build(), null);
            String cr = one.reservation().orElseThrow().reservationId();
            one.close();
            // the reservation was cancelled with the cluster: buy a block of 2 and ask for 3
            CapacityBlockOffering o = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24, Instant.now(), Instant.now().plus(Duration.ofDays(3))).get(0);
            CapacityReservation block = clusters.purchaseCapacityBlock(o, PurchaseConfirmation.acceptCharge(o.offeringId(), o.upfrontFee()));
            assertThatThrownBy(() -> clusters.launch(spec().instanceCount(3).capacity(Capacity.existingReservation(block.reservationId())).build(), null))
                    .isInstanceOf(UltraClusterException.class).hasMessageContaining("do not fit reservation");
            assertThat(cr).startsWith("cr-");
        }
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(ec2.liveInstances()).isEmpty();
    }

    @Test
    void launch_whenTypeHasNoEfa_refusesBeforeCreatingAnything() {
        try (UltraClusterClient clusters = client()) {
            assertThatThrownBy(() -> clusters.launch(spec().instanceType("trn1.2xlarge").build(), null))
                    .isInstanceOf(UltraClusterException.class).hasMessageContaining("does not support EFA");
        }
        assertThat(ec2.actions()).containsExactly("DescribeInstanceTypes");
    }
}
