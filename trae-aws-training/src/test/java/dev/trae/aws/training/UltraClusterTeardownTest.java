package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.job.JobRecord;
import dev.trae.aws.training.internal.ClusterTeardown;
import dev.trae.aws.training.model.CapacityBlockOffering;
import dev.trae.aws.training.model.CapacityReservation;
import dev.trae.aws.training.model.ClusterState;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.ec2.Ec2Fake;
import dev.trae.testkit.aws.ec2.ManualClock;
import dev.trae.testkit.aws.ssm.SsmFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Waiting for a Capacity Block's start, and a teardown that cannot finish leaving a resumable checkpoint. */
@ExtendWith(TraeLocalExtension.class)
class UltraClusterTeardownTest {
    private final TraeLocal local;
    private final Ec2Fake ec2;
    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    UltraClusterTeardownTest(TraeLocal local) {
        this.local = local;
        this.ec2 = local.fake("ec2", new Ec2Fake().clock(clock));
        local.fake("ssm", new SsmFake(ec2));
    }

    @BeforeEach
    void clean() {
        local.resetAll();
        ec2.clear();
        ec2.capacityBlockLeadTime(Duration.ofMinutes(20)).paymentPendingDescribes(2);
    }

    private UltraClusterClient.Builder client(TraeConfig config) {
        return UltraClusterClient.builder().config(config).pollInterval(Duration.ofMillis(5)).readyTimeout(Duration.ofSeconds(10))
                .teardownTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(10)).clock(clock);
    }

    private static UltraClusterSpec.Builder spec() {
        return UltraClusterSpec.builder().name("down").instanceType("trn1.32xlarge").instanceCount(2)
                .capacity(Capacity.onDemandReservation()).availabilityZone("us-east-1a");
    }

    @Test
    void launch_whenCapacityWaitCoversTheStart_buysWaitsWithProgressUntilActiveAndLaunches() {
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        List<ClusterState> states = Collections.synchronizedList(new ArrayList<>());
        // the poller's sleeps move the clock the fake and the client share: hours pass in milliseconds
        try (UltraClusterClient clusters = client(local.config()).capacityWait(Duration.ofHours(1)).sleeper(clock::advance)
                .waitProgress((what, status, n, waited) -> progress.add(status)).build()) {
            CapacityBlockOffering o = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24, clock.instant(), clock.instant().plus(Duration.ofDays(7))).get(0);
            try (UltraCluster c = clusters.launch(spec().capacity(Capacity.purchaseCapacityBlock(o,
                    PurchaseConfirmation.acceptCharge(o.offeringId(), o.upfrontFee()))).build(), states::add)) {
                assertThat(c.state()).isEqualTo(ClusterState.READY);
                assertThat(clock.instant()).isAfterOrEqualTo(o.start());
                CapacityReservation r = c.reservation().orElseThrow();
                assertThat(r.state()).isEqualTo("active");
                assertThat(ec2.instances()).allSatisfy(i -> assertThat(i.capacityReservationId()).isEqualTo(r.reservationId()));
            }
        }
        assertThat(states).containsSubsequence(ClusterState.RESERVING_CAPACITY, ClusterState.WAITING_FOR_CAPACITY, ClusterState.CREATING_PLACEMENT_GROUP);
        assertThat(progress).anyMatch(s -> s.startsWith("payment-pending")).anyMatch(s -> s.startsWith("scheduled until "));
        List<String> beforeRun = ec2.actions().subList(0, ec2.actions().indexOf("RunInstances"));
        assertThat(beforeRun).contains("PurchaseCapacityBlock");
        assertThat(beforeRun.stream().filter("DescribeCapacityReservations"::equals).count()).isGreaterThanOrEqualTo(3);
        assertThat(ec2.leftovers()).isEmpty();
    }

    @Test
    void tearDown_whenTerminateKeepsFailing_savesACheckpointNamingEveryLeftoverAndResumeFinishesIt() {
        TraeConfig config = local.config();
        try (UltraClusterClient clusters = client(config).teardownTimeout(Duration.ofMillis(300)).build()) {
            UltraCluster c = clusters.launch(spec().build(), null);
            String pg = c.placementGroup().orElseThrow();
            String sg = c.securityGroupId().orElseThrow();
            String cr = c.reservation().orElseThrow().reservationId();
            List<String> ids = c.instanceIds();
            ec2.faults().failNext("TerminateInstances", 100_000, 500, "InternalError");
            List<String> left = c.tearDown();
            assertThat(left).contains("instance " + ids.get(0), "instance " + ids.get(1), "placement group " + pg,
                    "security group " + sg, "capacity reservation " + cr);
            JobRecord rec = config.jobStore().find(ClusterTeardown.checkpointId(c.clusterId())).orElseThrow();
            assertThat(rec.checkpoint()).containsEntry("placementGroups", pg).containsEntry("securityGroups", sg).containsEntry("reservations", cr);
            assertThat(rec.checkpoint().get("instances")).contains(ids.get(0)).contains(ids.get(1));
            assertThat(rec.message()).contains("resumeTeardown");
            assertThat(clusters.pendingTeardowns()).containsExactly(c.clusterId());
            assertThat(ec2.leftovers()).hasSize(5);

            ec2.faults().clear();
            assertThat(clusters.resumeTeardown(c.clusterId())).isEmpty();
            assertThat(config.jobStore().find(ClusterTeardown.checkpointId(c.clusterId()))).isEmpty();
            assertThat(clusters.pendingTeardowns()).isEmpty();
        }
        assertThat(ec2.leftovers()).isEmpty();
    }

    @Test
    void tearDown_whenTheCallerIsInterrupted_deletesEverythingAndLeavesTheInterruptSet() {
        try (UltraClusterClient clusters = client(local.config()).build()) {
            UltraCluster c = clusters.launch(spec().build(), null);
            Thread.currentThread().interrupt();
            List<String> left;
            boolean interruptedAfter;
            try {
                left = c.tearDown();
            } finally {
                interruptedAfter = Thread.interrupted();
            }
            assertThat(left).isEmpty();
            assertThat(interruptedAfter).as("teardown sets the caller's interrupt again").isTrue();
            assertThat(ec2.actions()).contains("TerminateInstances", "DeletePlacementGroup", "DeleteSecurityGroup", "CancelCapacityReservation");
        }
        assertThat(ec2.leftovers()).isEmpty();
    }
}
