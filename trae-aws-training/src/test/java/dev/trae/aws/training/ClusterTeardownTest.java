package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.training.internal.ClusterTeardown;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.ec2.Ec2Fake;
import dev.trae.testkit.aws.ec2.ManualClock;
import dev.trae.testkit.aws.ssm.SsmFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * The two waits of {@link ClusterTeardown}: waiting for instances to reach {@code terminated} under the teardown's shared
 * budget, and looking again for tagged instances that may not be visible yet. Pins what teardown does that an ordinary wait
 * does not: it keeps going when interrupted (and sets the interrupt flag again at its end), it returns the instances still
 * alive when the budget runs out instead of throwing, and a failed describe is logged and the wait goes on.
 */
@ExtendWith(TraeLocalExtension.class)
class ClusterTeardownTest {
    private static final Duration POLL = Duration.ofMillis(100);

    private final TraeLocal local;
    private final Ec2Fake ec2;
    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    /** Describes that name instance ids (the termination wait) and that filter by tag (the visibility look), as sent. */
    private final AtomicInteger waitDescribes = new AtomicInteger();
    private final AtomicInteger taggedDescribes = new AtomicInteger();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    /** One config per test: its job store holds the checkpoints. */
    private TraeConfig config;
    /** While true, describes that filter by tag answer with no instances (not visible yet). */
    private volatile Supplier<Boolean> hideTagged = () -> false;

    ClusterTeardownTest(TraeLocal local) {
        this.local = local;
        this.ec2 = local.fake("ec2", new Ec2Fake());
        local.fake("ssm", new SsmFake(ec2));
    }

    @BeforeEach
    void clean() {
        local.resetAll();
        ec2.clear();
        ec2.pendingDescribes(1).initializingChecks(1).eventualConsistency(0);
        config = local.config();
    }

    @AfterEach
    void close() throws Exception {
        Thread.interrupted();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /** A two-node cluster with a placement group, a security group and an On-Demand Capacity Reservation. */
    private UltraCluster launch() {
        UltraClusterClient clusters = UltraClusterClient.builder().config(config).pollInterval(Duration.ofMillis(5))
                .readyTimeout(Duration.ofSeconds(10)).teardownTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(10)).build();
        closeables.add(clusters);
        return clusters.launch(UltraClusterSpec.builder().name("td").instanceType("trn1.32xlarge").instanceCount(2)
                .capacity(Capacity.onDemandReservation()).availabilityZone("us-east-1a").build(), null);
    }

