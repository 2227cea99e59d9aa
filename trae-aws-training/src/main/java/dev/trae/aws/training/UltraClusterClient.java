package dev.trae.aws.training;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.job.JobStore;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.training.internal.ClusterSettings;
import dev.trae.aws.training.internal.ClusterTeardown;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.training.model.CapacityBlockOffering;
import dev.trae.aws.training.model.CapacityReservation;
import dev.trae.aws.training.model.ClusterRunResult;
import dev.trae.aws.training.model.ClusterState;
import dev.trae.aws.training.model.CommandResult;
import dev.trae.aws.training.model.CostEstimate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * EC2 UltraClusters: there is no "UltraCluster" API in EC2, so this client assembles one from Capacity
 * Blocks (or an On-Demand Capacity Reservation), a cluster placement group, EFA network interfaces, a
 * Deep Learning AMI from the public SSM parameter, and a security group with the self-referencing rule
 * EFA needs; it waits for running instances that pass their status checks, runs jobs through SSM Run
 * Command, and tears everything down - also when any step fails, and before a Capacity Block ends.
 * Thread-safe; share one instance.
 *
 * <pre>{@code
 * try (UltraClusterClient clusters = UltraClusterClient.builder().config(config).build()) {
 *     List<CapacityBlockOffering> offers = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24,
 *             Instant.now(), Instant.now().plus(Duration.ofDays(14)));
 *     CapacityBlockOffering o = offers.get(0);
 *     UltraClusterSpec spec = UltraClusterSpec.builder().name("pretrain").instanceType("trn1.32xlarge").instanceCount(2)
 *             .capacity(Capacity.purchaseCapacityBlock(o, PurchaseConfirmation.acceptCharge(o.offeringId(), o.upfrontFee())))
 *             .instanceProfile("TraeClusterSsm").build();
 *     TraeJob<ClusterRunResult> job = clusters.run(spec, List.of("torchrun ... train.py"), s -> System.out.println(s));
 *     ClusterRunResult r = job.await(Duration.ofHours(24));
 * }
 * }</pre>
 */
public final class UltraClusterClient implements AutoCloseable {
    /** The kind of the lifecycle {@link TraeJob}s. */
    public static final String JOB_KIND = "ultracluster";
    private static final Logger LOG = LoggerFactory.getLogger(UltraClusterClient.class);

    private final TraeConfig config;
    private final ServiceClient<Ec2Client> ec2;
    private final ServiceClient<SsmClient> ssm;
    private final JobRunner runner;
    private final boolean ownsRunner;
    private final ClusterSettings settings;
    private final Prices prices;
    private final Duration commandTimeout;
    private final ScheduledExecutorService guard;

