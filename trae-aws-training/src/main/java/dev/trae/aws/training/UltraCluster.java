package dev.trae.aws.training;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.internal.Waits;
import dev.trae.aws.training.model.CapacityBlockOffering;
import dev.trae.aws.training.model.CapacityReservation;
import dev.trae.aws.training.model.ClusterState;
import dev.trae.aws.training.model.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CapacityReservationInstancePlatform;
import software.amazon.awssdk.services.ec2.model.CapacityReservationSpecification;
import software.amazon.awssdk.services.ec2.model.CapacityReservationTarget;
import software.amazon.awssdk.services.ec2.model.EndDateType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceMatchCriteria;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.PlacementStrategy;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * A handle on one UltraCluster: the instances of a cluster placement group with EFA networking, on a
 * Capacity Block, an On-Demand Capacity Reservation or plain On-Demand capacity. It tracks every
 * resource it created, and {@link #tearDown()} (also {@link #close()}, a failed launch, and the expiry
 * guard before a Capacity Block ends) deletes them: terminate instances, wait, delete the placement
 * group and security group, cancel a reservation it created. Thread-safe.
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
    static final String PURCHASE_TAG = "trae:purchase-token";
    private static final Logger LOG = LoggerFactory.getLogger(UltraCluster.class);

    private final UltraClusterSpec spec;
    private final String clusterId;
    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final Resilience resilience;
    private final UltraClusterClient.Settings settings;
    private final Clock clock;
    private final List<ClusterState> history = new CopyOnWriteArrayList<>();
    private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Set<String> instanceIds = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile ClusterState state = ClusterState.REQUESTED;
    private volatile String placementGroup;
    private volatile String securityGroupId;
    private volatile String createdReservationId;
    private volatile CapacityReservation reservation;
    private volatile boolean launchStarted;
    private volatile boolean closing;
    private volatile Instant deadline;
    private volatile String closeReason = "";

    UltraCluster(UltraClusterSpec spec, Ec2Client ec2, SsmClient ssm, Resilience resilience, UltraClusterClient.Settings settings,
                 Consumer<ClusterState> listener) {
        this.spec = spec;
        this.clusterId = "trae-" + spec.name().toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.ec2 = ec2;
        this.ssm = ssm;
        this.resilience = resilience;
        this.settings = settings;
        this.clock = settings.clock();
        if (listener != null) {
            listeners.add(listener);
        }
        history.add(ClusterState.REQUESTED);
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
        synchronized (instanceIds) {
            return List.copyOf(instanceIds);
        }
    }

    public Optional<String> placementGroup() {
        return Optional.ofNullable(placementGroup);
    }

    public Optional<String> securityGroupId() {
        return Optional.ofNullable(securityGroupId);
    }

    public Optional<CapacityReservation> reservation() {
        return Optional.ofNullable(reservation);
    }

    /** When the expiry guard tears the cluster down (reservation end minus the margin), if the capacity ends. */
    public Optional<Instant> teardownDeadline() {
        return Optional.ofNullable(deadline);
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

    private void checkGoing() {
        if (closing) {
            throw new TraeCancelledException("UltraCluster " + clusterId + " is being torn down" + (closeReason.isEmpty() ? "" : ": " + closeReason));
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new TraeCancelledException("UltraCluster " + clusterId + " launch was cancelled");
        }
        Instant d = deadline;
        if (d != null && !clock.instant().isBefore(d)) {
            throw new TraeTimeoutException("the capacity of UltraCluster " + clusterId + " ends at " + reservation.end().orElse(d)
                    + "; the expiry guard stops work " + settings.expiryMargin() + " before that", settings.expiryMargin(), null, false);
        }
    }

    // ------------------------------------------------------------------ launch

    /** Runs every launch step; on any failure tears down what was created and throws {@link UltraClusterException}. */
    void launch() {
        synchronized (lock) {
            if (launchStarted) {
                throw new IllegalStateException("already launched");
            }
            launchStarted = true;
        }
        ClusterState step = ClusterState.REQUESTED;
        try {
            if (spec.capacity().kind() == Capacity.Kind.ON_DEMAND_RESERVATION && spec.availabilityZone().isEmpty()) {
                throw new TraeValidationException("availabilityZone", "an On-Demand Capacity Reservation needs the availability zone");
            }
            enter(step = ClusterState.CHECKING_INSTANCE_TYPE);
            int efaCount = efaInterfaces();
            checkGoing();
            enter(step = ClusterState.RESOLVING_AMI);
            String ami = spec.amiId().orElseGet(() -> resilience.call("ssm", "GetParameter",
                    () -> ssm.getParameter(b -> b.name(spec.amiParameter()))).parameter().value());
            if (ami == null || !ami.matches("ami-[0-9a-f]{8,17}")) {
                throw new TraeClientException("SSM parameter " + spec.amiParameter() + " does not hold an AMI id");
            }
            checkGoing();
            enter(step = ClusterState.RESERVING_CAPACITY);
            reserve();
            checkGoing();
            enter(step = ClusterState.CREATING_PLACEMENT_GROUP);
            resilience.call("ec2", "CreatePlacementGroup", () -> ec2.createPlacementGroup(b -> b.groupName(clusterId)
                    .strategy(PlacementStrategy.CLUSTER).tagSpecifications(tags(ResourceType.PLACEMENT_GROUP))));
            placementGroup = clusterId;
            checkGoing();
            enter(step = ClusterState.CREATING_SECURITY_GROUP);
            securityGroupId = resilience.call("ec2", "CreateSecurityGroup", () -> ec2.createSecurityGroup(b -> {
                b.groupName(clusterId).description("Trae UltraCluster " + clusterId + ": EFA traffic within the group")
                        .tagSpecifications(tags(ResourceType.SECURITY_GROUP));
                spec.vpcId().ifPresent(b::vpcId);
            })).groupId();
            IpPermission self = IpPermission.builder().ipProtocol("-1")
                    .userIdGroupPairs(UserIdGroupPair.builder().groupId(securityGroupId).build()).build();
            resilience.call("ec2", "AuthorizeSecurityGroupIngress",
                    () -> ec2.authorizeSecurityGroupIngress(b -> b.groupId(securityGroupId).ipPermissions(self)));
            resilience.call("ec2", "AuthorizeSecurityGroupEgress",
                    () -> ec2.authorizeSecurityGroupEgress(b -> b.groupId(securityGroupId).ipPermissions(self)));
            checkGoing();
            enter(step = ClusterState.LAUNCHING_INSTANCES);
            runInstances(ami, efaCount);
            checkGoing();
            enter(step = ClusterState.WAITING_FOR_RUNNING);
            waitRunning();
            enter(step = ClusterState.WAITING_FOR_STATUS_CHECKS);
            waitStatusChecks();
            checkGoing();
            enter(ClusterState.READY);
        } catch (RuntimeException e) {
            List<String> left = tearDownQuietly();
            enter(ClusterState.FAILED);
            throw new UltraClusterException(clusterId, step, left, e);
        }
    }

    private int efaInterfaces() {
        InstanceTypeInfo info = resilience.call("ec2", "DescribeInstanceTypes",
                () -> ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(spec.instanceType()))).instanceTypes()
                .stream().findFirst().orElseThrow(() -> new TraeValidationException("instanceType", spec.instanceType() + " is not offered in this region"));
        if (!spec.efa()) {
            return 0;
        }
        boolean supported = info.networkInfo() != null && Boolean.TRUE.equals(info.networkInfo().efaSupported());
        int max = supported && info.networkInfo().efaInfo() != null && info.networkInfo().efaInfo().maximumEfaInterfaces() != null
                ? info.networkInfo().efaInfo().maximumEfaInterfaces() : 0;
        if (!supported || max < 1) {
            throw new TraeValidationException("efa", spec.instanceType() + " does not support EFA; use efa(false) or an EFA type such as trn1.32xlarge");
        }
        if (spec.efaInterfaces() > max) {
            throw new TraeValidationException("efaInterfaces", spec.instanceType() + " supports at most " + max + " EFA interfaces, not " + spec.efaInterfaces());
        }
        return spec.efaInterfaces() == 0 ? max : spec.efaInterfaces();
    }

    private void reserve() {
        Capacity c = spec.capacity();
        switch (c.kind()) {
            case NONE:
                return;
            case ON_DEMAND_RESERVATION: {
                String token = clusterId + "-odcr";
                var r = resilience.call("ec2", "CreateCapacityReservation", () -> ec2.createCapacityReservation(b -> b
                        .instanceType(spec.instanceType()).instancePlatform(CapacityReservationInstancePlatform.LINUX_UNIX)
                        .availabilityZone(spec.availabilityZone().orElseThrow()).instanceCount(spec.instanceCount())
                        .endDateType(EndDateType.UNLIMITED).instanceMatchCriteria(InstanceMatchCriteria.TARGETED)
                        .clientToken(token).tagSpecifications(tags(ResourceType.CAPACITY_RESERVATION)))).capacityReservation();
                createdReservationId = r.capacityReservationId();
                reservation = UltraClusterClient.toModel(r);
                return;
            }
            case EXISTING_RESERVATION: {
                String id = c.reservationId().orElseThrow();
                var list = resilience.call("ec2", "DescribeCapacityReservations",
                        () -> ec2.describeCapacityReservations(b -> b.capacityReservationIds(id))).capacityReservations();
                if (list.isEmpty()) {
                    throw new TraeValidationException("capacity", "capacity reservation " + id + " was not found");
                }
                CapacityReservation r = UltraClusterClient.toModel(list.get(0));
                checkFits(r);
                reservation = r;
                armExpiry(r);
                return;
            }
            case PURCHASE_CAPACITY_BLOCK: {
                CapacityBlockOffering o = c.offering().orElseThrow();
                reservation = purchase(o);
                checkFits(reservation);
                armExpiry(reservation);
                return;
            }
            default:
                throw new IllegalStateException(c.kind().toString());
        }
    }

    /**
     * Buys a Capacity Block at most once: the purchase carries a unique tag, and a retried attempt (after a
     * throttle or lost answer) first looks for a reservation with that tag.
     */
    CapacityReservation purchase(CapacityBlockOffering o) {
        String token = UUID.randomUUID().toString();
        int[] attempts = {0};
        var r = resilience.call("ec2", "PurchaseCapacityBlock", () -> {
            if (attempts[0]++ > 0) {
                var existing = ec2.describeCapacityReservations(b -> b.filters(Filter.builder().name("tag:" + PURCHASE_TAG).values(token).build()))
                        .capacityReservations();
                if (!existing.isEmpty()) {
                    return existing.get(0);
                }
            }
            return ec2.purchaseCapacityBlock(b -> b.capacityBlockOfferingId(o.offeringId())
                    .instancePlatform(CapacityReservationInstancePlatform.LINUX_UNIX)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.CAPACITY_RESERVATION)
                            .tags(Tag.builder().key(PURCHASE_TAG).value(token).build(), Tag.builder().key(CLUSTER_TAG).value(clusterId).build())
                            .build())).capacityReservation();
        });
        LOG.warn("purchased Capacity Block {} ({} {}): it cannot be cancelled and ends at {}", r.capacityReservationId(),
                o.upfrontFee().toPlainString(), o.currency(), r.endDate());
        return UltraClusterClient.toModel(r);
    }

    private void checkFits(CapacityReservation r) {
        if (!r.instanceType().equals(spec.instanceType())) {
            throw new TraeValidationException("capacity", "reservation " + r.reservationId() + " is for " + r.instanceType() + ", not " + spec.instanceType());
        }
        if (!"active".equals(r.state())) {
            throw new TraeValidationException("capacity", "reservation " + r.reservationId() + " is " + r.state() + ", not active");
        }
        if (spec.instanceCount() > r.availableInstances()) {
            throw new TraeValidationException("instanceCount", spec.instanceCount() + " instances do not fit reservation " + r.reservationId()
                    + " with " + r.availableInstances() + " of " + r.totalInstances() + " available");
        }
    }

    private void armExpiry(CapacityReservation r) {
        r.end().ifPresent(end -> {
            Instant d = end.minus(settings.expiryMargin());
            if (!clock.instant().isBefore(d)) {
                throw new TraeValidationException("capacity", "reservation " + r.reservationId() + " ends at " + end
                        + ", within the expiry margin of " + settings.expiryMargin() + "; too late to launch");
            }
            deadline = d;
        });
    }

    private void runInstances(String ami, int efaCount) {
        RunInstancesRequest.Builder b = RunInstancesRequest.builder().imageId(ami).instanceType(spec.instanceType())
                .minCount(spec.instanceCount()).maxCount(spec.instanceCount()).clientToken(clusterId + "-run")
                .placement(p -> p.groupName(placementGroup).availabilityZone(reservation != null ? reservation.availabilityZone()
                        : spec.availabilityZone().orElse(null)))
                .tagSpecifications(tags(ResourceType.INSTANCE));
        if (efaCount > 0) {
            List<InstanceNetworkInterfaceSpecification> nis = new ArrayList<>();
            for (int i = 0; i < efaCount; i++) {
                InstanceNetworkInterfaceSpecification.Builder ni = InstanceNetworkInterfaceSpecification.builder()
                        .deviceIndex(i == 0 ? 0 : 1).networkCardIndex(i).interfaceType("efa").groups(securityGroupId)
                        .deleteOnTermination(true);
                spec.subnetId().ifPresent(ni::subnetId);
                nis.add(ni.build());
            }
            b.networkInterfaces(nis);
        } else {
            b.securityGroupIds(securityGroupId);
            spec.subnetId().ifPresent(b::subnetId);
        }
        if (reservation != null) {
            b.capacityReservationSpecification(CapacityReservationSpecification.builder()
                    .capacityReservationTarget(CapacityReservationTarget.builder().capacityReservationId(reservation.reservationId()).build()).build());
            if (reservation.isCapacityBlock()) {
                b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.CAPACITY_BLOCK).build());
            }
        }
        spec.instanceProfile().ifPresent(p -> b.iamInstanceProfile(IamInstanceProfileSpecification.builder().name(p).build()));
        RunInstancesRequest req = b.build();
        RunInstancesResponse r = resilience.call("ec2", "RunInstances", () -> ec2.runInstances(req));
        r.instances().forEach(i -> instanceIds.add(i.instanceId()));
    }

    private void waitRunning() {
        Instant until = Instant.now().plus(settings.readyTimeout());
        while (true) {
            checkGoing();
            Map<String, String> states = new LinkedHashMap<>();
            List<String> ids = instanceIds();
            resilience.call("ec2", "DescribeInstances", () -> ec2.describeInstances(b -> b.instanceIds(ids))).reservations()
                    .forEach(res -> res.instances().forEach(i -> states.put(i.instanceId(), i.state().nameAsString())));
            if (states.values().stream().anyMatch(s -> s.equals("terminated") || s.equals("shutting-down") || s.equals("stopped"))) {
                throw new TraeClientException("instances stopped or terminated while starting: " + states);
            }
            if (states.size() == ids.size() && states.values().stream().allMatch("running"::equals)) {
                return;
            }
            if (Instant.now().isAfter(until)) {
                throw new TraeTimeoutException("instances not running after " + settings.readyTimeout() + ": " + states, settings.readyTimeout(), null, false);
            }
            Waits.sleep(settings.pollInterval(), "instances of " + clusterId + " to run");
        }
    }

    private void waitStatusChecks() {
        Instant until = Instant.now().plus(settings.readyTimeout());
        while (true) {
            checkGoing();
            List<String> ids = instanceIds();
            List<InstanceStatus> st = resilience.call("ec2", "DescribeInstanceStatus",
                    () -> ec2.describeInstanceStatus(b -> b.instanceIds(ids).includeAllInstances(true))).instanceStatuses();
            List<String> impaired = new ArrayList<>();
            int ok = 0;
            for (InstanceStatus s : st) {
                String sys = s.systemStatus() == null ? "" : s.systemStatus().statusAsString();
                String inst = s.instanceStatus() == null ? "" : s.instanceStatus().statusAsString();
                if ("impaired".equals(sys) || "impaired".equals(inst)) {
                    impaired.add(s.instanceId() + " (system " + sys + ", instance " + inst + ")");
                } else if ("ok".equals(sys) && "ok".equals(inst)) {
                    ok++;
                }
            }
            if (!impaired.isEmpty()) {
                throw new TraeClientException("instances failed their status checks: " + impaired);
            }
            if (ok == ids.size()) {
                return;
            }
            if (Instant.now().isAfter(until)) {
                throw new TraeTimeoutException("status checks not passed after " + settings.readyTimeout(), settings.readyTimeout(), null, false);
            }
            Waits.sleep(settings.pollInterval(), "status checks of " + clusterId);
        }
    }

    private List<TagSpecification> tags(ResourceType type) {
        List<Tag> t = new ArrayList<>();
        t.add(Tag.builder().key(CLUSTER_TAG).value(clusterId).build());
        t.add(Tag.builder().key("Name").value(clusterId).build());
        spec.tags().forEach((k, v) -> t.add(Tag.builder().key(k).value(v).build()));
        return List.of(TagSpecification.builder().resourceType(type).tags(t).build());
    }

    // ------------------------------------------------------------------ run

    /**
     * Runs shell {@code commands} on every instance through SSM Run Command ({@code AWS-RunShellScript})
     * and collects each instance's status, exit code and output. Instances that do not finish within
     * {@code timeout} report {@code TimedOut}.
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
            List<String> ids = instanceIds();
            long seconds = Math.max(30, Math.min(172_800, timeout.toSeconds()));
            String commandId = resilience.call("ssm", "SendCommand", () -> ssm.sendCommand(b -> b.documentName("AWS-RunShellScript")
                    .instanceIds(ids).parameters(Map.of("commands", List.copyOf(commands))).timeoutSeconds((int) seconds)
                    .comment("Trae UltraCluster " + clusterId))).command().commandId();
            Map<String, CommandResult> out = new LinkedHashMap<>();
            Instant until = Instant.now().plus(timeout);
            while (out.size() < ids.size()) {
                checkGoing();
                for (String id : ids) {
                    if (out.containsKey(id)) {
                        continue;
                    }
                    GetCommandInvocationResponse r;
                    try {
                        r = resilience.call("ssm", "GetCommandInvocation", () -> ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(id)));
                    } catch (TraeServiceException e) {
                        if (e.errorCode().filter("InvocationDoesNotExist"::equals).isPresent()) {
                            continue; // not registered yet right after SendCommand: poll again
                        }
                        throw e;
                    }
                    String st = r.statusAsString();
                    if (List.of("Success", "Failed", "Cancelled", "TimedOut").contains(st)) {
                        out.put(id, new CommandResult(id, st, r.responseCode() == null ? -1 : r.responseCode(),
                                nz(r.standardOutputContent()), nz(r.standardErrorContent())));
                    }
                }
                if (out.size() < ids.size()) {
                    if (Instant.now().isAfter(until)) {
                        ids.stream().filter(id -> !out.containsKey(id)).forEach(id -> out.put(id, new CommandResult(id, "TimedOut", -1, "", "")));
                        break;
                    }
                    Waits.sleep(settings.pollInterval(), "command " + commandId);
                }
            }
            enter(ClusterState.READY);
            return out;
        } catch (RuntimeException e) {
            if (!closing) {
                enter(ClusterState.READY);
            }
            throw e;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
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
     * Deletes everything this cluster created: terminates the instances (including any found by the
     * cluster tag), waits until they are terminated, deletes the placement group and the security
     * group, and cancels an On-Demand Capacity Reservation it created. Idempotent. Returns what could
     * not be deleted (empty when all is gone). A purchased Capacity Block cannot be cancelled; it ends at
     * its end time.
     */
    public List<String> tearDown() {
        closing = true;
        synchronized (lock) {
            boolean nothingTracked = instanceIds.isEmpty() && placementGroup == null && securityGroupId == null && createdReservationId == null;
            boolean mayHaveUntracked = history.contains(ClusterState.LAUNCHING_INSTANCES);
            if (state == ClusterState.TERMINATED && nothingTracked) {
                return List.of();
            }
            boolean wasInterrupted = Thread.interrupted();
            enter(ClusterState.TEARING_DOWN);
            List<String> left = new ArrayList<>();
            try {
                Set<String> ids = new LinkedHashSet<>(instanceIds());
                if (mayHaveUntracked) {
                    try {
                        resilience.call("ec2", "DescribeInstances", () -> ec2.describeInstances(b -> b.filters(
                                Filter.builder().name("tag:" + CLUSTER_TAG).values(clusterId).build(),
                                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build())))
                                .reservations().forEach(r -> r.instances().forEach(i -> ids.add(i.instanceId())));
                    } catch (TraeException e) {
                        LOG.warn("UltraCluster {}: looking up tagged instances failed: {}", clusterId, e.getMessage());
                    }
                }
                if (!ids.isEmpty()) {
                    try {
                        resilience.call("ec2", "TerminateInstances", () -> ec2.terminateInstances(b -> b.instanceIds(ids)));
                        waitTerminated(ids);
                        instanceIds.removeAll(ids);
                    } catch (TraeException e) {
                        ids.forEach(id -> left.add("instance " + id));
                        LOG.error("UltraCluster {}: terminating {} failed: {}", clusterId, ids, e.getMessage());
                    }
                }
                boolean instancesGone = left.isEmpty();
                if (placementGroup != null) {
                    String pg = placementGroup;
                    if (instancesGone && tryDelete("DeletePlacementGroup", () -> ec2.deletePlacementGroup(b -> b.groupName(pg)))) {
                        placementGroup = null;
                    } else {
                        left.add("placement group " + pg);
                    }
                }
                if (securityGroupId != null) {
                    String sg = securityGroupId;
                    if (instancesGone && tryDelete("DeleteSecurityGroup", () -> ec2.deleteSecurityGroup(b -> b.groupId(sg)))) {
                        securityGroupId = null;
                    } else {
                        left.add("security group " + sg);
                    }
                }
                if (createdReservationId != null) {
                    String cr = createdReservationId;
                    if (instancesGone && tryDelete("CancelCapacityReservation", () -> ec2.cancelCapacityReservation(b -> b.capacityReservationId(cr)))) {
                        createdReservationId = null;
                    } else {
                        left.add("capacity reservation " + cr);
                    }
                }
            } finally {
                enter(ClusterState.TERMINATED);
                if (wasInterrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return left;
        }
    }

    private List<String> tearDownQuietly() {
        try {
            return tearDown();
        } catch (RuntimeException e) {
            LOG.error("UltraCluster {}: teardown failed: {}", clusterId, e.toString());
            return List.of("teardown failed: " + e.getMessage());
        }
    }

    /** Deletes with retries on DependencyViolation (network interfaces detach shortly after termination). */
    private boolean tryDelete(String op, Runnable call) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                resilience.run("ec2", op, call);
                return true;
            } catch (TraeServiceException e) {
                boolean transientDependency = e.errorCode().filter(c -> c.equals("DependencyViolation") || c.equals("InvalidPlacementGroup.InUse")).isPresent();
                if (!transientDependency || attempt == 5) {
                    LOG.error("UltraCluster {}: {} failed: {}", clusterId, op, e.getMessage());
                    return false;
                }
                sleepQuietly(settings.pollInterval());
            } catch (TraeException e) {
                LOG.error("UltraCluster {}: {} failed: {}", clusterId, op, e.getMessage());
                return false;
            }
        }
        return false;
    }

    private void waitTerminated(Set<String> ids) {
        Instant until = Instant.now().plus(settings.teardownTimeout());
        while (true) {
            Map<String, String> states = new LinkedHashMap<>();
            resilience.call("ec2", "DescribeInstances", () -> ec2.describeInstances(b -> b.instanceIds(ids))).reservations()
                    .forEach(r -> r.instances().forEach(i -> states.put(i.instanceId(), i.state().nameAsString())));
            if (states.values().stream().allMatch("terminated"::equals)) {
                return;
            }
            if (Instant.now().isAfter(until)) {
                throw new TraeTimeoutException("instances not terminated after " + settings.teardownTimeout() + ": " + states,
                        settings.teardownTimeout(), null, false);
            }
            sleepQuietly(settings.pollInterval());
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            // teardown continues even when interrupted; the flag is restored by tearDown
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
        return "UltraCluster[" + clusterId + " " + state + ", instances=" + instanceIds() + ", pg=" + placementGroup + ", sg="
                + securityGroupId + (reservation != null ? ", reservation=" + reservation.reservationId() : "")
                + (deadline != null ? ", teardown by " + deadline : "") + "]";
    }
}