    /**
     * The raw EC2 client of the fake, through a proxy that counts DescribeInstances and makes the ones the two waits send
     * fail (a 400 {@code UnauthorizedOperation}, which cleanup does not retry) while {@code failWait} / {@code failTagged}
     * answer true ({@link #hideTagged} hides what the tag filter would find).
     */
    private Ec2Client ec2(Supplier<Boolean> failWait, Supplier<Boolean> failTagged) {
        var service = AwsClients.of(config).service(Services.EC2, Ec2Client::builder);
        closeables.add(service);
        Ec2Client real = service.raw();
        return (Ec2Client) Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[] {Ec2Client.class}, (p, m, a) -> {
            if (m.getName().equals("describeInstances") && a != null && a.length == 1 && a[0] instanceof Consumer) {
                @SuppressWarnings("unchecked")
                DescribeInstancesRequest r = DescribeInstancesRequest.builder()
                        .applyMutation((Consumer<DescribeInstancesRequest.Builder>) a[0]).build();
                boolean wait = r.hasInstanceIds();
                (wait ? waitDescribes : taggedDescribes).incrementAndGet();
                if (!wait && hideTagged.get()) {
                    return DescribeInstancesResponse.builder().build();
                }
                if (wait ? failWait.get() : failTagged.get()) {
                    throw Ec2Exception.builder().statusCode(400).message("You are not authorized to perform this operation.")
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnauthorizedOperation")
                                    .errorMessage("You are not authorized to perform this operation.").build()).build();
                }
            }
            try {
                return m.invoke(real, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private Poller.Sleeper sleeper() {
        return d -> {
            sleeps.add(d);
            clock.advance(d);
        };
    }

    private ClusterTeardown teardown(Ec2Client client, String clusterId, Duration budget, Poller.Sleeper sleeper) {
        return new ClusterTeardown(client, clusterId, UltraCluster.CLUSTER_TAG, config.jobStore(), budget, POLL, sleeper, clock);
    }

    /** Runs {@code r} with System.err captured (slf4j-simple writes there); returns what was written. */
    private static String stderrOf(Runnable r) {
        PrintStream original = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }

    // ------------------------------------------------------------------ the termination wait

    @Test
    void run_whenDescribeFailsWhileWaitingForTermination_logsEachFailureAndKeepsWaiting() {
        UltraCluster c = launch();
        AtomicInteger failures = new AtomicInteger(3);
        ClusterTeardown t = teardown(ec2(() -> failures.getAndDecrement() > 0, () -> false), c.clusterId(), Duration.ofSeconds(10), sleeper());
        ClusterTeardown.Outcome[] o = new ClusterTeardown.Outcome[1];
        String log = stderrOf(() -> o[0] = t.run(Set.copyOf(c.instanceIds()), Set.of(c.placementGroup().orElseThrow()),
                Set.of(c.securityGroupId().orElseThrow()), Set.of(c.reservation().orElseThrow().reservationId()), false));

        assertThat(o[0].leftovers()).isEmpty();
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(count(log, "describing terminating instances failed")).isEqualTo(3);
        assertThat(log).contains("UnauthorizedOperation");
        assertThat(waitDescribes.get()).isEqualTo(4);
        assertThat(sleeps).containsExactly(POLL, POLL, POLL);
        assertThat(config.jobStore().find(ClusterTeardown.checkpointId(c.clusterId()))).isEmpty();
    }

    @Test
    void run_whenInstancesAreNotSeenTerminatedWithinTheBudget_returnsThemAsLeftoversAndSavesACheckpointInsteadOfThrowing() {
        UltraCluster c = launch();
        String pg = c.placementGroup().orElseThrow();
        ClusterTeardown t = teardown(ec2(() -> true, () -> false), c.clusterId(), Duration.ofSeconds(1), sleeper());
        Instant start = clock.instant();
        ClusterTeardown.Outcome o = t.run(Set.copyOf(c.instanceIds()), Set.of(pg), Set.of(c.securityGroupId().orElseThrow()),
                Set.of(c.reservation().orElseThrow().reservationId()), false);

        assertThat(o.leftovers()).contains("instance " + c.instanceIds().get(0), "instance " + c.instanceIds().get(1), "placement group " + pg);
        assertThat(o.checkpoint().get("instances").split(",")).containsExactlyInAnyOrderElementsOf(c.instanceIds());
        assertThat(config.jobStore().find(ClusterTeardown.checkpointId(c.clusterId()))).isPresent();
        // the budget of 1 s at 100 ms: a describe at 0, 0.1, ..., 1.0 s, then the budget is spent
        assertThat(waitDescribes.get()).isEqualTo(11);
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(1));
        // instances still shutting down hold the groups: teardown did not try to delete them
        assertThat(ec2.actions()).doesNotContain("DeletePlacementGroup", "DeleteSecurityGroup", "CancelCapacityReservation");
    }

    @Test
    void run_whenInterruptedWhileWaitingForTermination_keepsGoingAndSetsTheInterruptAgainAtTheEnd() {
        UltraCluster c = launch();
        AtomicInteger failures = new AtomicInteger(1);
        AtomicInteger interrupts = new AtomicInteger(1);
        Poller.Sleeper interrupted = d -> {
            if (interrupts.getAndDecrement() > 0) {
                sleeps.add(d);
                throw new InterruptedException("teardown interrupted"); // Thread.sleep clears the flag when it throws
            }
            sleeper().sleep(d);
        };
        ClusterTeardown t = teardown(ec2(() -> failures.getAndDecrement() > 0, () -> false), c.clusterId(), Duration.ofSeconds(10), interrupted);
        ClusterTeardown.Outcome o = t.run(Set.copyOf(c.instanceIds()), Set.of(c.placementGroup().orElseThrow()),
                Set.of(c.securityGroupId().orElseThrow()), Set.of(c.reservation().orElseThrow().reservationId()), false);

        assertThat(o.leftovers()).isEmpty();
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(ec2.actions()).contains("DeletePlacementGroup", "DeleteSecurityGroup", "CancelCapacityReservation");
        assertThat(Thread.interrupted()).as("the interrupt is set again when teardown ends").isTrue();
    }

    @Test
    void run_whenInterruptedDuringARetryPause_retriesAndSetsTheInterruptAgainAtTheEnd() {
        UltraCluster c = launch();
        ec2.faults().failNext("TerminateInstances", 1, 500, "InternalError");
        AtomicInteger interrupts = new AtomicInteger(1);
        Poller.Sleeper interrupted = d -> {
            if (interrupts.getAndDecrement() > 0) {
                throw new InterruptedException("teardown interrupted");
            }
            sleeper().sleep(d);
        };
        ClusterTeardown t = teardown(ec2(() -> false, () -> false), c.clusterId(), Duration.ofSeconds(10), interrupted);
        ClusterTeardown.Outcome o = t.run(Set.copyOf(c.instanceIds()), Set.of(c.placementGroup().orElseThrow()),
                Set.of(c.securityGroupId().orElseThrow()), Set.of(c.reservation().orElseThrow().reservationId()), false);

        assertThat(o.leftovers()).isEmpty();
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(ec2.actions().stream().filter("TerminateInstances"::equals).count()).isEqualTo(2);
        assertThat(Thread.interrupted()).as("the interrupt is set again when teardown ends").isTrue();
    }

    // ------------------------------------------------------------------ looking again for instances not visible yet

    @Test
    void run_whenUntrackedInstancesMayExist_looksFiveTimesWithDoublingPausesBeforeConcludingThereAreNone() {
        ClusterTeardown t = teardown(ec2(() -> false, () -> false), "uc-none", Duration.ofSeconds(10), sleeper());
        ClusterTeardown.Outcome o = t.run(Set.of(), Set.of(), Set.of(), Set.of(), true);

        assertThat(o.leftovers()).isEmpty();
        assertThat(taggedDescribes.get()).isEqualTo(5);
        assertThat(sleeps).containsExactly(POLL, POLL.multipliedBy(2), POLL.multipliedBy(4), POLL.multipliedBy(8));
        assertThat(waitDescribes.get()).isZero();
    }

    @Test
    void run_whenNothingUntrackedCanExist_looksOnceWithoutPausing() {
        ClusterTeardown t = teardown(ec2(() -> false, () -> false), "uc-none", Duration.ofSeconds(10), sleeper());
        assertThat(t.run(Set.of(), Set.of(), Set.of(), Set.of(), false).leftovers()).isEmpty();
        assertThat(taggedDescribes.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void run_whenTheLookForUntrackedInstancesFails_namesThemUnverifiedAndDoesNotLookAgain() {
        ClusterTeardown t = teardown(ec2(() -> false, () -> true), "uc-x", Duration.ofSeconds(10), sleeper());
        ClusterTeardown.Outcome o = t.run(Set.of(), Set.of(), Set.of(), Set.of(), true);

        assertThat(o.leftovers()).singleElement().asString()
                .startsWith("instances tagged " + UltraCluster.CLUSTER_TAG + "=uc-x (could not list them: ").contains("UnauthorizedOperation");
        assertThat(taggedDescribes.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
        assertThat(config.jobStore().find(ClusterTeardown.checkpointId("uc-x"))).isPresent();
    }

    @Test
    void run_whenInterruptedWhileLookingForUntrackedInstances_stillLooksFiveTimesAndSetsTheInterruptAgainAtTheEnd() {
        AtomicInteger interrupts = new AtomicInteger(1);
        Poller.Sleeper interrupted = d -> {
            if (interrupts.getAndDecrement() > 0) {
                throw new InterruptedException("teardown interrupted");
            }
            sleeper().sleep(d);
        };
        ClusterTeardown t = teardown(ec2(() -> false, () -> false), "uc-none", Duration.ofSeconds(10), interrupted);
        assertThat(t.run(Set.of(), Set.of(), Set.of(), Set.of(), true).leftovers()).isEmpty();
        assertThat(taggedDescribes.get()).isEqualTo(5);
        assertThat(Thread.interrupted()).as("the interrupt is set again when teardown ends").isTrue();
    }

    @Test
    void run_whenUntrackedInstancesShowUpOnALaterLook_terminatesThem() {
        UltraCluster c = launch();
        AtomicInteger hidden = new AtomicInteger(2);
        // the first two looks see nothing (as right after a RunInstances whose answer was lost), the third sees both
        hideTagged = () -> hidden.getAndDecrement() > 0;
        ClusterTeardown t = teardown(ec2(() -> false, () -> false), c.clusterId(), Duration.ofSeconds(10), sleeper());
        ClusterTeardown.Outcome o = t.run(Set.of(), Set.of(c.placementGroup().orElseThrow()), Set.of(c.securityGroupId().orElseThrow()),
                Set.of(c.reservation().orElseThrow().reservationId()), true);

        assertThat(o.leftovers()).isEmpty();
        assertThat(ec2.leftovers()).isEmpty();
        assertThat(taggedDescribes.get()).isEqualTo(3);
        assertThat(sleeps).containsExactly(POLL, POLL.multipliedBy(2));
    }
}