    private UltraClusterClient(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        AwsClients clients = AwsClients.of(config);
        this.ec2 = clients.service(Services.EC2, Ec2Client::builder);
        this.ssm = clients.service(Services.SSM, SsmClient::builder);
        this.ownsRunner = b.runner == null;
        this.runner = b.runner != null ? b.runner : JobRunner.create(config.jobStore());
        this.settings = new ClusterSettings(b.pollInterval, b.readyTimeout, b.teardownTimeout, b.expiryMargin, b.clock, b.capacityWait, b.sleeper,
                b.waitProgress, config.jobStore());
        this.prices = new Prices(config, b.prices, b.priceLookup, Optional.ofNullable(b.pricingRegion));
        this.commandTimeout = b.commandTimeout;
        this.guard = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trae-ultracluster-expiry-guard");
            t.setDaemon(true);
            return t;
        });
    }

    public static UltraClusterClient create(TraeConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The worst-case On-Demand cost of running {@code spec} for {@code runtime}: the table's price, or for a type the
     * table lacks the AWS Price List API's On-Demand Linux price in the config's region (looked up once, unless
     * {@link PriceLookup#OFFLINE}). A Capacity Block is not priced here: it costs its offering's upfront fee, which
     * {@link #findCapacityBlocks} reports and a purchase must confirm.
     */
    public CostEstimate estimate(UltraClusterSpec spec, Duration runtime) {
        Prices.Resolved r = prices.resolve(spec.instanceType());
        r.warnings().forEach(w -> LOG.warn("price: {}", w));
        return new CostEstimate(spec.instanceType(), spec.instanceCount(), runtime, r.hourly(), Optional.empty(), r.warnings(),
                r.quote().map(q -> q.entry().source()), r.quote().map(q -> q.entry().asOf()));
    }

    /**
     * Refuses a Capacity Block duration AWS does not offer: 1-14 days in 1-day steps, or 7-day multiples up to 182 days
     * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-purchase.html).
     */
    static void checkCapacityBlockDuration(int durationHours) {
        int days = durationHours / 24;
        boolean wholeDays = durationHours > 0 && durationHours % 24 == 0;
        boolean ok = wholeDays && (days <= 14 || (days % 7 == 0 && days <= 182));
        if (!ok) {
            String near = durationHours <= 0 ? "24" : nearestCapacityBlockDurations(durationHours);
            throw new TraeValidationException("durationHours", "Capacity Blocks last 1 to 14 days in 1-day steps, or 7-day multiples up to "
                    + "182 days (24..336 hours in steps of 24, or 504..4368 in steps of 168), was " + durationHours + " hours; nearest: " + near);
        }
    }

    private static String nearestCapacityBlockDurations(int hours) {
        java.util.TreeSet<Integer> allowed = new java.util.TreeSet<>();
        for (int d = 1; d <= 14; d++) {
            allowed.add(d * 24);
        }
        for (int d = 21; d <= 182; d += 7) {
            allowed.add(d * 24);
        }
        Integer lo = allowed.floor(hours);
        Integer hi = allowed.ceiling(hours);
        return lo == null ? String.valueOf(hi) : hi == null ? String.valueOf(lo) : lo + " or " + hi;
    }

    /**
     * Capacity Block offerings for {@code count} instances of {@code instanceType} for {@code durationHours},
     * starting no earlier than {@code earliestStart} and ending no later than {@code latestEnd}. AWS takes durations
     * in 1-day steps up to 14 days and in 7-day steps up to 182 days
     * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-purchase.html): {@code durationHours} must be
     * 24, 48, ... 336, or 504, 672, ... 4368; anything else is refused before any call.
     */
    public List<CapacityBlockOffering> findCapacityBlocks(String instanceType, int count, int durationHours, Instant earliestStart, Instant latestEnd) {
        InstanceTypes.requireUltraCluster(instanceType);
        if (count < 1 || count > 64) {
            throw new TraeValidationException("instanceCount", "Capacity Blocks hold 1 to 64 instances, was " + count);
        }
        checkCapacityBlockDuration(durationHours);
        Objects.requireNonNull(earliestStart, "earliestStart");
        Objects.requireNonNull(latestEnd, "latestEnd");
        if (!latestEnd.isAfter(earliestStart.plus(Duration.ofHours(durationHours)).minusSeconds(1))) {
            throw new TraeValidationException("latestEnd", "the window " + earliestStart + " .. " + latestEnd + " is shorter than " + durationHours + " hours");
        }
        var r = ec2.call("DescribeCapacityBlockOfferings", Idempotency.IDEMPOTENT, c -> c.describeCapacityBlockOfferings(b -> b
                .instanceType(instanceType).instanceCount(count).capacityDurationHours(durationHours)
                .startDateRange(earliestStart).endDateRange(latestEnd)));
        List<CapacityBlockOffering> out = new ArrayList<>();
        r.capacityBlockOfferings().forEach(o -> out.add(new CapacityBlockOffering(o.capacityBlockOfferingId(), o.instanceType(),
                o.availabilityZone(), o.instanceCount(), o.startDate(), o.endDate(),
                o.capacityBlockDurationHours() == null ? durationHours : o.capacityBlockDurationHours(),
                o.upfrontFee() == null ? BigDecimal.ZERO : new BigDecimal(o.upfrontFee()), o.currencyCode() == null ? "USD" : o.currencyCode())));
        out.sort((a, b) -> a.upfrontFee().compareTo(b.upfrontFee()));
        return out;
    }

    /**
     * Buys a Capacity Block. It costs the offering's upfront fee and cannot be cancelled, so the
     * {@code confirmation} must name this offering and its fee; it is checked before any call, and the
     * purchase is made at most once even when an attempt is retried. The returned reservation is
     * {@code payment-pending} or {@code scheduled}: it has no usable capacity before the offering's start date
     * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-using.html). Launch into it with
     * {@link Capacity#existingReservation(String)} from then on (or earlier with {@link Builder#capacityWait}).
     */
    public CapacityReservation purchaseCapacityBlock(CapacityBlockOffering offering, PurchaseConfirmation confirmation) {
        Capacity.purchaseCapacityBlock(offering, confirmation);
        UltraClusterSpec probe = UltraClusterSpec.builder().name("purchase").instanceType(offering.instanceType())
                .instanceCount(offering.instanceCount()).build();
        CapacityReservation r = new UltraCluster(probe, ec2, ssm, settings, null).purchase(offering);
        config.auditSink().record(AuditEvent.of("ec2", "PurchaseCapacityBlock", r.reservationId()).result("purchased")
                .detail("offering", offering.offeringId()).detail("fee", offering.upfrontFee().toPlainString() + " " + offering.currency()).build());
        return r;
    }

    /**
     * Launches a cluster and returns it READY, or tears down whatever was created and throws
     * {@link UltraClusterException}. When the capacity has an end time, the expiry guard tears the
     * cluster down {@code expiryMargin} before it.
     */
    public UltraCluster launch(UltraClusterSpec spec, Consumer<ClusterState> states) {
        Objects.requireNonNull(spec, "spec");
        UltraCluster c = new UltraCluster(spec, ec2, ssm, settings, states);
        ScheduledFuture<?>[] guardTask = new ScheduledFuture<?>[1];
        c.onState(s -> {
            if (s == ClusterState.LAUNCHING_INSTANCES || s == ClusterState.CREATING_PLACEMENT_GROUP) {
                c.teardownDeadline().ifPresent(d -> {
                    synchronized (guardTask) {
                        if (guardTask[0] == null) {
                            long delay = Math.max(0, Duration.between(settings.clock().instant(), d).toMillis());
                            guardTask[0] = guard.schedule(c::expire, delay, TimeUnit.MILLISECONDS);
                            LOG.info("UltraCluster {}: expiry guard armed for {} (in {} ms)", c.clusterId(), d, delay);
                        }
                    }
                });
            }
            if (s == ClusterState.TERMINATED) {
                synchronized (guardTask) {
                    if (guardTask[0] != null) {
                        guardTask[0].cancel(false);
                    }
                }
            }
        });
        config.auditSink().record(AuditEvent.of("ec2", "LaunchUltraCluster", c.clusterId()).result("requested")
                .detail("spec", spec.toString()).build());
        c.launch();
        return c;
    }

    /**
     * The whole lifecycle as a {@link TraeJob}: launch, run {@code commands} on every instance, collect
     * each instance's output, tear down. The job's progress phases are the {@link ClusterState}s.
     * Cancelling the job tears the cluster down.
     */
    public TraeJob<ClusterRunResult> run(UltraClusterSpec spec, List<String> commands, Consumer<ClusterState> states) {
        Objects.requireNonNull(spec, "spec");
        if (commands == null || commands.isEmpty()) {
            throw new TraeValidationException("commands", "give at least one command to run on the cluster");
        }
        List<String> cmds = List.copyOf(commands);
        return runner.submit(JOB_KIND, ctx -> {
            ProgressTracker p = ctx.tracker();
            p.total(ClusterState.TERMINATED.ordinal());
            Consumer<ClusterState> both = s -> {
                if (s.ordinal() <= ClusterState.TERMINATED.ordinal()) {
                    p.set(s.ordinal());
                }
                p.phase(s.name(), spec.name());
                if (states != null) {
                    states.accept(s);
                }
            };
            UltraCluster c = launch(spec, both);
            Map<String, CommandResult> out;
            try {
                ctx.throwIfCancelled();
                out = c.runCommand(cmds, commandTimeout);
            } catch (RuntimeException e) {
                List<String> left = c.tearDown();
                throw new UltraClusterException(c.clusterId(), ClusterState.RUNNING_COMMAND, left, e);
            }
            List<String> ids = c.instanceIds();
            List<String> left = c.tearDown();
            return new ClusterRunResult(c.clusterId(), ids, out, c.states(), left);
        });
    }

    /**
     * Resumes the teardown of a cluster whose earlier teardown could not finish: deletes the resources named in
     * its checkpoint (in the config's {@code JobStore}) and every resource tagged with its id. Returns what is
     * still left, each named by id (empty when all is gone, and then the checkpoint is deleted).
     */
    public List<String> resumeTeardown(String clusterId) {
        if (clusterId == null || !clusterId.matches("trae-[a-z0-9-]{1,120}")) {
            throw new TraeValidationException("clusterId", "must be an UltraCluster id such as trae-pretrain-1a2b3c4d, was "
                    + InstanceTypes.safe(clusterId));
        }
        UltraClusterSpec probe = UltraClusterSpec.builder().name("resume").instanceType("trn1.32xlarge").instanceCount(1).build();
        return new UltraCluster(probe, clusterId, ec2, ssm, settings, null).teardown().run(Set.of(), Set.of(), Set.of(), Set.of(), true).leftovers();
    }

    /** The ids of clusters with an unfinished teardown checkpoint in the config's {@code JobStore}. */
    public List<String> pendingTeardowns() {
        return config.jobStore().list().stream().filter(r -> r.kind().equals(ClusterTeardown.CHECKPOINT_KIND))
                .map(r -> r.checkpoint().getOrDefault("cluster", "")).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public void close() {
        guard.shutdownNow();
        if (ownsRunner) {
            runner.close();
        }
        ec2.close();
        ssm.close();
        prices.close();
    }

    @Override
    public String toString() {
        return "UltraClusterClient[region=" + config.region() + ", " + settings + "]";
    }

    /** Builder for {@link UltraClusterClient}. */
    public static final class Builder {
        private TraeConfig config;
        private JobRunner runner;
        private Duration pollInterval = Duration.ofSeconds(10);
        private Duration readyTimeout = Duration.ofMinutes(30);
        private Duration teardownTimeout = Duration.ofMinutes(15);
        private Duration expiryMargin = Duration.ofMinutes(30);
        private Duration commandTimeout = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();
        private InstancePriceTable prices = InstancePriceTable.defaults();
        private PriceLookup priceLookup = PriceLookup.PRICE_LIST_API;
        private String pricingRegion;
        private Duration capacityWait = Duration.ZERO;
        private Poller.Sleeper sleeper = Poller.Sleeper.REAL;
        private Poller.Progress waitProgress = (what, status, fetches, waited) -> LOG.info("waiting for {}: {} ({} checks, {})", what, status, fetches, waited);

        private Builder() {
        }

        public Builder config(TraeConfig c) {
            this.config = c;
            return this;
        }

        public Builder jobRunner(JobRunner r) {
            this.runner = r;
            return this;
        }

        /** How often instance and command states are polled (default 10 s; tests use milliseconds). */
        public Builder pollInterval(Duration d) {
            this.pollInterval = positive("pollInterval", d, true);
            return this;
        }

        /** How long instances may take to run and pass status checks (default 30 min). */
        public Builder readyTimeout(Duration d) {
            this.readyTimeout = positive("readyTimeout", d, false);
            return this;
        }

        public Builder teardownTimeout(Duration d) {
            this.teardownTimeout = positive("teardownTimeout", d, false);
            return this;
        }

        /** How long before a Capacity Block's end the expiry guard tears the cluster down (default 30 min). */
        public Builder expiryMargin(Duration d) {
            this.expiryMargin = positive("expiryMargin", d, true);
            return this;
        }

        /** How long {@link #run} waits for the command on all instances (default 1 hour). */
        public Builder commandTimeout(Duration d) {
            this.commandTimeout = positive("commandTimeout", d, false);
            return this;
        }

        /** The clock for expiry decisions (tests move it). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * How long {@code launch} may wait for a reserved Capacity Block to become active (default 0: launch refuses,
         * before buying, a block that starts later, naming its start time). A block is payment-pending, then
         * scheduled until its start date, and only then active.
         */
        public Builder capacityWait(Duration d) {
            this.capacityWait = positive("capacityWait", d, true);
            return this;
        }

        /** Called while launch waits (capacity, instances, status checks, commands): what, last status, checks, time waited. */
        public Builder waitProgress(Poller.Progress p) {
            this.waitProgress = Objects.requireNonNull(p, "waitProgress");
            return this;
        }

        /** The sleep between polls (tests pass one that advances a manual clock). */
        Builder sleeper(Poller.Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "sleeper");
            return this;
        }

        /** The price table; its entries win over any lookup (default {@link InstancePriceTable#defaults()}). */
        public Builder priceTable(InstancePriceTable p) {
            this.prices = Objects.requireNonNull(p, "priceTable");
            return this;
        }

        /** Where prices the table lacks come from (default {@link PriceLookup#PRICE_LIST_API}; see TrainingClient.Builder). */
        public Builder priceLookup(PriceLookup lookup) {
            this.priceLookup = Objects.requireNonNull(lookup, "priceLookup");
            return this;
        }

        /** The region whose Price List API endpoint is called (us-east-1, eu-central-1 or ap-south-1; default: the nearest). */
        public Builder pricingRegion(String region) {
            if (region == null || !dev.trae.aws.training.internal.PriceListLookup.ENDPOINT_REGIONS.contains(region)) {
                throw new TraeValidationException("pricingRegion", "the Price List API is served from "
                        + new java.util.TreeSet<>(dev.trae.aws.training.internal.PriceListLookup.ENDPOINT_REGIONS) + " only, was " + region);
            }
            this.pricingRegion = region;
            return this;
        }

        private static Duration positive(String name, Duration d, boolean zeroOk) {
            if (d == null || d.isNegative() || (!zeroOk && d.isZero()) || d.toDays() > 30) {
                throw new TraeValidationException(name, "must be a duration " + (zeroOk ? "of at least 0" : "above 0") + " and at most 30 days, was " + d);
            }
            return d;
        }

        public UltraClusterClient build() {
            if (config == null) {
                throw new TraeValidationException("config", "a TraeConfig is required");
            }
            return new UltraClusterClient(this);
        }
    }
}
