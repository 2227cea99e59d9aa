package dev.trae.aws.training;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.training.internal.ClusterCommands;
import dev.trae.aws.training.internal.ClusterLauncher;
import dev.trae.aws.training.internal.ClusterResources;
import dev.trae.aws.training.internal.ClusterSettings;
import dev.trae.aws.training.internal.ClusterTeardown;
import dev.trae.aws.training.model.CapacityBlockOffering;
import dev.trae.aws.training.model.CapacityReservation;
import dev.trae.aws.training.model.ClusterState;
import dev.trae.aws.training.model.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A handle on one UltraCluster: the instances of a cluster placement group with EFA networking, on a
 * Capacity Block, an On-Demand Capacity Reservation or plain On-Demand capacity. Every resource it creates
 * carries the tag {@value #CLUSTER_TAG} with the cluster id, and {@link #tearDown()} (also {@link #close()}, a
 * failed launch, and the expiry guard before a Capacity Block ends) deletes what it remembers and what it
 * finds by that tag, under its own retry policy (no circuit breaker can stop it). When teardown cannot finish,
 * it saves a resumable checkpoint in the config's {@code JobStore} ({@link UltraClusterClient#resumeTeardown}).
 * The launch steps live in {@code internal.ClusterLauncher}, command runs in {@code internal.ClusterCommands} and
 * teardown in {@code internal.ClusterTeardown}; this class holds the state machine and the public handle. Thread-safe.
 *
 * <pre>{@code
 * try (UltraCluster cluster = clusters.launch(spec, state -> System.out.println(state))) {
 *     Map<String, CommandResult> out = cluster.runCommand(List.of("neuron-ls", "hostname"), Duration.ofMinutes(5));
 * }   // torn down here
 * }</pre>
 */
public final class UltraCluster implements AutoCloseable {
    /** The tag every resource of a cluster carries, with the cluster id as its value. */
    public static final String CLUSTER_TAG = "trae:cluster";
    private static final Logger LOG = LoggerFactory.getLogger(UltraCluster.class);

    private final UltraClusterSpec spec;
    private final String clusterId;
    private final ServiceClient<Ec2Client> ec2;
    private final ClusterSettings settings;
    private final ClusterResources resources = new ClusterResources();
    private final ClusterLauncher launcher;
    private final ClusterCommands commands;
    private final List<ClusterState> history = new CopyOnWriteArrayList<>();
    private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile ClusterState state = ClusterState.REQUESTED;
    private volatile ClusterState step = ClusterState.REQUESTED;
    private volatile boolean launchStarted;
    private volatile boolean closing;
    private volatile String closeReason = "";

    UltraCluster(UltraClusterSpec spec, ServiceClient<Ec2Client> ec2, ServiceClient<SsmClient> ssm, ClusterSettings settings,
                 Consumer<ClusterState> listener) {
        this(spec, newClusterId(spec), ec2, ssm, settings, listener);
    }

    UltraCluster(UltraClusterSpec spec, String clusterId, ServiceClient<Ec2Client> ec2, ServiceClient<SsmClient> ssm,
                 ClusterSettings settings, Consumer<ClusterState> listener) {
        this.spec = spec;
        this.clusterId = clusterId;
        this.ec2 = ec2;
        this.settings = settings;
        this.launcher = new ClusterLauncher(spec, clusterId, CLUSTER_TAG, ec2, ssm, settings, resources, new ClusterLauncher.Control() {
            @Override
            public void enter(ClusterState s) {
                step = s;
                UltraCluster.this.enter(s);
            }

            @Override
            public void checkGoing() {
                UltraCluster.this.checkGoing();
            }

            @Override
            public boolean cancelled() {
                return UltraCluster.this.cancelled();
            }
        });
        this.commands = new ClusterCommands(ssm, clusterId, settings, this::cancelled);
        if (listener != null) {
            listeners.add(listener);
        }
        history.add(ClusterState.REQUESTED);
    }

