package dev.trae.testkit.aws.ec2;

import dev.trae.testkit.wire.Xml;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.SdkModelCheck;

/**
 * Trae Local fake of the EC2 operations an UltraCluster needs, speaking the real EC2 Query protocol:
 * form-encoded {@code POST /} with {@code Action=...}, XML answers in the EC2 namespace and XML errors.
 * It keeps placement groups, security groups, capacity offerings and reservations, and instances that
 * move {@code pending -> running} and through status checks as they are described. Thread-safe.
 *
 * <p>It behaves as the EC2 API reference says, not as a client would like:
 * <ul>
 *   <li>A purchased Capacity Block is {@code payment-pending}, then {@code scheduled} (no usable capacity,
 *       available count 0) until its start date, {@code active} until its end date, then {@code expired};
 *       offerings start {@link #capacityBlockLeadTime(Duration) in the future}. Time is the fake's
 *       {@link #clock(Clock) clock}. Launching into a block that is not active is refused.
 *       (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-using.html,
 *       https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-view.html)</li>
 *   <li>{@code ClientToken} makes RunInstances and CreateCapacityReservation idempotent; the same token with
 *       other parameters answers {@code IdempotentParameterMismatch}
 *       (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html).</li>
 *   <li>CreatePlacementGroup and CreateSecurityGroup have no client token: a repeat answers
 *       {@code InvalidPlacementGroup.Duplicate} / {@code InvalidGroup.Duplicate}; a repeated ingress or egress
 *       rule answers {@code InvalidPermission.Duplicate}
 *       (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). Both groups carry the
 *       tags of their {@code TagSpecification} and are found by {@code tag:} filters.</li>
 *   <li>With {@link #eventualConsistency(int)} (off by default), an instance is not visible for the first
 *       describes after RunInstances and answers {@code InvalidInstanceID.NotFound}
 *       (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html).</li>
 *   <li>DescribeInstanceStatus takes at most 100 explicit instance ids
 *       (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceStatus.html).</li>
 * </ul>
 *
 * <p>The fake is installed as a Query route of its server, so the server's {@code faults()} target single
 * actions ({@code server.faults().next("CreatePlacementGroup", 1, Fault.afterCommit())}); per-action faults
 * with EC2 XML errors are set through {@link #faults()} of this fake.
 *
 * <pre>{@code
 * Ec2Fake ec2 = local.fake("ec2", new Ec2Fake());
 * ec2.faults().failNext("RunInstances", 1, 400, "InsufficientInstanceCapacity");
 * ...
 * assertThat(ec2.leftovers()).isEmpty();
 * }</pre>
 */
public final class Ec2Fake implements FakeService {
    /** The XML namespace of EC2 answers. */
    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    /** The fake account id. */
    public static final String ACCOUNT = "123456789012";

    /** An instance type the fake knows, with its EFA limits. */
    public record InstanceTypeInfo(String instanceType, boolean efaSupported, int maximumEfaInterfaces, int maximumNetworkCards,
                                   double hourlyUsd) {
    }

    /** An instance as the fake keeps it. */
    public static final class Instance {
        final String id;
        final String type;
        final String imageId;
        final String placementGroup;
        final String reservationId;
        final String capacityReservationId;
        final List<String> efaInterfaces;
        final List<String> securityGroups;
        final String privateIp;
        final Map<String, String> tags = new ConcurrentHashMap<>();
        final Instant launched;
        volatile String state = "pending";
        volatile int hiddenFor;
        volatile int describes;
        volatile int statusChecks;
        volatile boolean impaired;

        Instance(String id, String type, String imageId, String placementGroup, String reservationId,
                 String capacityReservationId, List<String> efaInterfaces, List<String> securityGroups, String privateIp, Instant launched) {
            this.launched = launched;
            this.id = id;
            this.type = type;
            this.imageId = imageId;
            this.placementGroup = placementGroup;
            this.reservationId = reservationId;
            this.capacityReservationId = capacityReservationId;
            this.efaInterfaces = efaInterfaces;
            this.securityGroups = securityGroups;
            this.privateIp = privateIp;
        }

        public String id() {
            return id;
        }

        public String state() {
            return state;
        }

        public String instanceType() {
            return type;
        }

        public String placementGroup() {
            return placementGroup;
        }

        public String capacityReservationId() {
            return capacityReservationId;
        }

        /** Interface types of the network interfaces, such as {@code efa}. */
        public List<String> interfaceTypes() {
            return List.copyOf(efaInterfaces);
        }

        public List<String> securityGroups() {
            return List.copyOf(securityGroups);
        }

        public String imageId() {
            return imageId;
        }

        public Map<String, String> tags() {
            return Map.copyOf(tags);
        }
    }

    private record SecurityGroup(String id, String name, String vpcId, List<String> ingressSources, List<String> egressSources,
                                 Map<String, String> tags) {
    }

    private record PlacementGroup(String id, String name, String strategy, Map<String, String> tags) {
    }

    private static final class Reservation {
        final String id;
        final String type;
        final String instanceType;
        final String az;
        final int total;
        final Instant start;
        final Instant end;
        final String reservationType;
        final Map<String, String> tags;
        volatile int available;
        volatile String state;
        volatile int paymentDescribes;

        Reservation(String id, String type, String instanceType, String az, int total, Instant start, Instant end,
                    String reservationType, Map<String, String> tags, String state) {
            this.id = id;
            this.type = type;
            this.instanceType = instanceType;
            this.az = az;
            this.total = total;
            this.available = total;
            this.start = start;
            this.end = end;
            this.reservationType = reservationType;
            this.tags = tags;
            this.state = state;
        }
    }

    private record Offering(String id, String instanceType, String az, int count, Instant start, Instant end, int hours, String fee) {
    }

    /** Per-action faults with EC2 XML errors. Thread-safe. */
    public static final class Ec2Faults {
        private final List<Rule> rules = new ArrayList<>();

        private static final class Rule {
            final String action;
            final int status;
            final String code;
            final boolean afterCommit;
            int remaining;

            Rule(String action, int status, String code, boolean afterCommit, int remaining) {
                this.action = action;
                this.status = status;
                this.code = code;
                this.afterCommit = afterCommit;
                this.remaining = remaining;
            }
        }

        /** The next {@code times} calls of {@code action} ("*" = any) fail with an EC2 error, before doing anything. */
        public synchronized Ec2Faults failNext(String action, int times, int status, String code) {
            rules.add(new Rule(Objects.requireNonNull(action), status, Objects.requireNonNull(code), false, times));
            return this;
        }

