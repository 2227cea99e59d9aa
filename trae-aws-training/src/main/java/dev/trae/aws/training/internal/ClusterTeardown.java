package dev.trae.aws.training.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.job.JobRecord;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.JobStore;
import dev.trae.aws.core.spi.Poller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Deletes everything of one cluster: what the handle remembers AND whatever carries the cluster tag (a group
 * whose create answer was lost, instances of a RunInstances whose answer was lost). Runs under its own
 * {@link CleanupCalls} policy (no circuit breaker; its own budget). When something is still left, it saves a
 * resumable checkpoint in the {@link JobStore} naming every leftover by id; a later run with the same cluster
 * id picks it up and deletes the record when all is gone. Not API.
 *
 * <p>Order: terminate instances and wait until they are terminated (EC2 keeps groups in use until then),
 * then placement groups, security groups, and On-Demand Capacity Reservations the cluster created. Capacity
 * Blocks cannot be cancelled and are never touched.
 */
public final class ClusterTeardown {
    /** The kind of the checkpoint records. */
    public static final String CHECKPOINT_KIND = "ultracluster-teardown";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTeardown.class);
    private static final Set<String> TERMINATE_RETRY = Set.of("InvalidInstanceID.NotFound");
    private static final Set<String> DELETE_RETRY = Set.of("DependencyViolation", "InvalidPlacementGroup.InUse");
    /** How often teardown looks for instances that may not be visible yet (pauses of 1, 2, 4, 8 poll intervals). */
    private static final int UNTRACKED_LOOKS = 5;
    /** The looks are bounded by their count, not by the budget; this only keeps the poller's deadline finite. */
    private static final Duration LOOKS_BACKSTOP = Duration.ofDays(1);
    private static final Set<String> GONE = Set.of("InvalidPlacementGroup.Unknown", "InvalidGroup.NotFound",
            "InvalidCapacityReservationId.NotFound", "InvalidInstanceID.NotFound");

    /** What a teardown found and deleted, and what is left. */
    public record Outcome(List<String> leftovers, Map<String, String> checkpoint) {
    }

    private final Ec2Client ec2;
    private final String clusterId;
    private final String tagKey;
    private final JobStore store;
    private final Duration budget;
    private final Duration pollInterval;
    private final Poller.Sleeper sleeper;
    private final Clock clock;

    public ClusterTeardown(Ec2Client ec2, String clusterId, String tagKey, JobStore store, Duration budget, Duration pollInterval,
                           Poller.Sleeper sleeper, Clock clock) {
        this.ec2 = ec2;
        this.clusterId = clusterId;
        this.tagKey = tagKey;
        this.store = store;
        this.budget = budget;
        this.pollInterval = pollInterval;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** The id of the checkpoint record of a cluster. */
    public static String checkpointId(String clusterId) {
        return CHECKPOINT_KIND + "-" + clusterId;
    }

    /**
     * Deletes the cluster's resources: the known ones plus those found by tag plus those of an earlier
     * checkpoint. Returns the leftovers (each "kind id") and saves or deletes the checkpoint.
     */
    public Outcome run(Set<String> instances, Set<String> placementGroups, Set<String> securityGroups, Set<String> reservations,
                       boolean mayHaveUntracked) {
        CleanupCalls<Ec2Client> calls = new CleanupCalls<>(ec2, "ec2", budget, pollInterval,
                pollInterval.multipliedBy(16).compareTo(Duration.ofSeconds(20)) > 0 ? Duration.ofSeconds(20) : pollInterval.multipliedBy(16),
                sleeper, clock);
        try {
            return run(calls, instances, placementGroups, securityGroups, reservations, mayHaveUntracked);
        } finally {
            // an interrupt during teardown did not stop it; the caller sees it now
            if (calls.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Outcome run(CleanupCalls<Ec2Client> calls, Set<String> instances, Set<String> placementGroups, Set<String> securityGroups,
                        Set<String> reservations, boolean mayHaveUntracked) {
        Set<String> ins = new LinkedHashSet<>(instances);
        Set<String> pgs = new LinkedHashSet<>(placementGroups);
        Set<String> sgs = new LinkedHashSet<>(securityGroups);
        Set<String> crs = new LinkedHashSet<>(reservations);
        store.find(checkpointId(clusterId)).ifPresent(r -> {
            ins.addAll(split(r.checkpoint().get("instances")));
            pgs.addAll(split(r.checkpoint().get("placementGroups")));
            sgs.addAll(split(r.checkpoint().get("securityGroups")));
            crs.addAll(split(r.checkpoint().get("reservations")));
        });
        List<String> unverified = new ArrayList<>();
        Filter tag = Filter.builder().name("tag:" + tagKey).values(clusterId).build();
        // Instances of a RunInstances whose answer never arrived may not be visible yet (eventual consistency):
        // look again a few times, with backoff, before concluding there are none.
        // https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
        Poller looks = poller(calls).multiplier(2).maxDelay(firstPause().multipliedBy(8)).maxAttempts(mayHaveUntracked ? UNTRACKED_LOOKS : 1)
                .deadline(LOOKS_BACKSTOP).build();
        try {
            waitThrough(calls, looks, "instances tagged " + tagKey + "=" + clusterId, () -> {
                int before = ins.size();
                calls.call("DescribeInstances", Set.of(), c -> c.describeInstances(b -> b.filters(tag,
                        Filter.builder().name("instance-state-name").values("pending", "running", "shutting-down", "stopping", "stopped").build())))
                        .reservations().forEach(r -> r.instances().forEach(i -> ins.add(i.instanceId())));
                return ins.size() > before;
            }, found -> found ? Poller.State.done() : Poller.State.waiting("no new instance visible"));
        } catch (TraeException e) {
            unverified.add("instances tagged " + tagKey + "=" + clusterId + " (could not list them: " + e.getMessage() + ")");
        }
        try {
            calls.call("DescribePlacementGroups", Set.of(), c -> c.describePlacementGroups(b -> b.filters(tag)))
                    .placementGroups().forEach(g -> pgs.add(g.groupName()));
        } catch (TraeException e) {
            unverified.add("placement groups tagged " + tagKey + "=" + clusterId + " (could not list them: " + e.getMessage() + ")");
        }
        try {
            calls.call("DescribeSecurityGroups", Set.of(), c -> c.describeSecurityGroups(b -> b.filters(tag)))
                    .securityGroups().forEach(g -> sgs.add(g.groupId()));
        } catch (TraeException e) {
            unverified.add("security groups tagged " + tagKey + "=" + clusterId + " (could not list them: " + e.getMessage() + ")");
        }
        try {
            calls.call("DescribeCapacityReservations", Set.of(), c -> c.describeCapacityReservations(b -> b.filters(tag,
                    Filter.builder().name("state").values("active", "pending").build())))
                    .capacityReservations().stream().filter(r -> !"capacity-block".equals(r.reservationTypeAsString()))
                    .forEach(r -> crs.add(r.capacityReservationId()));
        } catch (TraeException e) {
            unverified.add("capacity reservations tagged " + tagKey + "=" + clusterId + " (could not list them: " + e.getMessage() + ")");
        }

        Set<String> liveInstances = terminate(calls, ins);
        boolean instancesGone = liveInstances.isEmpty();
        Set<String> leftPgs = new LinkedHashSet<>();
        for (String pg : pgs) {
            if (!instancesGone || !delete(calls, "DeletePlacementGroup", () -> ec2.deletePlacementGroup(b -> b.groupName(pg)))) {
                leftPgs.add(pg);
            }
        }
        Set<String> leftSgs = new LinkedHashSet<>();
        for (String sg : sgs) {
            if (!instancesGone || !delete(calls, "DeleteSecurityGroup", () -> ec2.deleteSecurityGroup(b -> b.groupId(sg)))) {
                leftSgs.add(sg);
            }
        }
        Set<String> leftCrs = new LinkedHashSet<>();
        for (String cr : crs) {
            if (!instancesGone || !cancelReservation(calls, cr)) {
                leftCrs.add(cr);
            }
        }
        List<String> left = new ArrayList<>();
        liveInstances.forEach(i -> left.add("instance " + i));
        leftPgs.forEach(g -> left.add("placement group " + g));
        leftSgs.forEach(g -> left.add("security group " + g));
        leftCrs.forEach(r -> left.add("capacity reservation " + r));
        left.addAll(unverified);
        Map<String, String> cp = new LinkedHashMap<>();
        cp.put("cluster", clusterId);
        cp.put("instances", String.join(",", liveInstances));
        cp.put("placementGroups", String.join(",", leftPgs));
        cp.put("securityGroups", String.join(",", leftSgs));
        cp.put("reservations", String.join(",", leftCrs));
        if (left.isEmpty()) {
            store.delete(checkpointId(clusterId));
        } else {
            store.save(new JobRecord(checkpointId(clusterId), CHECKPOINT_KIND, JobStatus.FAILED, cp,
                    "teardown of " + clusterId + " is incomplete; resume it with UltraClusterClient.resumeTeardown(\"" + clusterId
                            + "\"). Left: " + left, clock.instant()));
            LOG.error("UltraCluster {}: teardown left {}; checkpoint {} saved", clusterId, left, checkpointId(clusterId));
        }
        return new Outcome(List.copyOf(left), cp);
    }

    /** Terminates and waits; returns the instances not known to be terminated. */
    private Set<String> terminate(CleanupCalls<Ec2Client> calls, Set<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<String> list = new ArrayList<>(ids);
        try {
            for (int i = 0; i < list.size(); i += 1000) {
                List<String> batch = list.subList(i, Math.min(list.size(), i + 1000));
                // NotFound right after RunInstances does not mean terminated: retry (eventual consistency)
                calls.call("TerminateInstances", TERMINATE_RETRY, c -> c.terminateInstances(b -> b.instanceIds(batch)));
            }
        } catch (TraeException e) {
            LOG.error("UltraCluster {}: TerminateInstances failed: {}", clusterId, e.getMessage());
            return new LinkedHashSet<>(ids);
        }
        // until all are terminated or the teardown's budget is spent (then the ones still alive are returned);
        // a failed describe is logged and the wait goes on
        Set<String> live = new LinkedHashSet<>(ids);
        Duration left = Duration.between(clock.instant(), calls.deadline());
        Poller.Builder wait = poller(calls).multiplier(1.0).maxDelay(firstPause());
        // a budget already spent (by TerminateInstances' retries) still allows the one describe it always had
        wait = left.isZero() || left.isNegative() ? wait.maxAttempts(1) : wait.deadline(left);
        waitThrough(calls, wait.build(), "termination of " + live.size() + " instances", () -> {
            try {
                for (int i = 0; i < list.size(); i += 100) {
                    List<String> batch = list.subList(i, Math.min(list.size(), i + 100));
                    calls.call("DescribeInstances", TERMINATE_RETRY, c -> c.describeInstances(b -> b.instanceIds(batch))).reservations()
                            .forEach(r -> r.instances().forEach(x -> {
                                if ("terminated".equals(x.state().nameAsString())) {
                                    live.remove(x.instanceId());
                                }
                            }));
                }
            } catch (TraeException e) {
                LOG.warn("UltraCluster {}: describing terminating instances failed: {}", clusterId, e.getMessage());
            }
            return live;
        }, l -> l.isEmpty() ? Poller.State.done() : Poller.State.waiting(l.size() + " not terminated"));
        return live;
    }

    /** The first pause of teardown's waits: the poll interval (at least 1 ms). */
    private Duration firstPause() {
        return pollInterval.isZero() ? Duration.ofMillis(1) : pollInterval;
    }

    /** A poller for teardown's waits: they go on when the thread is interrupted (see {@link #waitThrough}). */
    private Poller.Builder poller(CleanupCalls<Ec2Client> calls) {
        return Poller.builder().initialDelay(firstPause()).keepWaitingWhenInterrupted(true).sleeper(sleeper).clock(clock);
    }

    /**
     * One wait of teardown; returns the last value whether or not {@code classify} answered done (teardown reports what is
     * left rather than failing). The poller sets the interrupt flag again when the wait ends; teardown takes it back at
     * once (the SDK aborts a call made while it is set) and {@link #run} sets it when all is done.
     */
    private <T> T waitThrough(CleanupCalls<Ec2Client> calls, Poller poller, String what, Supplier<T> fetch, Function<? super T, Poller.State> classify) {
        try {
            return poller.awaitOrLast(what, fetch, classify).value();
        } finally {
            calls.takeInterrupt();
        }
    }

    private boolean delete(CleanupCalls<Ec2Client> calls, String op, Runnable call) {
        try {
            calls.call(op, DELETE_RETRY, c -> {
                call.run();
                return null;
            });
            return true;
        } catch (TraeServiceException e) {
            if (e.errorCode().filter(GONE::contains).isPresent()) {
                return true; // an earlier attempt whose answer was lost already deleted it
            }
            LOG.error("UltraCluster {}: {} failed: {}", clusterId, op, e.getMessage());
            return false;
        } catch (TraeException e) {
            LOG.error("UltraCluster {}: {} failed: {}", clusterId, op, e.getMessage());
            return false;
        }
    }

    /**
     * Cancels an On-Demand Capacity Reservation. A reservation that is already cancelled cannot be cancelled again
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CancelCapacityReservation.html lists the states that can
     * be), so after a cancel whose answer was lost the retry is refused; the page names no error code for that, so any
     * refusal is followed by DescribeCapacityReservations, and a reservation that is cancelled or expired (or gone) counts
     * as done.
     */
    private boolean cancelReservation(CleanupCalls<Ec2Client> calls, String id) {
        TraeException failure;
        try {
            calls.call("CancelCapacityReservation", DELETE_RETRY, c -> c.cancelCapacityReservation(b -> b.capacityReservationId(id)));
            return true;
        } catch (TraeServiceException e) {
            if (e.errorCode().filter(GONE::contains).isPresent()) {
                return true;
            }
            failure = e;
        } catch (TraeException e) {
            failure = e;
        }
        try {
            var found = calls.call("DescribeCapacityReservations", Set.of(),
                    c -> c.describeCapacityReservations(b -> b.capacityReservationIds(id))).capacityReservations();
            String state = found.isEmpty() ? "gone" : found.get(0).stateAsString();
            if (Set.of("cancelled", "expired", "gone").contains(state)) {
                LOG.info("UltraCluster {}: capacity reservation {} is {} (an earlier cancel whose answer was lost took effect)", clusterId, id, state);
                return true;
            }
            LOG.error("UltraCluster {}: CancelCapacityReservation {} failed and it is still {}: {}", clusterId, id, state, failure.getMessage());
            return false;
        } catch (TraeServiceException e) {
            if (e.errorCode().filter("InvalidCapacityReservationId.NotFound"::equals).isPresent()) {
                return true;
            }
            LOG.error("UltraCluster {}: CancelCapacityReservation {} failed ({}) and its state is unknown: {}", clusterId, id,
                    failure.getMessage(), e.getMessage());
            return false;
        } catch (TraeException e) {
            LOG.error("UltraCluster {}: CancelCapacityReservation {} failed ({}) and its state is unknown: {}", clusterId, id,
                    failure.getMessage(), e.getMessage());
            return false;
        }
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }
}