    /** A new cluster id: {@code trae-<name>-<8 hex>}. */
    static String newClusterId(UltraClusterSpec spec) {
        return "trae-" + spec.name().toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The unique id of this cluster, used for names and the {@value #CLUSTER_TAG} tag. */
    public String clusterId() {
        return clusterId;
    }

    public UltraClusterSpec spec() {
        return spec;
    }

    public ClusterState state() {
        return state;
    }

    /** Every state so far, in order. */
    public List<ClusterState> states() {
        return List.copyOf(history);
    }

    public List<String> instanceIds() {
        return resources.instanceIds();
    }

    public Optional<String> placementGroup() {
        return resources.placementGroup();
    }

    public Optional<String> securityGroupId() {
        return resources.securityGroupId();
    }

    public Optional<CapacityReservation> reservation() {
        return resources.reservation();
    }

    /** When the expiry guard tears the cluster down (reservation end minus the margin), if the capacity ends. */
    public Optional<Instant> teardownDeadline() {
        return resources.deadline();
    }

    /** Why the cluster was torn down early (the expiry guard), or empty. */
    public String closeReason() {
        return closeReason;
    }

    void onState(Consumer<ClusterState> l) {
        listeners.add(l);
    }

    private void enter(ClusterState s) {
        state = s;
        history.add(s);
        LOG.info("UltraCluster {}: {}", clusterId, s);
        for (Consumer<ClusterState> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("cluster state listener failed and was ignored: {}", e.toString());
            }
        }
    }

    private boolean cancelled() {
        return closing || Thread.currentThread().isInterrupted();
    }

    private void checkGoing() {
        if (closing) {
            throw new TraeCancelledException("UltraCluster " + clusterId + " is being torn down" + (closeReason.isEmpty() ? "" : ": " + closeReason));
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new TraeCancelledException("UltraCluster " + clusterId + " launch was cancelled");
        }
        Optional<Instant> d = resources.deadline();
        if (d.isPresent() && !settings.clock().instant().isBefore(d.get())) {
            throw new TraeTimeoutException("the capacity of UltraCluster " + clusterId + " ends at "
                    + resources.reservation().flatMap(CapacityReservation::end).orElse(d.get())
                    + "; the expiry guard stops work " + settings.expiryMargin() + " before that", settings.expiryMargin(), null, false);
        }
    }

    // ------------------------------------------------------------------ launch

    /** Runs every launch step ({@link ClusterLauncher}); on any failure tears down what was created and throws {@link UltraClusterException}. */
    void launch() {
        synchronized (lock) {
            if (launchStarted) {
                throw new IllegalStateException("already launched");
            }
            launchStarted = true;
        }
        launcher.checkBeforeAnyCall();
        try {
            launcher.launch();
            enter(ClusterState.READY);
        } catch (RuntimeException e) {
            List<String> left = tearDownQuietly();
            enter(ClusterState.FAILED);
            throw new UltraClusterException(clusterId, step, left, e);
        }
    }

    /** Buys a Capacity Block at most once (see {@link ClusterLauncher#purchase}). */
    CapacityReservation purchase(CapacityBlockOffering offering) {
        return launcher.purchase(offering);
    }

    // ------------------------------------------------------------------ run

    /**
     * Runs shell {@code commands} on every instance through SSM Run Command ({@code AWS-RunShellScript})
     * and collects each instance's status, exit code and output. SendCommand takes at most 50 instance ids
     * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html), so larger
     * clusters get one command per 50 instances and the results are merged. Instances that do not finish
     * within {@code timeout} report {@code TimedOut}.
     */
    public Map<String, CommandResult> runCommand(List<String> commands, Duration timeout) {
        if (commands == null || commands.isEmpty() || commands.size() > 100 || commands.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 4096)) {
            throw new TraeValidationException("commands", "give 1-100 non-blank command lines of at most 4096 characters");
        }
        if (state != ClusterState.READY) {
            throw new TraeValidationException("state", "UltraCluster " + clusterId + " is " + state + ", not READY");
        }
        checkGoing();
        enter(ClusterState.RUNNING_COMMAND);
        try {
            Map<String, CommandResult> out = this.commands.run(instanceIds(), commands, timeout);
            enter(ClusterState.READY);
            return out;
        } catch (RuntimeException e) {
            if (!closing) {
                enter(ClusterState.READY);
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ teardown

    void expire() {
        if (state == ClusterState.TERMINATED || state == ClusterState.FAILED) {
            return;
        }
        closeReason = "expiry guard: the capacity ends at " + reservation().flatMap(CapacityReservation::end).map(Instant::toString).orElse("?")
                + " and the margin is " + settings.expiryMargin();
        LOG.warn("UltraCluster {}: {}; tearing down", clusterId, closeReason);
        List<String> left = tearDown();
        if (!left.isEmpty()) {
            LOG.error("UltraCluster {}: expiry teardown could not delete {}", clusterId, left);
        }
    }

    /**
     * Deletes everything this cluster created: terminates the instances (those it knows and any found by the
     * cluster tag), waits until they are terminated, deletes the placement group and security group (also
     * those found by tag), and cancels an On-Demand Capacity Reservation it created. Runs under its own retry
     * budget ({@code teardownTimeout}) with no circuit breaker. Idempotent. Returns what could not be deleted,
     * each named by id (empty when all is gone); when something is left, a checkpoint is saved for
     * {@link UltraClusterClient#resumeTeardown(String)}. A purchased Capacity Block cannot be cancelled; it ends
     * at its end time.
     */
    public List<String> tearDown() {
        closing = true;
        synchronized (lock) {
            boolean nothingTracked = resources.nothingTracked();
            if (state == ClusterState.TERMINATED && nothingTracked) {
                return List.of();
            }
            if (nothingTracked && !history.contains(ClusterState.RESERVING_CAPACITY)) {
                enter(ClusterState.TERMINATED); // failed before any create call: nothing can exist
                return List.of();
            }
            boolean mayHaveUntracked = history.contains(ClusterState.LAUNCHING_INSTANCES) && !resources.hasInstances();
            boolean wasInterrupted = Thread.interrupted();
            enter(ClusterState.TEARING_DOWN);
            try {
                String pg = resources.placementGroup().orElse(null);
                String sg = resources.securityGroupId().orElse(null);
                String odcr = resources.createdReservationId().orElse(null);
                ClusterTeardown.Outcome o = teardown().run(new LinkedHashSet<>(instanceIds()), setOf(pg), setOf(sg), setOf(odcr), mayHaveUntracked);
                resources.retainInstances(Set.of(o.checkpoint().get("instances").split(",")));
                if (!o.checkpoint().get("placementGroups").contains(String.valueOf(pg))) {
                    resources.placementGroup(null);
                }
                if (!o.checkpoint().get("securityGroups").contains(String.valueOf(sg))) {
                    resources.securityGroupId(null);
                }
                if (!o.checkpoint().get("reservations").contains(String.valueOf(odcr))) {
                    resources.createdReservationId(null);
                }
                return o.leftovers();
            } finally {
                enter(ClusterState.TERMINATED);
                if (wasInterrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    ClusterTeardown teardown() {
        // teardown runs past the shared circuit breaker under its own retry budget (ClusterTeardown, CleanupCalls)
        return new ClusterTeardown(ec2.raw(), clusterId, CLUSTER_TAG, settings.jobStore(), settings.teardownTimeout(), settings.pollInterval(),
                settings.sleeper(), settings.waitClock());
    }

    private static Set<String> setOf(String s) {
        return s == null ? Set.of() : Set.of(s);
    }

    private List<String> tearDownQuietly() {
        try {
            return tearDown();
        } catch (RuntimeException e) {
            LOG.error("UltraCluster {}: teardown failed: {}", clusterId, e.toString());
            return List.of("teardown failed: " + e.getMessage());
        }
    }

    /** Tears down; see {@link #tearDown()}. */
    @Override
    public void close() {
        List<String> left = tearDown();
        if (!left.isEmpty()) {
            LOG.error("UltraCluster {}: teardown left {}", clusterId, left);
        }
    }

    @Override
    public String toString() {
        return "UltraCluster[" + clusterId + " " + state + ", instances=" + instanceIds() + ", pg=" + resources.placementGroup().orElse(null)
                + ", sg=" + resources.securityGroupId().orElse(null)
                + resources.reservation().map(r -> ", reservation=" + r.reservationId()).orElse("")
                + resources.deadline().map(d -> ", teardown by " + d).orElse("") + "]";
    }
}
