package dev.trae.examples.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ConsoleProgressBar;
import dev.trae.aws.training.Capacity;
import dev.trae.aws.training.TrainingClient;
import dev.trae.aws.training.TrainingJob;
import dev.trae.aws.training.UltraClusterClient;
import dev.trae.aws.training.UltraClusterSpec;
import dev.trae.aws.training.model.ClusterRunResult;
import dev.trae.aws.training.model.CommandResult;
import dev.trae.aws.training.model.CostEstimate;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.TrainingResult;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import dev.trae.testkit.aws.ec2.Ec2Fake;
import dev.trae.testkit.aws.sagemaker.SageMakerFake;
import dev.trae.testkit.aws.ssm.SsmFake;

/**
 * Training: the cost estimate and budget check for a Trainium fine-tuning job, the job itself on the
 * SageMaker fake with a progress bar, then a two-node UltraCluster on the EC2 and SSM fakes that runs a
 * command and is torn down, printing every state.
 */
final class TrainingStep implements DemoStep {
    private static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerTraining";

    @Override
    public String title() {
        return "training: Trainium job with cost guard, two-node UltraCluster";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        if (ctx.realAws()) {
            ctx.out().println("skipped against real AWS: this step would buy capacity; it runs on Trae Local only");
            return;
        }
        CloudWatchLogsFake logs = ctx.local().fake("logs", new CloudWatchLogsFake());
        SageMakerFake sageMaker = ctx.local().fake("sagemaker", new SageMakerFake(logs)).trainingPolls(10);
        Ec2Fake ec2 = ctx.local().fake("ec2", new Ec2Fake());
        ctx.local().fake("ssm", new SsmFake(ec2));
        TraeConfig config = ctx.local().config();

        // 1. cost estimate and budget, then the Trainium job
        java.util.concurrent.atomic.AtomicInteger logLines = new java.util.concurrent.atomic.AtomicInteger();
        TrainingJob spec = TrainingJob.builder()
                .jobName("demo-llama-finetune")
                .jumpStartModel(SageMakerFake.DEFAULT_MODEL_ID)
                .instanceType("ml.trn1.2xlarge")
                .roleArn(ROLE)
                .channel(InputChannel.s3("train", "s3://trae-demo-training/datasets/fuel-support/train/"))
                .outputPath("s3://trae-demo-training/models/")
                .hyperparameter("epochs", "10")
                .maxRuntime(Duration.ofHours(3))
                .logListener(line -> logLines.incrementAndGet())
                .build();
        // The default price table holds only prices an AWS page states (none yet), so a budget needs your own prices.
        // These are round demo figures, not AWS prices: put yours in from https://aws.amazon.com/sagemaker/pricing/.
        dev.trae.aws.training.InstancePriceTable prices = dev.trae.aws.training.InstancePriceTable.defaults().toBuilder()
                .price("ml.trn1.2xlarge", 1.50, "demo figure, not an AWS price", java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                .price("ml.trn1.32xlarge", 24.00, "demo figure, not an AWS price", java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                .build();
        try (TrainingClient training = TrainingClient.builder().config(config).budgetUsd(5.00).priceTable(prices)
                .pollInterval(Duration.ofMillis(120)).build()) {
            CostEstimate estimate = training.estimate(spec);
            ctx.out().println("cost estimate: " + estimate);
            TrainingJob tooBig = TrainingJob.builder().trainingImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/trae-train:1")
                    .instanceType("ml.trn1.32xlarge").instanceCount(4).roleArn(ROLE)
                    .channel(InputChannel.s3("train", "s3://trae-demo-training/datasets/")).outputPath("s3://trae-demo-training/models/")
                    .maxRuntime(Duration.ofHours(10)).build();
            try {
                training.start(tooBig);
                throw new IllegalStateException("an over-budget launch was not refused");
            } catch (dev.trae.aws.core.TraeValidationException e) {
                ctx.out().println("refused as expected: " + e.getMessage());
            }
            TraeJob<TrainingResult> job = training.start(spec);
            TrainingResult r;
            try (ConsoleProgressBar bar = ConsoleProgressBar.create("trn1 fine-tune", ctx.out())) {
                job.onProgress(bar);
                r = job.await(Duration.ofMinutes(2));
            }
            ctx.out().println("training result: " + r);
            r.transitions().forEach(t -> ctx.out().println("  " + t.status() + ": " + t.message()));
            ctx.out().printf("billable seconds: %d (x %d instance) -> actual cost %s%n", r.billableSeconds(), r.instanceCount(),
                    r.actualCostUsd().map(c -> String.format("$%.4f", c)).orElse("unknown"));
            if (r.modelArtifacts().isEmpty() || !"Completed".equals(r.status())) {
                throw new IllegalStateException("training did not complete with artifacts");
            }
            ctx.out().println("CloudWatch log lines streamed during the run: " + logLines.get());
        }

        // 2. a two-node UltraCluster: launch, run a command, tear down
        UltraClusterSpec cluster = UltraClusterSpec.builder().name("demo").instanceType("trn1.32xlarge").instanceCount(2)
                .capacity(Capacity.onDemandReservation()).availabilityZone("us-east-1a").instanceProfile("TraeClusterSsm").build();
        try (UltraClusterClient clusters = UltraClusterClient.builder().config(config).pollInterval(Duration.ofMillis(50)).build()) {
            ctx.out().println("cluster estimate for 1 hour: " + clusters.estimate(cluster, Duration.ofHours(1)));
            ClusterRunResult r = clusters.run(cluster, List.of("echo EFA devices ready", "hostname"),
                    s -> ctx.out().println("  cluster state: " + s)).await(Duration.ofMinutes(2));
            for (Map.Entry<String, CommandResult> e : r.outputs().entrySet()) {
                ctx.out().println("  " + e.getKey() + " [" + e.getValue().status() + "] " + e.getValue().stdout().trim().replace("\n", " | "));
            }
            ctx.out().println("left after teardown: " + (r.leftovers().isEmpty() ? "nothing" : r.leftovers())
                    + "; fake EC2 still holds: " + (ec2.leftovers().isEmpty() ? "nothing" : ec2.leftovers()));
            if (!r.allSucceeded() || !ec2.leftovers().isEmpty()) {
                throw new IllegalStateException("cluster run failed or leaked " + ec2.leftovers());
            }
            // 3. a Capacity Block starts later (payment-pending, then scheduled until its start): launch refuses before buying
            var offer = clusters.findCapacityBlocks("trn1.32xlarge", 2, 24, java.time.Instant.now(),
                    java.time.Instant.now().plus(Duration.ofDays(7))).get(0);
            try {
                clusters.launch(UltraClusterSpec.builder().name("block").instanceType("trn1.32xlarge").instanceCount(2)
                        .capacity(Capacity.purchaseCapacityBlock(offer, dev.trae.aws.training.PurchaseConfirmation.acceptCharge(
                                offer.offeringId(), offer.upfrontFee()))).build(), null).close();
                throw new IllegalStateException("a Capacity Block that starts later was launched into");
            } catch (dev.trae.aws.core.TraeValidationException e) {
                ctx.out().println("capacity block: " + e.getMessage());
            }
            if (!ec2.activeReservations().isEmpty()) {
                throw new IllegalStateException("a Capacity Block was bought although launch refused: " + ec2.activeReservations());
            }
        }
    }
}