        /** The next {@code times} calls of {@code action} are throttled ({@code RequestLimitExceeded}, HTTP 503). */
        public Ec2Faults throttleNext(String action, int times) {
            return failNext(action, times, 503, "RequestLimitExceeded");
        }

        /**
         * The next {@code times} calls of {@code action} take effect, then answer with an error as if the
         * response had been lost: a retry must not create a duplicate.
         */
        public synchronized Ec2Faults failAfterCommit(String action, int times, int status, String code) {
            rules.add(new Rule(Objects.requireNonNull(action), status, Objects.requireNonNull(code), true, times));
            return this;
        }

        public synchronized void clear() {
            rules.clear();
        }

        synchronized Rule take(String action, boolean afterCommit) {
            for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
                Rule r = it.next();
                if (r.afterCommit == afterCommit && (r.action.equals("*") || r.action.equals(action))) {
                    if (--r.remaining <= 0) {
                        it.remove();
                    }
                    return r;
                }
            }
            return null;
        }
    }

    private final Map<String, InstanceTypeInfo> types = new ConcurrentHashMap<>();
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Map<String, PlacementGroup> placementGroups = new ConcurrentHashMap<>();
    private final Map<String, SecurityGroup> securityGroups = new ConcurrentHashMap<>();
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();
    private final Map<String, Offering> offerings = new ConcurrentHashMap<>();
    private final Map<String, List<String>> clientTokens = new ConcurrentHashMap<>();
    private final Set<String> impairNext = ConcurrentHashMap.newKeySet();
    private final AtomicInteger impairCount = new AtomicInteger();
    private final AtomicInteger seq = new AtomicInteger(1);
    private final Ec2Faults faults = new Ec2Faults();
    private final List<String> actions = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile int pendingDescribes = 1;
    private volatile int initializingChecks = 1;
    private volatile String availabilityZone = "us-east-1a";
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration leadTime = Duration.ofHours(2);
    private volatile int paymentPendingDescribes = 1;
    private volatile int eventualConsistency;

    /** A fake with the Trainium and common GPU types. */
    public Ec2Fake() {
        instanceType(new InstanceTypeInfo("trn1.2xlarge", false, 0, 1, 1.34));
        instanceType(new InstanceTypeInfo("trn1.32xlarge", true, 8, 8, 21.50));
        instanceType(new InstanceTypeInfo("trn1n.32xlarge", true, 16, 16, 24.78));
        instanceType(new InstanceTypeInfo("trn2.48xlarge", true, 16, 16, 44.70));
        instanceType(new InstanceTypeInfo("p4d.24xlarge", true, 4, 4, 32.77));
        instanceType(new InstanceTypeInfo("p5.48xlarge", true, 32, 32, 98.32));
        instanceType(new InstanceTypeInfo("g5.2xlarge", false, 0, 1, 1.21));
    }

    @Override
    public void install(FakeAwsServer server) {
        server.query("/", this::handle);
    }

    // ------------------------------------------------------------------ configuration and state

    /** Adds or replaces an instance type. */
    public Ec2Fake instanceType(InstanceTypeInfo info) {
        types.put(info.instanceType(), info);
        return this;
    }

    /** How many describe calls an instance stays {@code pending} (default 1). */
    public Ec2Fake pendingDescribes(int n) {
        this.pendingDescribes = n;
        return this;
    }

    /** How many status-check calls a running instance reports {@code initializing} (default 1). */
    public Ec2Fake initializingChecks(int n) {
        this.initializingChecks = n;
        return this;
    }

    /** The next {@code n} instances launched fail their instance status check ({@code impaired}). */
    public Ec2Fake impairNextInstances(int n) {
        impairCount.set(n);
        return this;
    }

    /** The clock of Capacity Block start and end dates (tests share a {@link ManualClock} with the client). */
    public Ec2Fake clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /**
     * How far in the future the earliest Capacity Block offering starts (default 2 hours). AWS offers blocks
     * that start in the future (at 11:30 UTC of a day); a purchased block has no usable capacity before then.
     */
    public Ec2Fake capacityBlockLeadTime(Duration d) {
        this.leadTime = Objects.requireNonNull(d);
        return this;
    }

    /** How many DescribeCapacityReservations answers show a purchased block as {@code payment-pending} (default 1). */
    public Ec2Fake paymentPendingDescribes(int n) {
        this.paymentPendingDescribes = n;
        return this;
    }

    /**
     * Eventual consistency (0, the default, switches it off): each new instance is invisible to the next
     * {@code describes} requests that name or filter it after RunInstances; naming it answers
     * {@code InvalidInstanceID.NotFound}, as EC2 documents for the moments after RunInstances.
     */
    public Ec2Fake eventualConsistency(int describes) {
        this.eventualConsistency = describes;
        return this;
    }

    public Ec2Fake availabilityZone(String az) {
        this.availabilityZone = az;
        return this;
    }

    /** Per-action EC2 faults. */
    public Ec2Faults faults() {
        return faults;
    }

    /** The actions received, in order (faulted ones included). */
    public List<String> actions() {
        synchronized (actions) {
            return List.copyOf(actions);
        }
    }

    public List<Instance> instances() {
        return List.copyOf(instances.values());
    }

    /** Instances not yet terminated. */
    public List<Instance> liveInstances() {
        return instances.values().stream().filter(i -> !i.state.equals("terminated")).toList();
    }

    public Set<String> placementGroups() {
        return Set.copyOf(placementGroups.keySet());
    }

    /** The state of a capacity reservation now, as DescribeCapacityReservations would show it (no describe counted). */
    public String reservationState(String id) {
        Reservation r = reservations.get(id);
        return r == null ? "unknown" : stateOf(r);
    }

    public Set<String> securityGroupIds() {
        return Set.copyOf(securityGroups.keySet());
    }

    /** Ids of capacity reservations that are not cancelled or expired, with their type ("default" or "capacity-block"). */
    public Map<String, String> activeReservations() {
        Map<String, String> out = new TreeMap<>();
        reservations.values().stream().filter(r -> List.of("active", "scheduled", "payment-pending", "pending").contains(stateOf(r)))
                .forEach(r -> out.put(r.id, r.reservationType));
        return out;
    }

    /**
     * Everything still holding resources that a client could have deleted: live instances, placement
     * groups, security groups and On-Demand Capacity Reservations. Purchased Capacity Blocks are not
     * listed: they cannot be cancelled and end at their end time.
     */
    public List<String> leftovers() {
        List<String> out = new ArrayList<>();
        liveInstances().forEach(i -> out.add("instance " + i.id + " (" + i.state + ")"));
        placementGroups.keySet().forEach(g -> out.add("placement group " + g));
        securityGroups.keySet().forEach(g -> out.add("security group " + g));
        reservations.values().stream().filter(r -> r.reservationType.equals("default") && (r.state.equals("active") || r.state.equals("pending")))
                .forEach(r -> out.add("capacity reservation " + r.id));
        return out;
    }

    /** Forgets all resources (types stay). */
    public void clear() {
        instances.clear();
        placementGroups.clear();
        securityGroups.clear();
        reservations.clear();
        offerings.clear();
        clientTokens.clear();
        faults.clear();
        actions.clear();
        impairCount.set(0);
        impairNext.clear();
    }

    // ------------------------------------------------------------------ dispatch

    private FakeResponse handle(FakeRequest req) {
        Map<String, String> p = parseForm(req.bodyString());
        String action = p.getOrDefault("Action", "");
        actions.add(action);
        Ec2Faults.Rule before = faults.take(action, false);
        if (before != null) {
            return error(before.status, before.code, "injected fault for " + action + " (Trae Local)");
        }
        Optional<FakeResponse> invalid = checkAgainstSdkModel(action, p);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        FakeResponse resp;
        try {
            resp = dispatch(action, p);
        } catch (Ec2Error e) {
            return error(e.status, e.code, e.getMessage());
        }
        Ec2Faults.Rule after = faults.take(action, true);
        if (after != null) {
            return error(after.status, after.code, "injected fault after " + action + " took effect (Trae Local)");
        }
        return resp;
    }

    /**
     * Requests are checked against the AWS SDK's model of each action (enum values such as InstanceType or
     * PlacementStrategy) plus the required members and lengths of the API reference pages, answered as EC2 does
     * (MissingParameter / InvalidParameterValue, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
     * The SDK model classes are loaded by name: the EC2 SDK is on the class path of every test that drives an EC2 client.
     */
    private static final Map<String, Optional<SdkModelCheck>> CHECKS = Map.ofEntries(
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
            Map.entry("RunInstances", model("RunInstancesRequest").map(c -> c.required("MinCount", "MaxCount"))),
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (name and description up to 255)
            Map.entry("CreateSecurityGroup", model("CreateSecurityGroupRequest").map(c -> c.required("GroupName", "GroupDescription")
                    .length("GroupName", 1, 255).length("GroupDescription", 0, 255))),
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreatePlacementGroup.html (name up to 255)
            Map.entry("CreatePlacementGroup", model("CreatePlacementGroupRequest").map(c -> c.length("GroupName", 1, 255))),
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCapacityReservation.html
            Map.entry("CreateCapacityReservation", model("CreateCapacityReservationRequest").map(c -> c.required("InstanceCount", "InstancePlatform"))),
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_PurchaseCapacityBlock.html
            Map.entry("PurchaseCapacityBlock", model("PurchaseCapacityBlockRequest").map(c -> c.required("CapacityBlockOfferingId", "InstancePlatform"))),
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeCapacityBlockOfferings.html
            Map.entry("DescribeCapacityBlockOfferings", model("DescribeCapacityBlockOfferingsRequest").map(c -> c.required("CapacityDurationHours"))),
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html
            Map.entry("TerminateInstances", model("TerminateInstancesRequest").map(c -> c.required("InstanceId"))),
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CancelCapacityReservation.html
            Map.entry("CancelCapacityReservation", model("CancelCapacityReservationRequest").map(c -> c.required("CapacityReservationId"))),
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupEgress.html
            Map.entry("AuthorizeSecurityGroupEgress", model("AuthorizeSecurityGroupEgressRequest").map(c -> c.required("GroupId"))),
            Map.entry("AuthorizeSecurityGroupIngress", model("AuthorizeSecurityGroupIngressRequest")),
            Map.entry("DescribeInstances", model("DescribeInstancesRequest")),
            Map.entry("DescribeInstanceStatus", model("DescribeInstanceStatusRequest")),
            Map.entry("DescribeInstanceTypes", model("DescribeInstanceTypesRequest")),
            Map.entry("DescribeCapacityReservations", model("DescribeCapacityReservationsRequest")));

    private static Optional<SdkModelCheck> model(String simpleName) {
        try {
            return Optional.of(SdkModelCheck.of(Class.forName("software.amazon.awssdk.services.ec2.model." + simpleName)
                    .asSubclass(software.amazon.awssdk.core.SdkPojo.class)));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<FakeResponse> checkAgainstSdkModel(String action, Map<String, String> p) {
        Optional<FakeResponse> bad = CHECKS.getOrDefault(action, Optional.empty()).flatMap(c -> c.checkQuery(p));
        if (bad.isEmpty()) {
            return bad;
        }
        // SdkModelCheck answers a JSON error body; EC2 answers XML with the same code and message
        FakeResponse r = bad.get();
        String code = r.headers().getOrDefault("x-amzn-ErrorType", "InvalidParameterValue");
        String message;
        try {
            message = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("message").asText(code);
        } catch (java.io.IOException e) {
            message = code;
        }
        return Optional.of(error(r.status(), code, message));
    }

    private FakeResponse dispatch(String action, Map<String, String> p) {
        switch (action) {
            case "DescribeInstanceTypes": return describeInstanceTypes(p);
            case "CreatePlacementGroup": return createPlacementGroup(p);
            case "DeletePlacementGroup": return deletePlacementGroup(p);
            case "DescribeCapacityBlockOfferings": return describeOfferings(p);
            case "PurchaseCapacityBlock": return purchase(p);
            case "CreateCapacityReservation": return createReservation(p);
            case "CancelCapacityReservation": return cancelReservation(p);
            case "DescribeCapacityReservations": return describeReservations(p);
            case "CreateSecurityGroup": return createSecurityGroup(p);
            case "AuthorizeSecurityGroupIngress": return authorize(p, action, true);
            case "AuthorizeSecurityGroupEgress": return authorize(p, action, false);
            case "DeleteSecurityGroup": return deleteSecurityGroup(p);
            case "DescribeSecurityGroups": return describeSecurityGroups(p);
            case "DescribePlacementGroups": return describePlacementGroups(p);
            case "RunInstances": return runInstances(p);
            case "DescribeInstances": return describeInstances(p);
            case "DescribeInstanceStatus": return describeInstanceStatus(p);
            case "TerminateInstances": return terminateInstances(p);
            default:
                throw new Ec2Error(400, "InvalidAction", "The action " + action + " is not valid for this web service (Trae Local EC2 fake)");
        }
    }

    // ------------------------------------------------------------------ operations

    private FakeResponse describeInstanceTypes(Map<String, String> p) {
        List<String> wanted = list(p, "InstanceType");
        Xml x = new Xml().open("instanceTypeSet");
        for (String t : wanted.isEmpty() ? List.copyOf(types.keySet()) : wanted) {
            InstanceTypeInfo info = types.get(t);
            if (info == null) {
                throw new Ec2Error(400, "InvalidInstanceType", "The following supplied instance types do not exist: [" + t + "]");
            }
            x.open("item").el("instanceType", t).el("currentGeneration", true)
                    .open("networkInfo").el("maximumNetworkInterfaces", Math.max(1, info.maximumNetworkCards()) * 2)
                    .el("maximumNetworkCards", info.maximumNetworkCards()).el("efaSupported", info.efaSupported());
            if (info.efaSupported()) {
                x.open("efaInfo").el("maximumEfaInterfaces", info.maximumEfaInterfaces()).close("efaInfo");
            }
            x.close("networkInfo").close("item");
        }
        return ok("DescribeInstanceTypes", x.close("instanceTypeSet"));
    }

    private FakeResponse createPlacementGroup(Map<String, String> p) {
        String name = required(p, "GroupName");
        String strategy = p.getOrDefault("Strategy", "cluster");
        String id = "pg-" + hex(17);
        // CreatePlacementGroup has no ClientToken: a repeat of a request whose answer was lost is a Duplicate.
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreatePlacementGroup.html
        if (placementGroups.putIfAbsent(name, new PlacementGroup(id, name, strategy, tags(p))) != null) {
            throw new Ec2Error(400, "InvalidPlacementGroup.Duplicate", "The placement group '" + name + "' already exists.");
        }
        Xml x = new Xml().el("return", true).open("placementGroup").el("groupName", name).el("state", "available")
                .el("strategy", strategy).el("groupId", id).el("groupArn", "arn:aws:ec2:us-east-1:" + ACCOUNT + ":placement-group/" + name)
                .close("placementGroup");
        return ok("CreatePlacementGroup", x);
    }

    private FakeResponse deletePlacementGroup(Map<String, String> p) {
        String name = required(p, "GroupName");
        if (!placementGroups.containsKey(name)) {
            throw new Ec2Error(400, "InvalidPlacementGroup.Unknown", "The Placement Group '" + name + "' is unknown.");
        }
        if (instances.values().stream().anyMatch(i -> name.equals(i.placementGroup) && !i.state.equals("terminated"))) {
            throw new Ec2Error(400, "InvalidPlacementGroup.InUse", "The placement group '" + name + "' is in use and may not be deleted.");
        }
        placementGroups.remove(name);
        return ok("DeletePlacementGroup", new Xml().el("return", true));
    }

    private FakeResponse describeOfferings(Map<String, String> p) {
        String type = required(p, "InstanceType");
        int count = Integer.parseInt(p.getOrDefault("InstanceCount", "1"));
        int hours = Integer.parseInt(required(p, "CapacityDurationHours"));
        InstanceTypeInfo info = types.get(type);
        Xml x = new Xml().open("capacityBlockOfferingSet");
        if (info != null) {
            // Offerings start in the future; a block bought now is scheduled until then.
            // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-using.html
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant from = p.containsKey("StartDateRange") ? Instant.parse(p.get("StartDateRange")) : now;
            if (from.isBefore(now.plus(leadTime))) {
                from = now.plus(leadTime);
            }
            for (int k = 0; k < 2; k++) {
                Instant start = from.plus(Duration.ofHours(24L * k));
                Instant end = start.plus(Duration.ofHours(hours));
                if (p.containsKey("EndDateRange") && end.isAfter(Instant.parse(p.get("EndDateRange")))) {
                    continue;
                }
                String fee = String.format(java.util.Locale.ROOT, "%.2f", info.hourlyUsd() * count * hours * (k == 0 ? 1.0 : 1.1));
                Offering o = new Offering("cbr-" + hex(17), type, availabilityZone, count, start, end, hours, fee);
                offerings.put(o.id, o);
                x.open("item").el("capacityBlockOfferingId", o.id).el("instanceType", type).el("availabilityZone", o.az)
                        .el("instanceCount", count).el("startDate", o.start).el("endDate", o.end)
                        .el("capacityBlockDurationHours", hours).el("upfrontFee", fee).el("currencyCode", "USD")
                        .el("tenancy", "default").close("item");
            }
        }
        return ok("DescribeCapacityBlockOfferings", x.close("capacityBlockOfferingSet"));
    }

    private FakeResponse purchase(Map<String, String> p) {
        String id = required(p, "CapacityBlockOfferingId");
        required(p, "InstancePlatform");
        Offering o = offerings.remove(id);
        if (o == null) {
            throw new Ec2Error(400, "InvalidCapacityBlockOfferingId.NotFound", "The capacity block offering '" + id + "' does not exist or was already purchased.");
        }
        Map<String, String> tags = tags(p);
        // After PurchaseCapacityBlock the reservation is payment-pending, then scheduled until its start date,
        // active from then until its end date, then expired; it cannot be cancelled.
        // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-view.html
        Reservation r = new Reservation("cr-" + hex(17), "capacity-block", o.instanceType, o.az, o.count, o.start, o.end,
                "capacity-block", tags, "payment-pending");
        r.paymentDescribes = paymentPendingDescribes;
        reservations.put(r.id, r);
        return ok("PurchaseCapacityBlock", new Xml().open("capacityReservation").raw(reservationXml(r)).close("capacityReservation"));
    }

    private FakeResponse createReservation(Map<String, String> p) {
        String token = p.get("ClientToken");
        if (token != null && clientTokens.containsKey("cr:" + token)) {
            List<String> prior = clientTokens.get("cr:" + token);
            checkSameParameters(prior, p);
            Reservation r = reservations.get(prior.get(1));
            return ok("CreateCapacityReservation", new Xml().open("capacityReservation").raw(reservationXml(r)).close("capacityReservation"));
        }
        String type = required(p, "InstanceType");
        if (!types.containsKey(type)) {
            throw new Ec2Error(400, "InvalidParameterValue", "Invalid instance type " + type);
        }
        int count = Integer.parseInt(required(p, "InstanceCount"));
        String az = p.getOrDefault("AvailabilityZone", availabilityZone);
        Reservation r = new Reservation("cr-" + hex(17), "default", type, az, count, clock.instant(), null, "default", tags(p), "active");
        reservations.put(r.id, r);
        if (token != null) {
            clientTokens.put("cr:" + token, List.of(fingerprint(p), r.id));
        }
        return ok("CreateCapacityReservation", new Xml().open("capacityReservation").raw(reservationXml(r)).close("capacityReservation"));
    }

    private FakeResponse cancelReservation(Map<String, String> p) {
        String id = required(p, "CapacityReservationId");
        Reservation r = reservations.get(id);
        if (r == null) {
            throw new Ec2Error(400, "InvalidCapacityReservationId.NotFound", "The capacity reservation '" + id + "' does not exist.");
        }
        if (r.reservationType.equals("capacity-block")) {
            throw new Ec2Error(400, "InvalidParameterValue", "Capacity Blocks cannot be cancelled.");
        }
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CancelCapacityReservation.html lists the states that can be
        // cancelled: assessing, active (no commitment), scheduled (with a cancellation quote) and delayed. A reservation that is
        // already cancelled (or expired, failed) cannot be cancelled again: a repeated cancel is refused, not a no-op. The page
        // names no error code for this case; the fake answers EC2's generic IncorrectState
        // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). Callers should not depend on the code.
        String state = stateOf(r);
        if (!List.of("assessing", "active", "delayed").contains(state)) {
            throw new Ec2Error(400, "IncorrectState", "The capacity reservation '" + id + "' is " + state + " and cannot be cancelled.");
        }
        r.state = "cancelled";
        return ok("CancelCapacityReservation", new Xml().el("return", true));
    }

    private FakeResponse describeReservations(Map<String, String> p) {
        List<String> ids = list(p, "CapacityReservationId");
        Map<String, List<String>> filters = filters(p);
        Xml x = new Xml().open("capacityReservationSet");
        for (String id : ids) {
            if (!reservations.containsKey(id)) {
                throw new Ec2Error(400, "InvalidCapacityReservationId.NotFound", "The capacity reservation '" + id + "' does not exist.");
            }
        }
        for (Reservation r : reservations.values()) {
            if (!ids.isEmpty() && !ids.contains(r.id)) {
                continue;
            }
            boolean match = true;
            for (Map.Entry<String, List<String>> f : filters.entrySet()) {
                if (f.getKey().startsWith("tag:")) {
                    match &= f.getValue().contains(r.tags.get(f.getKey().substring(4)));
                } else if (f.getKey().equals("state")) {
                    match &= f.getValue().contains(stateOf(r));
                } else if (f.getKey().equals("instance-type")) {
                    match &= f.getValue().contains(r.instanceType);
                } else {
                    throw new Ec2Error(400, "InvalidParameterValue", "The filter '" + f.getKey() + "' is not supported by the Trae Local EC2 fake");
                }
            }
            if (match) {
                x.open("item").raw(reservationXml(r)).close("item");
                if (r.paymentDescribes > 0) {
                    r.paymentDescribes--;
                }
            }
        }
        return ok("DescribeCapacityReservations", x.close("capacityReservationSet"));
    }

    /**
     * A reservation's state now. Capacity Blocks: payment-pending, scheduled until the start date, active until
     * the end date, expired after it (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-view.html).
     */
    private String stateOf(Reservation r) {
        if (!r.reservationType.equals("capacity-block")) {
            return r.state;
        }
        if (r.paymentDescribes > 0) {
            return "payment-pending";
        }
        Instant now = clock.instant();
        return now.isBefore(r.start) ? "scheduled" : now.isBefore(r.end) ? "active" : "expired";
    }

    private String reservationXml(Reservation r) {
        String state = stateOf(r);
        // "Before a Capacity Block reservation begins, the available capacity appears as zero."
        int available = state.equals("active") ? r.available : 0;
        Xml x = new Xml().el("capacityReservationId", r.id).el("ownerId", ACCOUNT)
                .el("capacityReservationArn", "arn:aws:ec2:us-east-1:" + ACCOUNT + ":capacity-reservation/" + r.id)
                .el("instanceType", r.instanceType).el("instancePlatform", "Linux/UNIX").el("availabilityZone", r.az)
                .el("tenancy", "default").el("totalInstanceCount", r.total).el("availableInstanceCount", available)
                .el("state", state).el("startDate", r.start).el("endDate", r.end)
                .el("endDateType", r.end == null ? "unlimited" : "limited").el("instanceMatchCriteria", "targeted")
                .el("createDate", r.start).el("reservationType", r.reservationType);
        if (!r.tags.isEmpty()) {
            x.open("tagSet");
            r.tags.forEach((k, v) -> x.open("item").el("key", k).el("value", v).close("item"));
            x.close("tagSet");
        }
        return x.toString();
    }

    private FakeResponse createSecurityGroup(Map<String, String> p) {
        String name = required(p, "GroupName");
        required(p, "GroupDescription");
        String id = "sg-" + hex(17);
        // No ClientToken: a repeat after a lost answer is a Duplicate (the group exists, with its tags).
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
        synchronized (securityGroups) {
            if (securityGroups.values().stream().anyMatch(g -> g.name.equals(name))) {
                throw new Ec2Error(400, "InvalidGroup.Duplicate", "The security group '" + name + "' already exists");
            }
            securityGroups.put(id, new SecurityGroup(id, name, p.getOrDefault("VpcId", "vpc-default"),
                    java.util.Collections.synchronizedList(new ArrayList<>()), java.util.Collections.synchronizedList(new ArrayList<>()), tags(p)));
        }
        return ok("CreateSecurityGroup", new Xml().el("return", true).el("groupId", id));
    }

    private FakeResponse authorize(Map<String, String> p, String action, boolean ingress) {
        String id = required(p, "GroupId");
        SecurityGroup g = securityGroups.get(id);
        if (g == null) {
            throw new Ec2Error(400, "InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
        }
        Xml rules = new Xml().el("return", true).open("securityGroupRuleSet");
        for (int i = 1; p.containsKey("IpPermissions." + i + ".IpProtocol"); i++) {
            String proto = p.get("IpPermissions." + i + ".IpProtocol");
            for (int j = 1; p.containsKey("IpPermissions." + i + ".Groups." + j + ".GroupId"); j++) {
                String src = p.get("IpPermissions." + i + ".Groups." + j + ".GroupId");
                List<String> existing = ingress ? g.ingressSources : g.egressSources;
                synchronized (existing) {
                    if (existing.contains(proto + ":" + src)) {
                        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
                        throw new Ec2Error(400, "InvalidPermission.Duplicate", "the specified rule \"peer: " + src + ", ALL, ALLOW\" already exists");
                    }
                    existing.add(proto + ":" + src);
                }
                rules.open("item").el("securityGroupRuleId", "sgr-" + hex(17)).el("groupId", id).el("groupOwnerId", ACCOUNT)
                        .el("isEgress", !ingress).el("ipProtocol", proto).el("fromPort", -1).el("toPort", -1)
                        .open("referencedGroupInfo").el("groupId", src).el("userId", ACCOUNT).close("referencedGroupInfo")
                        .close("item");
            }
        }
        return ok(action, rules.close("securityGroupRuleSet"));
    }

    private FakeResponse deleteSecurityGroup(Map<String, String> p) {
        String id = required(p, "GroupId");
        if (!securityGroups.containsKey(id)) {
            throw new Ec2Error(400, "InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
        }
        if (instances.values().stream().anyMatch(i -> i.securityGroups.contains(id) && !i.state.equals("terminated"))) {
            throw new Ec2Error(400, "DependencyViolation", "resource " + id + " has a dependent object");
        }
        securityGroups.remove(id);
        return ok("DeleteSecurityGroup", new Xml().el("return", true).el("groupId", id));
    }

    private FakeResponse describeSecurityGroups(Map<String, String> p) {
        List<String> ids = list(p, "GroupId");
        List<String> names = list(p, "GroupName");
        Map<String, List<String>> filters = filters(p);
        Xml x = new Xml().open("securityGroupInfo");
        for (String id : ids) {
            if (!securityGroups.containsKey(id)) {
                throw new Ec2Error(400, "InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            }
        }
        for (SecurityGroup g : securityGroups.values()) {
            if ((!ids.isEmpty() && !ids.contains(g.id)) || (!names.isEmpty() && !names.contains(g.name)) || !matches(filters, g.tags,
                    Map.of("group-name", g.name, "group-id", g.id, "vpc-id", g.vpcId))) {
                continue;
            }
            x.open("item").el("ownerId", ACCOUNT).el("groupId", g.id).el("groupName", g.name).el("groupDescription", g.name)
                    .el("vpcId", g.vpcId);
            tagSet(x, g.tags);
            x.close("item");
        }
        return ok("DescribeSecurityGroups", x.close("securityGroupInfo"));
    }

    private FakeResponse describePlacementGroups(Map<String, String> p) {
        List<String> names = list(p, "GroupName");
        Map<String, List<String>> filters = filters(p);
        for (String n : names) {
            if (!placementGroups.containsKey(n)) {
                throw new Ec2Error(400, "InvalidPlacementGroup.Unknown", "The Placement Group '" + n + "' is unknown.");
            }
        }
        Xml x = new Xml().open("placementGroupSet");
        for (PlacementGroup g : placementGroups.values()) {
            if ((!names.isEmpty() && !names.contains(g.name)) || !matches(filters, g.tags,
                    Map.of("group-name", g.name, "group-id", g.id, "strategy", g.strategy, "state", "available"))) {
                continue;
            }
            x.open("item").el("groupName", g.name).el("state", "available").el("strategy", g.strategy).el("groupId", g.id);
            tagSet(x, g.tags);
            x.close("item");
        }
        return ok("DescribePlacementGroups", x.close("placementGroupSet"));
    }

    private static void tagSet(Xml x, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            x.open("tagSet");
            tags.forEach((k, v) -> x.open("item").el("key", k).el("value", v).close("item"));
            x.close("tagSet");
        }
    }

    /** Filter.N.Name / Filter.N.Value.M. */
    private static Map<String, List<String>> filters(Map<String, String> p) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int f = 1; p.containsKey("Filter." + f + ".Name"); f++) {
            out.put(p.get("Filter." + f + ".Name"), list(p, "Filter." + f + ".Value"));
        }
        return out;
    }

    private static boolean matches(Map<String, List<String>> filters, Map<String, String> tags, Map<String, String> fields) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String actual;
            if (f.getKey().startsWith("tag:")) {
                actual = tags.get(f.getKey().substring(4));
            } else if (fields.containsKey(f.getKey())) {
                actual = fields.get(f.getKey());
            } else {
                throw new Ec2Error(400, "InvalidParameterValue", "The filter '" + f.getKey() + "' is not supported by the Trae Local EC2 fake");
            }
            if (actual == null || !f.getValue().contains(actual)) {
                return false;
            }
        }
        return true;
    }

    /** The parameters of a request apart from its token: the same token with other parameters is a mismatch. */
    private static String fingerprint(Map<String, String> p) {
        Map<String, String> copy = new TreeMap<>(p);
        copy.remove("ClientToken");
        return copy.toString();
    }

    private static void checkSameParameters(List<String> prior, Map<String, String> p) {
        // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html
        if (!prior.get(0).equals(fingerprint(p))) {
            throw new Ec2Error(400, "IdempotentParameterMismatch", "The client token " + p.get("ClientToken")
                    + " was already used with different parameters.");
        }
    }

    private FakeResponse runInstances(Map<String, String> p) {
        String token = p.get("ClientToken");
        if (token != null && clientTokens.containsKey("run:" + token)) {
            List<String> prior = clientTokens.get("run:" + token);
            checkSameParameters(prior, p);
            List<Instance> same = prior.subList(1, prior.size()).stream().map(instances::get).toList();
            return ok("RunInstances", reservationXml(same.get(0).reservationId, same));
        }
        String image = required(p, "ImageId");
        if (!image.startsWith("ami-")) {
            throw new Ec2Error(400, "InvalidAMIID.Malformed", "Invalid id: \"" + image + "\" (expecting \"ami-...\")");
        }
        String type = required(p, "InstanceType");
        InstanceTypeInfo info = types.get(type);
        if (info == null) {
            throw new Ec2Error(400, "InvalidParameterValue", "Invalid value '" + type + "' for InstanceType.");
        }
        int min = Integer.parseInt(required(p, "MinCount"));
        int max = Integer.parseInt(required(p, "MaxCount"));
        if (min < 1 || max < min) {
            throw new Ec2Error(400, "InvalidParameterValue", "MinCount and MaxCount must be at least 1 and MinCount <= MaxCount");
        }
        String pg = p.get("Placement.GroupName");
        if (pg != null && !placementGroups.containsKey(pg)) {
            throw new Ec2Error(400, "InvalidPlacementGroup.Unknown", "The Placement Group '" + pg + "' is unknown.");
        }
        List<String> ifaceTypes = new ArrayList<>();
        List<String> groups = new ArrayList<>(list(p, "SecurityGroupId"));
        for (int i = 1; p.containsKey("NetworkInterface." + i + ".DeviceIndex") || p.containsKey("NetworkInterface." + i + ".InterfaceType"); i++) {
            String it = p.getOrDefault("NetworkInterface." + i + ".InterfaceType", "interface");
            if (it.equals("efa") && !info.efaSupported()) {
                throw new Ec2Error(400, "InvalidParameterCombination", "EFA interfaces are not supported on " + type);
            }
            ifaceTypes.add(it);
            for (String g : list(p, "NetworkInterface." + i + ".SecurityGroupId")) {
                if (!groups.contains(g)) {
                    groups.add(g);
                }
            }
        }
        if (ifaceTypes.stream().filter("efa"::equals).count() > info.maximumEfaInterfaces()) {
            throw new Ec2Error(400, "InvalidParameterValue", "too many EFA interfaces for " + type + " (max " + info.maximumEfaInterfaces() + ")");
        }
        for (String g : groups) {
            if (!securityGroups.containsKey(g)) {
                throw new Ec2Error(400, "InvalidGroup.NotFound", "The security group '" + g + "' does not exist");
            }
        }
        String cr = p.get("CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId");
        if (cr != null) {
            Reservation r = reservations.get(cr);
            if (r == null) {
                throw new Ec2Error(400, "InvalidCapacityReservationId.NotFound", "The capacity reservation '" + cr + "' does not exist.");
            }
            if (r.reservationType.equals("capacity-block") && !"capacity-block".equals(p.get("InstanceMarketOptions.MarketType"))) {
                throw new Ec2Error(400, "InvalidParameterCombination", "Launching into a Capacity Block needs InstanceMarketOptions.MarketType=capacity-block");
            }
            synchronized (r) {
                String state = stateOf(r);
                // A scheduled (or payment-pending) Capacity Block has no usable capacity before its start date.
                // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-using.html
                if (!state.equals("active") || !r.instanceType.equals(type)) {
                    throw new Ec2Error(400, "InvalidParameterCombination", "capacity reservation " + cr + " is " + state + " for " + r.instanceType
                            + (state.equals("scheduled") ? "; it starts at " + r.start : ""));
                }
                if (r.available < max) {
                    throw new Ec2Error(400, "ReservationCapacityExceeded", "The requested number of instances exceeds the capacity available in capacity reservation " + cr);
                }
                r.available -= max;
            }
        }
        String resId = "r-" + hex(17);
        List<Instance> launched = new ArrayList<>();
        for (int k = 0; k < max; k++) {
            String id = "i-" + hex(17);
            Instance inst = new Instance(id, type, image, pg, resId, cr, ifaceTypes.isEmpty() ? List.of("interface") : List.copyOf(ifaceTypes),
                    List.copyOf(groups), "10.0.0." + (10 + seq.getAndIncrement() % 240), clock.instant());
            inst.hiddenFor = eventualConsistency;
            if (impairCount.getAndUpdate(c -> Math.max(0, c - 1)) > 0) {
                inst.impaired = true;
            }
            inst.tags.putAll(tags(p));
            instances.put(id, inst);
            launched.add(inst);
        }
        if (token != null) {
            List<String> rec = new ArrayList<>();
            rec.add(fingerprint(p));
            launched.forEach(i -> rec.add(i.id));
            clientTokens.put("run:" + token, rec);
        }
        return ok("RunInstances", reservationXml(resId, launched));
    }

    private Xml reservationXml(String resId, List<Instance> list) {
        Xml x = new Xml().el("reservationId", resId).el("ownerId", ACCOUNT).open("instancesSet");
        for (Instance i : list) {
            instanceXml(x, i);
        }
        return x.close("instancesSet");
    }

    private void instanceXml(Xml x, Instance i) {
        x.open("item").el("instanceId", i.id).el("imageId", i.imageId).open("instanceState").el("code", code(i.state))
                .el("name", i.state).close("instanceState").el("instanceType", i.type).el("launchTime", i.launched)
                .open("placement").el("availabilityZone", availabilityZone).el("groupName", i.placementGroup).el("tenancy", "default")
                .close("placement").el("privateIpAddress", i.privateIp).el("capacityReservationId", i.capacityReservationId);
        x.open("groupSet");
        i.securityGroups.forEach(g -> x.open("item").el("groupId", g).el("groupName", securityGroups.containsKey(g) ? securityGroups.get(g).name : g).close("item"));
        x.close("groupSet");
        x.open("networkInterfaceSet");
        for (int k = 0; k < i.efaInterfaces.size(); k++) {
            x.open("item").el("networkInterfaceId", "eni-" + i.id.substring(2, 10) + k).el("interfaceType", i.efaInterfaces.get(k))
                    .el("status", "in-use").open("attachment").el("deviceIndex", k == 0 ? 0 : 1).el("networkCardIndex", k)
                    .el("status", "attached").close("attachment").close("item");
        }
        x.close("networkInterfaceSet");
        tagSet(x, i.tags);
        x.close("item");
    }

    private static int code(String state) {
        switch (state) {
            case "pending": return 0;
            case "running": return 16;
            case "shutting-down": return 32;
            case "terminated": return 48;
            case "stopping": return 64;
            default: return 80;
        }
    }

    private void advance(Instance i) {
        if (i.state.equals("pending") && ++i.describes > pendingDescribes) {
            i.state = "running";
        } else if (i.state.equals("shutting-down")) {
            i.state = "terminated";
        }
    }

    private List<Instance> select(Map<String, String> p) {
        List<String> ids = list(p, "InstanceId");
        List<Instance> out = new ArrayList<>();
        String missing = null;
        for (String id : ids) {
            Instance i = instances.get(id);
            if (i != null && i.hiddenFor > 0) {
                // Eventual consistency: right after RunInstances the id may not have propagated yet.
                // https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
                i.hiddenFor--;
                i = null;
            }
            if (i == null) {
                missing = missing == null ? id : missing;
                continue;
            }
            out.add(i);
        }
        if (missing != null) {
            throw new Ec2Error(400, "InvalidInstanceID.NotFound", "The instance ID '" + missing + "' does not exist");
        }
        List<Instance> base = ids.isEmpty() ? new ArrayList<>(instances.values()) : out;
        base.removeIf(i -> {
            if (i.hiddenFor > 0) {
                i.hiddenFor--;
                return true;
            }
            return false;
        });
        for (int f = 1; p.containsKey("Filter." + f + ".Name"); f++) {
            String name = p.get("Filter." + f + ".Name");
            List<String> values = list(p, "Filter." + f + ".Value");
            base.removeIf(i -> {
                String actual;
                if (name.startsWith("tag:")) {
                    actual = i.tags.get(name.substring(4));
                } else if (name.equals("instance-state-name")) {
                    actual = i.state;
                } else if (name.equals("placement-group-name")) {
                    actual = i.placementGroup;
                } else {
                    throw new Ec2Error(400, "InvalidParameterValue", "The filter '" + name + "' is not supported by the Trae Local EC2 fake");
                }
                return actual == null || !values.contains(actual);
            });
        }
        return base;
    }

    private FakeResponse describeInstances(Map<String, String> p) {
        List<Instance> sel = select(p);
        sel.forEach(this::advance);
        Map<String, List<Instance>> byRes = new LinkedHashMap<>();
        sel.forEach(i -> byRes.computeIfAbsent(i.reservationId, k -> new ArrayList<>()).add(i));
        Xml x = new Xml().open("reservationSet");
        byRes.forEach((res, list) -> x.open("item").raw(reservationXml(res, list).toString()).close("item"));
        return ok("DescribeInstances", x.close("reservationSet"));
    }

    private FakeResponse describeInstanceStatus(Map<String, String> p) {
        boolean all = "true".equalsIgnoreCase(p.get("IncludeAllInstances"));
        if (list(p, "InstanceId").size() > 100) {
            // "Constraints: Maximum 100 explicitly specified instance IDs."
            // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceStatus.html
            throw new Ec2Error(400, "InvalidParameterValue", "The maximum number of instance IDs is 100, was " + list(p, "InstanceId").size());
        }
        Xml x = new Xml().open("instanceStatusSet");
        for (Instance i : select(p)) {
            advance(i);
            if (!all && !i.state.equals("running")) {
                continue;
            }
            String sys;
            String inst;
            if (!i.state.equals("running")) {
                sys = "not-applicable";
                inst = "not-applicable";
            } else if (++i.statusChecks <= initializingChecks) {
                sys = "initializing";
                inst = "initializing";
            } else {
                sys = "ok";
                inst = i.impaired ? "impaired" : "ok";
            }
            x.open("item").el("instanceId", i.id).el("availabilityZone", availabilityZone)
                    .open("instanceState").el("code", code(i.state)).el("name", i.state).close("instanceState")
                    .open("systemStatus").el("status", sys).open("details").open("item").el("name", "reachability")
                    .el("status", sys.equals("ok") ? "passed" : sys.equals("initializing") ? "initializing" : "not-applicable")
                    .close("item").close("details").close("systemStatus")
                    .open("instanceStatus").el("status", inst).open("details").open("item").el("name", "reachability")
                    .el("status", inst.equals("ok") ? "passed" : inst.equals("impaired") ? "failed" : inst.equals("initializing") ? "initializing" : "not-applicable")
                    .close("item").close("details").close("instanceStatus").close("item");
        }
        return ok("DescribeInstanceStatus", x.close("instanceStatusSet"));
    }

    private FakeResponse terminateInstances(Map<String, String> p) {
        List<String> ids = list(p, "InstanceId");
        if (ids.isEmpty()) {
            throw new Ec2Error(400, "MissingParameter", "The request must contain the parameter InstanceId");
        }
        Xml x = new Xml().open("instancesSet");
        for (Instance i : select(p)) {
            String prev = i.state;
            if (!prev.equals("terminated") && !prev.equals("shutting-down")) {
                i.state = "shutting-down";
                if (i.capacityReservationId != null) {
                    Reservation r = reservations.get(i.capacityReservationId);
                    if (r != null) {
                        synchronized (r) {
                            r.available++;
                        }
                    }
                }
            }
            x.open("item").el("instanceId", i.id).open("currentState").el("code", code(i.state)).el("name", i.state).close("currentState")
                    .open("previousState").el("code", code(prev)).el("name", prev).close("previousState").close("item");
        }
        return ok("TerminateInstances", x.close("instancesSet"));
    }

    // ------------------------------------------------------------------ protocol helpers

    private static FakeResponse ok(String action, Xml body) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + NAMESPACE + "\"><requestId>"
                + UUID.randomUUID() + "</requestId>" + body + "</" + action + "Response>";
        return FakeResponse.bytes(200, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
    }

    /** An EC2 error answer: {@code <Response><Errors><Error><Code>..}. */
    public static FakeResponse error(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + Xml.escape(code) + "</Code><Message>"
                + Xml.escape(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>";
        return FakeResponse.bytes(status, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw new Ec2Error(400, "MissingParameter", "The request must contain the parameter " + name);
        }
        return v;
    }

    /** Values of {@code prefix.1}, {@code prefix.2}, ... */
    private static List<String> list(Map<String, String> p, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; p.containsKey(prefix + "." + i); i++) {
            out.add(p.get(prefix + "." + i));
        }
        return out;
    }

    private static Map<String, String> tags(Map<String, String> p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int s = 1; p.containsKey("TagSpecification." + s + ".ResourceType"); s++) {
            for (int t = 1; p.containsKey("TagSpecification." + s + ".Tag." + t + ".Key"); t++) {
                out.put(p.get("TagSpecification." + s + ".Tag." + t + ".Key"), p.getOrDefault("TagSpecification." + s + ".Tag." + t + ".Value", ""));
            }
        }
        return out;
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String hex(int n) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) {
            sb.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return sb.substring(0, n);
    }

    /** An EC2 error raised inside a handler. */
    private static final class Ec2Error extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Ec2Error(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
