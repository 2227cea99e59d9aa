package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.trae.aws.training.model.CostEstimate;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default price table covers the accelerator families a budget is set on. */
@ExtendWith(TraeLocalExtension.class)
class PriceCoverageTest {
    private final TraeLocal local;

    PriceCoverageTest(TraeLocal local) {
        this.local = local;
    }

    @ParameterizedTest
    @ValueSource(strings = {"trn1.2xlarge", "trn1.32xlarge", "trn1n.32xlarge", "trn2.48xlarge", "inf2.xlarge", "inf2.48xlarge",
            "p4d.24xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge", "g5.2xlarge", "g5.48xlarge", "g6.xlarge", "g6.48xlarge",
            "g6e.xlarge", "g6e.48xlarge"})
    void defaults_whenAskedForAnAcceleratorType_knowAPrice(String type) {
        assertThat(InstancePriceTable.defaults().hourly(type)).hasValueSatisfying(p -> assertThat(p).isPositive());
    }

    @Test
    void estimate_whenABudgetIsSetOnAP5Job_isPricedInsteadOfRefused() {
        try (TrainingClient training = TrainingClient.builder().config(local.config()).budgetUsd(100_000).build()) {
            TrainingJob job = TrainingJob.builder().trainingImage(TrainingClientTest.IMAGE).instanceType("ml.p5.48xlarge").roleArn(TrainingClientTest.ROLE)
                    .channel(InputChannel.s3("train", "s3://trae-training/data/")).outputPath("s3://trae-training/out/")
                    .maxRuntime(Duration.ofHours(2)).build();
            CostEstimate e = training.estimate(job);
            assertThat(e.hourlyUsd()).isPresent();
            assertThat(e.withinBudget()).isTrue();
        }
    }
}
