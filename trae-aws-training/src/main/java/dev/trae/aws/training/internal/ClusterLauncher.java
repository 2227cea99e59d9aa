package dev.trae.aws.training.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.training.Capacity;
import dev.trae.aws.training.UltraClusterSpec;
import dev.trae.aws.training.model.CapacityBlockOffering;
import dev.trae.aws.training.model.CapacityReservation;
import dev.trae.aws.training.model.ClusterState;
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

/**
 * The launch steps of one UltraCluster, in order: check the instance type (EFA), resolve the AMI, reserve
 * capacity (and wait until it is active), create the placement group and security group, run the instances,
 * wait until they run and pass their status checks. Every step records what it created in the cluster's
 * {@link ClusterResources}, tags it with the cluster id, and survives a lost answer (client tokens, or adoption
 * of the tagged resource on a duplicate). It never tears down: on a failure the handle does. Not API.
 */
public final class ClusterLauncher {
    /** The tag that makes a retried Capacity Block purchase find the reservation an earlier attempt bought. */
    public static final String PURCHASE_TAG = "trae:purchase-token";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);

    /** How the launcher reports and checks the cluster's lifecycle. */
    public interface Control {
        /** Enters a launch step. */
        void enter(ClusterState step);

        /** Throws when the launch must stop (teardown started, interrupted, the capacity's expiry guard passed). */
        void checkGoing();

        /** Whether waits should stop polling. */
        boolean cancelled();
    }

    private final UltraClusterSpec spec;
    private final String clusterId;
    private final String tagKey;
    private final ServiceClient<Ec2Client> ec2;
    private final ServiceClient<SsmClient> ssm;
    private final ClusterSettings settings;
    private final ClusterResources resources;
    private final Control control;

    public ClusterLauncher(UltraClusterSpec spec, String clusterId, String tagKey, ServiceClient<Ec2Client> ec2, ServiceClient<SsmClient> ssm,
                           ClusterSettings settings, ClusterResources resources, Control control) {
        this.spec = spec;
        this.clusterId = clusterId;
        this.tagKey = tagKey;
        this.ec2 = ec2;
        this.ssm = ssm;
        this.settings = settings;
        this.resources = resources;
        this.control = control;
    }

    /** Checks what can be checked before any call (an On-Demand reservation's zone, a Capacity Block's start and end). */
    public void checkBeforeAnyCall() {
        if (spec.capacity().kind() == Capacity.Kind.ON_DEMAND_RESERVATION && spec.availabilityZone().isEmpty()) {
            throw new TraeValidationException("availabilityZone", "an On-Demand Capacity Reservation needs the availability zone");
        }
        spec.capacity().offering().ifPresent(this::refuseIfStartsTooLate);
    }

    /** Runs every launch step up to passed status checks; the cluster is then ready. */
    public void launch() {
        control.enter(ClusterState.CHECKING_INSTANCE_TYPE);
        int efaCount = efaInterfaces();
        control.checkGoing();
        control.enter(ClusterState.RESOLVING_AMI);
        String ami = spec.amiId().orElseGet(() -> ssm.call("GetParameter", Idempotency.IDEMPOTENT,
                c -> c.getParameter(b -> b.name(spec.amiParameter()))).parameter().value());
        if (ami == null || !ami.matches("ami-[0-9a-f]{8,17}")) {
            throw new TraeClientException("SSM parameter " + spec.amiParameter() + " does not hold an AMI id");
        }
        control.checkGoing();
        control.enter(ClusterState.RESERVING_CAPACITY);
        reserve();
        CapacityReservation reservation = resources.reservation().orElse(null);
        if (reservation != null && !"active".equals(reservation.state())) {
            control.enter(ClusterState.WAITING_FOR_CAPACITY);
            reservation = awaitActive(reservation);
            resources.reservation(reservation);
        }
        if (reservation != null) {
            checkFits(reservation);
            armExpiry(reservation);
        }
        control.checkGoing();
        control.enter(ClusterState.CREATING_PLACEMENT_GROUP);
        createPlacementGroup();
        control.checkGoing();
        control.enter(ClusterState.CREATING_SECURITY_GROUP);
        createSecurityGroup();
        control.checkGoing();
        control.enter(ClusterState.LAUNCHING_INSTANCES);
        runInstances(ami, efaCount);
        control.checkGoing();
        control.enter(ClusterState.WAITING_FOR_RUNNING);
        waitRunning();
        control.enter(ClusterState.WAITING_FOR_STATUS_CHECKS);
        waitStatusChecks();
        control.checkGoing();
    }

    /**
     * A Capacity Block has no usable capacity before its start date: refuse before buying when launch would
     * have to wait longer than {@code capacityWait} for it.
     */
    private void refuseIfStartsTooLate(CapacityBlockOffering o) {
        Instant now = settings.clock().instant();
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
                resources.createdReservationId(r.capacityReservationId());
                resources.reservation(Ec2Models.toModel(r));
                return;
            }
            case EXISTING_RESERVATION: {
                String id = c.reservationId().orElseThrow();
                CapacityReservation reservation = describeReservation(id);
                resources.reservation(reservation);
                if (!"active".equals(reservation.state()) && reservation.start().isPresent()) {
                    Instant start = reservation.start().get();
                    Instant now = settings.clock().instant();
                    if (start.isAfter(now.plus(settings.capacityWait()))) {
                        throw new TraeValidationException("capacity", "reservation " + id + " is " + reservation.state() + " and starts at " + start
                                + "; launch at " + start + " or let launch wait with capacityWait(" + Duration.between(now, start).withNanos(0)
                                + " or more)");
                    }
                }
                return;
            }
            case PURCHASE_CAPACITY_BLOCK:
                resources.reservation(purchase(c.offering().orElseThrow()));
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
        return Ec2Models.toModel(list.get(0));
    }

    /**
     * Waits until a reservation is {@code active}: a Capacity Block is {@code payment-pending}, then
     * {@code scheduled} until its start date (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-view.html).
     */
    private CapacityReservation awaitActive(CapacityReservation r) {
        Duration wait = settings.capacityWait().isZero() ? Duration.ofMinutes(10) : settings.capacityWait();
        // a block may be hours from its start: poll at most every 5 minutes
        return settings.poller(wait, Duration.ofMinutes(5), control::cancelled).await("capacity reservation " + r.reservationId()
                        + " to become active (starts " + r.start().map(Instant::toString).orElse("now") + ")",
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
    public CapacityReservation purchase(CapacityBlockOffering o) {
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
                            .tags(Tag.builder().key(PURCHASE_TAG).value(token).build(), Tag.builder().key(tagKey).value(clusterId).build())
                            .build())).capacityReservation();
        });
        LOG.warn("purchased Capacity Block {} ({} {}): it cannot be cancelled; it is {} and runs from {} to {}", r.capacityReservationId(),
                o.upfrontFee().toPlainString(), o.currency(), r.stateAsString(), r.startDate(), r.endDate());
        return Ec2Models.toModel(r);
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
            if (!settings.clock().instant().isBefore(d)) {
                throw new TraeValidationException("capacity", "reservation " + r.reservationId() + " ends at " + end
                        + ", within the expiry margin of " + settings.expiryMargin() + "; too late to launch");
            }
            resources.deadline(d);
        });
    }

    private Filter ourTag() {
        return Filter.builder().name("tag:" + tagKey).values(clusterId).build();
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
        resources.placementGroup(clusterId);
    }

    private void createSecurityGroup() {
        String groupId;
        try {
            groupId = ec2.call("CreateSecurityGroup", c -> c.createSecurityGroup(b -> {
                b.groupName(clusterId).description("Trae UltraCluster " + clusterId + ": EFA traffic within the group")
                        .tagSpecifications(tags(ResourceType.SECURITY_GROUP));
                spec.vpcId().ifPresent(b::vpcId);
            })).groupId();
        } catch (TraeServiceException e) {
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (no ClientToken)
            groupId = adopt(e, "InvalidGroup.Duplicate", () -> ec2.call("DescribeSecurityGroups", Idempotency.IDEMPOTENT,
                    c -> c.describeSecurityGroups(b -> b.filters(ourTag(), Filter.builder().name("group-name").values(clusterId).build())))
                    .securityGroups().stream().findFirst()).groupId();
        }
        resources.securityGroupId(groupId);
        IpPermission self = IpPermission.builder().ipProtocol("-1")
                .userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).build()).build();
        String sg = groupId;
        authorize("AuthorizeSecurityGroupIngress", () -> ec2.call("AuthorizeSecurityGroupIngress",
                c -> c.authorizeSecurityGroupIngress(b -> b.groupId(sg).ipPermissions(self))));
        authorize("AuthorizeSecurityGroupEgress", () -> ec2.call("AuthorizeSecurityGroupEgress",
                c -> c.authorizeSecurityGroupEgress(b -> b.groupId(sg).ipPermissions(self))));
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
        CapacityReservation reservation = resources.reservation().orElse(null);
        String securityGroupId = resources.securityGroupId().orElseThrow();
        RunInstancesRequest.Builder b = RunInstancesRequest.builder().imageId(ami).instanceType(spec.instanceType())
                .minCount(spec.instanceCount()).maxCount(spec.instanceCount()).clientToken(clusterId + "-run")
                .placement(p -> p.groupName(resources.placementGroup().orElseThrow()).availabilityZone(reservation != null
                        ? reservation.availabilityZone() : spec.availabilityZone().orElse(null)))
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
            ec2.call("RunInstances", Idempotency.IDEMPOTENT, c -> c.runInstances(req)).instances().forEach(i -> resources.addInstance(i.instanceId()));
        } catch (TraeServiceException e) {
            adopt(e, "IdempotentParameterMismatch", () -> {
                List<String> mine = new ArrayList<>();
                ec2.call("DescribeInstances", Idempotency.IDEMPOTENT, c -> c.describeInstances(x -> x.filters(ourTag(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build())))
                        .reservations().forEach(r -> r.instances().forEach(i -> mine.add(i.instanceId())));
                return mine.isEmpty() ? Optional.empty() : Optional.of(mine);
            }).forEach(resources::addInstance);
        }
    }

    /** Instance states; null while EC2 does not know an id yet (eventual consistency right after RunInstances). */
    private Map<String, String> instanceStates(List<String> ids) {
        Map<String, String> states = new LinkedHashMap<>();
        try {
            for (List<String> batch : ClusterSettings.batches(ids, ClusterSettings.DESCRIBE_BATCH)) {
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
        List<String> ids = resources.instanceIds();
        settings.poller(settings.readyTimeout(), control::cancelled).await("instances of " + clusterId + " to run", () -> instanceStates(ids), states -> {
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
        List<String> ids = resources.instanceIds();
        settings.poller(settings.readyTimeout(), control::cancelled).await("status checks of " + clusterId, () -> {
            List<InstanceStatus> st = new ArrayList<>();
            for (List<String> batch : ClusterSettings.batches(ids, ClusterSettings.DESCRIBE_BATCH)) {
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
        t.add(Tag.builder().key(tagKey).value(clusterId).build());
        t.add(Tag.builder().key("Name").value(clusterId).build());
        spec.tags().forEach((k, v) -> t.add(Tag.builder().key(k).value(v).build()));
        return List.of(TagSpecification.builder().resourceType(type).tags(t).build());
    }
}
