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
import java.util.function.Supplier;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.training.internal.ClusterTeardown;
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
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * A handle on one UltraCluster: the instances of a cluster placement group with EFA networking, on a
 * Capacity Block, an On-Demand Capacity Reservation or plain On-Demand capacity. Every resource it creates
 * carries the tag {@value #CLUSTER_TAG} with the cluster id, and {@link #tearDown()} (also {@link #close()}, a
 * failed launch, and the expiry guard before a Capacity Block ends) deletes what it remembers and what it
 * finds by that tag, under its own retry policy (no circuit breaker can stop it). When teardown cannot finish,
 * it saves a resumable checkpoint in the config's {@code JobStore} ({@link UltraClusterClient#resumeTeardown}).
 * Thread-safe.
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
    /** SSM SendCommand takes at most 50 instance ids per call. */
    static final int SEND_COMMAND_BATCH = 50;
    /** DescribeInstanceStatus takes at most 100 explicit instance ids per call. */
    static final int DESCRIBE_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(UltraCluster.class);

    private final UltraClusterSpec spec;
    private final String clusterId;
    private final ServiceClient<Ec2Client> ec2;
    private final ServiceClient<SsmClient> ssm;
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

    UltraCluster(UltraClusterSpec spec, ServiceClient<Ec2Client> ec2, ServiceClient<SsmClient> ssm, UltraClusterClient.Settings settings,
                 Consumer<ClusterState> listener) {
        this(spec, "trae-" + spec.name().toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8),
                ec2, ssm, settings, listener);
    }

    UltraCluster(UltraClusterSpec spec, String clusterId, ServiceClient<Ec2Client> ec2, ServiceClient<SsmClient> ssm,
                 UltraClusterClient.Settings settings, Consumer<ClusterState> listener) {
        this.spec = spec;
        this.clusterId = clusterId;
        this.ec2 = ec2;
        this.ssm = ssm;
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
        Instant d = deadline;
        if (d != null && !clock.instant().isBefore(d)) {
            throw new TraeTimeoutException("the capacity of UltraCluster " + clusterId + " ends at " + reservation.end().orElse(d)
                    + "; the expiry guard stops work " + settings.expiryMargin() + " before that", settings.expiryMargin(), null, false);
        }
    }

    private Poller poller(Duration deadlineAfter) {
        return poller(deadlineAfter, Duration.ofSeconds(30));
    }

    private Poller poller(Duration deadlineAfter, Duration maxDelay) {
        return Poller.builder().initialDelay(settings.pollInterval().isZero() ? Duration.ofMillis(1) : settings.pollInterval())
                .maxDelay(max(settings.pollInterval(), maxDelay)).multiplier(1.5).deadline(deadlineAfter)
                .progress(settings.waitProgress()).cancelled(this::cancelled).sleeper(settings.sleeper()).clock(settings.waitClock()).build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
        if (spec.capacity().kind() == Capacity.Kind.ON_DEMAND_RESERVATION && spec.availabilityZone().isEmpty()) {
            throw new TraeValidationException("availabilityZone", "an On-Demand Capacity Reservation needs the availability zone");
        }
        spec.capacity().offering().ifPresent(this::refuseIfStartsTooLate);
        ClusterState step = ClusterState.REQUESTED;
        try {
            enter(step = ClusterState.CHECKING_INSTANCE_TYPE);
            int efaCount = efaInterfaces();
            checkGoing();
            enter(step = ClusterState.RESOLVING_AMI);
            String ami = spec.amiId().orElseGet(() -> ssm.call("GetParameter", Idempotency.IDEMPOTENT,
                    c -> c.getParameter(b -> b.name(spec.amiParameter()))).parameter().value());
            if (ami == null || !ami.matches("ami-[0-9a-f]{8,17}")) {
                throw new TraeClientException("SSM parameter " + spec.amiParameter() + " does not hold an AMI id");
            }
            checkGoing();
            enter(step = ClusterState.RESERVING_CAPACITY);
            reserve();
            if (reservation != null && !"active".equals(reservation.state())) {
                enter(step = ClusterState.WAITING_FOR_CAPACITY);
                reservation = awaitActive(reservation);
            }
            if (reservation != null) {
                checkFits(reservation);
                armExpiry(reservation);
            }
            checkGoing();
            enter(step = ClusterState.CREATING_PLACEMENT_GROUP);
            createPlacementGroup();
            checkGoing();
            enter(step = ClusterState.CREATING_SECURITY_GROUP);
            createSecurityGroup();
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

    /**
     * A Capacity Block has no usable capacity before its start date: refuse before buying when launch would
     * have to wait longer than {@code capacityWait} for it.
     */
    private void refuseIfStartsTooLate(CapacityBlockOffering o) {
        Instant now = clock.instant();
        if (!now.isBefore(o.end().minus(settings.expiryMargin()))) {
            throw new TraeValidationException("capacity", "the Capacity Block offering " + o.offeringId() + " ends at " + o.end()
                    + ", within the expiry margin of " + settings.expiryMargin() + "; too late to launch; nothing was purchased");
        }
        Instant latest = now.plus(settings.capacityWait());
        if (o.start().isAfter(latest)) {
            throw new TraeValidationException("capacity", "the Capacity Block offering " + o.offeringId() + " starts at " + o.start()
                    + " (in " + Duration.between(now, o.start()).withNanos(0) + "), and a block has no usable capacity before its start; "
                    + "nothing was purchased. Buy it now with purchaseCapacityBlock(...) and launch with Capacity.existingReservation(id) at "
                    + o.start() + ", or let launch wait with capacityWait(" + Duration.between(now, o.start()).withNanos(0) + " or more)");
        }
    }

    private int efaInterfaces() {
        InstanceTypeInfo info = ec2.call("DescribeInstanceTypes", Idempotency.IDEMPOTENT,
                c -> c.describeInstanceTypes(b -> b.instanceTypesWithStrings(spec.instanceType()))).instanceTypes()
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
                // ClientToken makes a repeat after a lost answer return the same reservation (so even an unparseable answer may be retried).
                // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCapacityReservation.html
                String token = clusterId + "-odcr";
                software.amazon.awssdk.services.ec2.model.CapacityReservation r;
                try {
                    r = ec2.call("CreateCapacityReservation", Idempotency.IDEMPOTENT, c2 -> c2.createCapacityReservation(b -> b
                            .instanceType(spec.instanceType()).instancePlatform(CapacityReservationInstancePlatform.LINUX_UNIX)
                            .availabilityZone(spec.availabilityZone().orElseThrow()).instanceCount(spec.instanceCount())
                            .endDateType(EndDateType.UNLIMITED).instanceMatchCriteria(InstanceMatchCriteria.TARGETED)
                            .clientToken(token).tagSpecifications(tags(ResourceType.CAPACITY_RESERVATION)))).capacityReservation();
                } catch (TraeServiceException e) {
                    r = adopt(e, "IdempotentParameterMismatch", () -> ec2.call("DescribeCapacityReservations", Idempotency.IDEMPOTENT,
                            c2 -> c2.describeCapacityReservations(b -> b.filters(ourTag()))).capacityReservations().stream()
                            .filter(x -> "active".equals(x.stateAsString()) || "pending".equals(x.stateAsString())).findFirst());
                }
                createdReservationId = r.capacityReservationId();
                reservation = UltraClusterClient.toModel(r);
                return;
            }
            case EXISTING_RESERVATION: {
                String id = c.reservationId().orElseThrow();
                reservation = describeReservation(id);
                if (!"active".equals(reservation.state()) && reservation.start().isPresent()) {
                    Instant start = reservation.start().get();
                    if (start.isAfter(clock.instant().plus(settings.capacityWait()))) {
                        throw new TraeValidationException("capacity", "reservation " + id + " is " + reservation.state() + " and starts at " + start
                                + "; launch at " + start + " or let launch wait with capacityWait(" + Duration.between(clock.instant(), start).withNanos(0)
                                + " or more)");
                    }
                }
                return;
            }
            case PURCHASE_CAPACITY_BLOCK:
                reservation = purchase(c.offering().orElseThrow());
                return;
            default:
                throw new IllegalStateException(c.kind().toString());
        }
    }

    private CapacityReservation describeReservation(String id) {
        var list = ec2.call("DescribeCapacityReservations", Idempotency.IDEMPOTENT,
                c -> c.describeCapacityReservations(b -> b.capacityReservationIds(id))).capacityReservations();
        if (list.isEmpty()) {
            throw new TraeValidationException("capacity", "capacity reservation " + id + " was not found");
        }
        return UltraClusterClient.toModel(list.get(0));
    }

    /**
     * Waits until a reservation is {@code active}: a Capacity Block is {@code payment-pending}, then
     * {@code scheduled} until its start date (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-view.html).
     */
    private CapacityReservation awaitActive(CapacityReservation r) {
        Duration wait = settings.capacityWait().isZero() ? Duration.ofMinutes(10) : settings.capacityWait();
        // a block may be hours from its start: poll at most every 5 minutes
        return poller(wait, Duration.ofMinutes(5)).await("capacity reservation " + r.reservationId() + " to become active (starts "
                        + r.start().map(Instant::toString).orElse("now") + ")",
                () -> describeReservation(r.reservationId()),
                x -> switch (x.state()) {
                    case "active" -> Poller.State.done();
                    case "expired", "cancelled", "failed", "payment-failed" -> Poller.State.failed("the reservation is " + x.state());
                    default -> Poller.State.waiting(x.state() + x.start().map(s -> " until " + s).orElse(""));
                });
    }

    /**
     * Buys a Capacity Block at most once: the purchase carries a unique tag, and a retried attempt (after a
     * throttle or lost answer) first looks for a reservation with that tag.
     */
    CapacityReservation purchase(CapacityBlockOffering o) {
        String token = UUID.randomUUID().toString();
        int[] attempts = {0};
        var r = ec2.call("PurchaseCapacityBlock", c -> {
            if (attempts[0]++ > 0) {
                var existing = c.describeCapacityReservations(b -> b.filters(Filter.builder().name("tag:" + PURCHASE_TAG).values(token).build()))
                        .capacityReservations();
                if (!existing.isEmpty()) {
                    return existing.get(0);
                }
            }
            return c.purchaseCapacityBlock(b -> b.capacityBlockOfferingId(o.offeringId())
                    .instancePlatform(CapacityReservationInstancePlatform.LINUX_UNIX)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.CAPACITY_RESERVATION)
                            .tags(Tag.builder().key(PURCHASE_TAG).value(token).build(), Tag.builder().key(CLUSTER_TAG).value(clusterId).build())
                            .build())).capacityReservation();
        });
        LOG.warn("purchased Capacity Block {} ({} {}): it cannot be cancelled; it is {} and runs from {} to {}", r.capacityReservationId(),
                o.upfrontFee().toPlainString(), o.currency(), r.stateAsString(), r.startDate(), r.endDate());
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

    private Filter ourTag() {
        return Filter.builder().name("tag:" + CLUSTER_TAG).values(clusterId).build();
    }

    /**
     * After a create whose earlier attempt may have succeeded (its answer lost), EC2 answers a duplicate: adopt the
     * existing resource when it carries this cluster's tag, else rethrow.
     */
    private static <T> T adopt(TraeServiceException e, String code, Supplier<Optional<T>> find) {
        if (e.errorCode().filter(code::equals).isEmpty()) {
            throw e;
        }
        Optional<T> mine = find.get();
        if (mine.isEmpty()) {
            throw e;
        }
        LOG.info("adopting the resource an earlier attempt created ({}): {}", code, mine.get());
        return mine.get();
    }

    private void createPlacementGroup() {
        try {
            ec2.call("CreatePlacementGroup", c -> c.createPlacementGroup(b -> b.groupName(clusterId)
                    .strategy(PlacementStrategy.CLUSTER).tagSpecifications(tags(ResourceType.PLACEMENT_GROUP))));
        } catch (TraeServiceException e) {
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreatePlacementGroup.html (no ClientToken)
            adopt(e, "InvalidPlacementGroup.Duplicate", () -> ec2.call("DescribePlacementGroups", Idempotency.IDEMPOTENT,
                    c -> c.describePlacementGroups(b -> b.filters(ourTag(), Filter.builder().name("group-name").values(clusterId).build())))
                    .placementGroups().stream().findFirst());
        }
        placementGroup = clusterId;
    }

    private void createSecurityGroup() {
        try {
            securityGroupId = ec2.call("CreateSecurityGroup", c -> c.createSecurityGroup(b -> {
                b.groupName(clusterId).description("Trae UltraCluster " + clusterId + ": EFA traffic within the group")
                        .tagSpecifications(tags(ResourceType.SECURITY_GROUP));
                spec.vpcId().ifPresent(b::vpcId);
            })).groupId();
        } catch (TraeServiceException e) {
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (no ClientToken)
            securityGroupId = adopt(e, "InvalidGroup.Duplicate", () -> ec2.call("DescribeSecurityGroups", Idempotency.IDEMPOTENT,
                    c -> c.describeSecurityGroups(b -> b.filters(ourTag(), Filter.builder().name("group-name").values(clusterId).build())))
                    .securityGroups().stream().findFirst()).groupId();
        }
        IpPermission self = IpPermission.builder().ipProtocol("-1")
                .userIdGroupPairs(UserIdGroupPair.builder().groupId(securityGroupId).build()).build();
        authorize("AuthorizeSecurityGroupIngress", () -> ec2.call("AuthorizeSecurityGroupIngress",
                c -> c.authorizeSecurityGroupIngress(b -> b.groupId(securityGroupId).ipPermissions(self))));
        authorize("AuthorizeSecurityGroupEgress", () -> ec2.call("AuthorizeSecurityGroupEgress",
                c -> c.authorizeSecurityGroupEgress(b -> b.groupId(securityGroupId).ipPermissions(self))));
    }

    /** A rule an earlier attempt already added answers InvalidPermission.Duplicate: the rule is there. */
    private static void authorize(String op, Runnable call) {
        try {
            call.run();
        } catch (TraeServiceException e) {
            if (e.errorCode().filter("InvalidPermission.Duplicate"::equals).isEmpty()) {
                throw e;
            }
            LOG.info("{}: the rule already exists (an earlier attempt added it)", op);
        }
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
        // ClientToken: a repeat after a lost answer returns the same instances.
        // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html
        try {
            ec2.call("RunInstances", Idempotency.IDEMPOTENT, c -> c.runInstances(req)).instances().forEach(i -> instanceIds.add(i.instanceId()));
        } catch (TraeServiceException e) {
            adopt(e, "IdempotentParameterMismatch", () -> {
                List<String> mine = new ArrayList<>();
                ec2.call("DescribeInstances", Idempotency.IDEMPOTENT, c -> c.describeInstances(x -> x.filters(ourTag(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build())))
                        .reservations().forEach(r -> r.instances().forEach(i -> mine.add(i.instanceId())));
                return mine.isEmpty() ? Optional.empty() : Optional.of(mine);
            }).forEach(instanceIds::add);
        }
    }

    private static List<List<String>> batches(List<String> ids, int size) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += size) {
            out.add(ids.subList(i, Math.min(ids.size(), i + size)));
        }
        return out;
    }

    /** Instance states; null while EC2 does not know an id yet (eventual consistency right after RunInstances). */
    private Map<String, String> instanceStates(List<String> ids) {
        Map<String, String> states = new LinkedHashMap<>();
        try {
            for (List<String> batch : batches(ids, DESCRIBE_BATCH)) {
                ec2.call("DescribeInstances", Idempotency.IDEMPOTENT, c -> c.describeInstances(b -> b.instanceIds(batch))).reservations()
                        .forEach(res -> res.instances().forEach(i -> states.put(i.instanceId(), i.state().nameAsString())));
            }
        } catch (TraeServiceException e) {
            // https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
            if (e.errorCode().filter("InvalidInstanceID.NotFound"::equals).isPresent()) {
                return null;
            }
            throw e;
        }
        return states;
    }

    private void waitRunning() {
        List<String> ids = instanceIds();
        poller(settings.readyTimeout()).await("instances of " + clusterId + " to run", () -> instanceStates(ids), states -> {
            if (states == null) {
                return Poller.State.waiting("not yet visible to DescribeInstances");
            }
            if (states.values().stream().anyMatch(s -> s.equals("terminated") || s.equals("shutting-down") || s.equals("stopped"))) {
                throw new TraeClientException("instances stopped or terminated while starting: " + states);
            }
            return states.size() == ids.size() && states.values().stream().allMatch("running"::equals)
                    ? Poller.State.done() : Poller.State.waiting(states.toString());
        });
    }

    private void waitStatusChecks() {
        List<String> ids = instanceIds();
        poller(settings.readyTimeout()).await("status checks of " + clusterId, () -> {
            List<InstanceStatus> st = new ArrayList<>();
            for (List<String> batch : batches(ids, DESCRIBE_BATCH)) {
                st.addAll(ec2.call("DescribeInstanceStatus", Idempotency.IDEMPOTENT,
                        c -> c.describeInstanceStatus(b -> b.instanceIds(batch).includeAllInstances(true))).instanceStatuses());
            }
            return st;
        }, st -> {
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
            return ok == ids.size() ? Poller.State.done() : Poller.State.waiting(ok + " of " + ids.size() + " passed");
        });
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
            List<String> ids = instanceIds();
            long seconds = Math.max(30, Math.min(172_800, timeout.toSeconds()));
            Map<String, String> commandOf = new LinkedHashMap<>();
            for (List<String> batch : batches(ids, SEND_COMMAND_BATCH)) {
                String commandId = ssm.call("SendCommand", c -> c.sendCommand(b -> b.documentName("AWS-RunShellScript")
                        .instanceIds(batch).parameters(Map.of("commands", List.copyOf(commands))).timeoutSeconds((int) seconds)
                        .comment("Trae UltraCluster " + clusterId))).command().commandId();
                batch.forEach(id -> commandOf.put(id, commandId));
            }
            Map<String, CommandResult> out = new LinkedHashMap<>();
            try {
                poller(timeout).await("command on " + ids.size() + " instances of " + clusterId, () -> {
                    for (String id : ids) {
                        if (!out.containsKey(id)) {
                            poll(commandOf.get(id), id).ifPresent(r -> out.put(id, r));
                        }
                    }
                    return out.size();
                }, n -> n == ids.size() ? Poller.State.done() : Poller.State.waiting(n + " of " + ids.size() + " finished"));
            } catch (TraeTimeoutException e) {
                ids.stream().filter(id -> !out.containsKey(id)).forEach(id -> out.put(id, new CommandResult(id, "TimedOut", -1, "", "")));
            }
            Map<String, CommandResult> ordered = new LinkedHashMap<>();
            ids.forEach(id -> ordered.put(id, out.get(id)));
            enter(ClusterState.READY);
            return ordered;
        } catch (RuntimeException e) {
            if (!closing) {
                enter(ClusterState.READY);
            }
            throw e;
        }
    }

    private Optional<CommandResult> poll(String commandId, String id) {
        GetCommandInvocationResponse r;
        try {
            r = ssm.call("GetCommandInvocation", Idempotency.IDEMPOTENT, c -> c.getCommandInvocation(b -> b.commandId(commandId).instanceId(id)));
        } catch (TraeServiceException e) {
            if (e.errorCode().filter("InvocationDoesNotExist"::equals).isPresent()) {
                return Optional.empty(); // not registered yet right after SendCommand: poll again
            }
            throw e;
        }
        String st = r.statusAsString();
        if (List.of("Success", "Failed", "Cancelled", "TimedOut").contains(st)) {
            return Optional.of(new CommandResult(id, st, r.responseCode() == null ? -1 : r.responseCode(),
                    nz(r.standardOutputContent()), nz(r.standardErrorContent())));
        }
        return Optional.empty();
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
            boolean nothingTracked = instanceIds.isEmpty() && placementGroup == null && securityGroupId == null && createdReservationId == null;
            if (state == ClusterState.TERMINATED && nothingTracked) {
                return List.of();
            }
            if (nothingTracked && !history.contains(ClusterState.RESERVING_CAPACITY)) {
                enter(ClusterState.TERMINATED); // failed before any create call: nothing can exist
                return List.of();
            }
            boolean mayHaveUntracked = history.contains(ClusterState.LAUNCHING_INSTANCES) && instanceIds.isEmpty();
            boolean wasInterrupted = Thread.interrupted();
            enter(ClusterState.TEARING_DOWN);
            try {
                ClusterTeardown.Outcome o = teardown().run(new LinkedHashSet<>(instanceIds()), setOf(placementGroup), setOf(securityGroupId),
                        setOf(createdReservationId), mayHaveUntracked);
                Set<String> stillInstances = Set.of(o.checkpoint().get("instances").split(","));
                instanceIds.removeIf(id -> !stillInstances.contains(id));
                if (!o.checkpoint().get("placementGroups").contains(String.valueOf(placementGroup))) {
                    placementGroup = null;
                }
                if (!o.checkpoint().get("securityGroups").contains(String.valueOf(securityGroupId))) {
                    securityGroupId = null;
                }
                if (!o.checkpoint().get("reservations").contains(String.valueOf(createdReservationId))) {
                    createdReservationId = null;
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
        return "UltraCluster[" + clusterId + " " + state + ", instances=" + instanceIds() + ", pg=" + placementGroup + ", sg="
                + securityGroupId + (reservation != null ? ", reservation=" + reservation.reservationId() : "")
                + (deadline != null ? ", teardown by " + deadline : "") + "]";
    }
}
