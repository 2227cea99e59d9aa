package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import dev.trae.testkit.aws.sagemaker.SageMakerFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CloudWatch Logs tail goes through core's ServiceClient: its calls are observed like every other AWS call (#14). */
@ExtendWith(TraeLocalExtension.class)
class TrainingLogsObservationTest {
    private final TraeLocal local;

    TrainingLogsObservationTest(TraeLocal local) {
        this.local = local;
        SageMakerFake sageMaker = local.fake("sagemaker", new SageMakerFake(local.fake("logs", new CloudWatchLogsFake())));
        sageMaker.trainingPolls(3);
    }

    @Test
    void start_whenTheJobLogs_observesDescribeLogStreamsAndGetLogEventsAsLogsCalls() {
        List<String> observed = Collections.synchronizedList(new ArrayList<>());
        TraeConfig config = local.configBuilder().observer((service, operation) -> {
            observed.add(service + ":" + operation);
            return CallObservation.NOOP;
        }).build();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (TrainingClient training = TrainingClient.builder().config(config).pollInterval(Duration.ofMillis(5)).build()) {
            TrainingJob job = TrainingJob.builder().jobName("observed-logs").trainingImage(TrainingClientTest.IMAGE).instanceType("ml.trn1.2xlarge")
                    .roleArn(TrainingClientTest.ROLE).channel(InputChannel.s3("train", "s3://trae-training/data/"))
                    .outputPath("s3://trae-training/out/").maxRuntime(Duration.ofHours(1)).logListener(lines::add).build();
            training.start(job).await(Duration.ofSeconds(30));
        }
        assertThat(lines).isNotEmpty();
        assertThat(observed).contains("sagemaker:CreateTrainingJob", "logs:DescribeLogStreams", "logs:GetLogEvents");
    }
}
