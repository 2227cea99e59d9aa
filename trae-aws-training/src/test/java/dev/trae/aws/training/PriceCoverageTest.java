package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.training.model.CostEstimate;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A budget on an accelerator type is either priced from an AWS-sourced default entry or refused with a message
 * that says how to set the price; a price the user sets is used.
 */
@ExtendWith(TraeLocalExtension.class)
class PriceCoverageTest {
    private final TraeLocal local;

    PriceCoverageTest(TraeLocal local) {
        this.local = local;
        local.fake("sagemaker", new dev.trae.testkit.aws.sagemaker.SageMakerFake(local.fake("logs", new dev.trae.testkit.aws.logs.CloudWatchLogsFake())));
    }

    private static TrainingJob job(String type) {
        return TrainingJob.builder().trainingImage(TrainingClientTest.IMAGE).instanceType(type).roleArn(TrainingClientTest.ROLE)
                .channel(InputChannel.s3("train", "s3://trae-training/data/")).outputPath("s3://trae-training/out/")
                .maxRuntime(Duration.ofHours(2)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ml.trn1.2xlarge", "ml.trn1.32xlarge", "ml.trn1n.32xlarge", "ml.trn2.48xlarge", "ml.p4d.24xlarge",
            "ml.p5.48xlarge", "ml.p5e.48xlarge", "ml.p5en.48xlarge", "ml.g5.2xlarge", "ml.g5.48xlarge", "ml.g6.xlarge", "ml.g6.48xlarge"})
    void start_whenABudgetIsSetOnAnAcceleratorType_isPricedFromAnAwsSourceOrRefusedSayingHowToSetAPrice(String type) {
        InstancePriceTable defaults = InstancePriceTable.defaults();
        try (TrainingClient training = TrainingClient.builder().config(local.config()).budgetUsd(1_000_000).build()) {
            CostEstimate e = training.estimate(job(type));
            if (defaults.quote(type).isPresent()) {
                assertThat(defaults.quote(type).get().entry().source()).startsWith("https://");
                assertThat(e.hourlyUsd()).isPresent();
                assertThat(e.withinBudget()).isTrue();
            } else {
                assertThat(e.hourlyUsd()).isEmpty();
                assertThatThrownBy(() -> training.start(job(type))).isInstanceOf(TraeValidationException.class)
                        .hasMessageContaining("no price is known for " + type)
                        .hasMessageContaining("InstancePriceTable.defaults().toBuilder().price(\"" + type + "\"");
                assertThat(local.server("sagemaker").requests()).isEmpty();
            }
        }
    }

    @Test
    void estimate_whenTheUserSetsAP5Price_pricesTheJobWithinBudget() {
        InstancePriceTable prices = InstancePriceTable.defaults().toBuilder()
                .price("ml.p5.48xlarge", 60.0, "our quote (test figure, not an AWS price)", LocalDate.now(ZoneOffset.UTC)).build();
        try (TrainingClient training = TrainingClient.builder().config(local.config()).priceTable(prices).budgetUsd(1_000).build()) {
            CostEstimate e = training.estimate(job("ml.p5.48xlarge"));
            assertThat(e.hourlyUsd()).contains(60.0);
            assertThat(e.maxCostUsd()).contains(120.0);
            assertThat(e.withinBudget()).isTrue();
            assertThat(e.warnings()).isEmpty();
        }
    }
}
