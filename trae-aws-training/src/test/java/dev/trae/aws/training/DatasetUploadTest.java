package dev.trae.aws.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.training.model.InputChannel;
import dev.trae.aws.training.model.TrainingResult;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.sagemaker.SageMakerFake;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Data sets go up as multipart uploads: parallel parts, each retried alone, aborted on failure, with progress. */
@ExtendWith(TraeLocalExtension.class)
class DatasetUploadTest {
    private static final long MIB = 1L << 20;
    private final TraeLocal local;
    private final SageMakerFake sageMaker;

    DatasetUploadTest(TraeLocal local) {
        this.local = local;
        this.sageMaker = local.fake("sagemaker", new SageMakerFake());
        local.s3().createBucket("trae-training");
    }

    private static Path dataFile(Path dir, long bytes) throws Exception {
        Path f = dir.resolve("train.bin");
        byte[] b = new byte[(int) bytes];
        new Random(7).nextBytes(b);
        Files.write(f, b);
        return f;
    }

    private static TrainingJob job(Path data, String name) {
        return TrainingJob.builder().trainingImage(TrainingClientTest.IMAGE).instanceType("ml.g5.2xlarge").roleArn(TrainingClientTest.ROLE)
                .channel(InputChannel.local("train", data)).uploadPrefix("s3://trae-training/uploads").outputPath("s3://trae-training/out/")
                .jobName(name).build();
    }

    private static boolean isPart(FakeRequest r) {
        return r.method().equals("PUT") && r.rawQuery().contains("partNumber=");
    }

    @Test
    void start_whenTheDataSetIsLargerThanAPart_uploadsPartsRetriesTheFailedOneAndReportsProgress(@TempDir Path dir) throws Exception {
        Path data = dataFile(dir, 11 * MIB);
        FakeAwsServer proxy = local.s3().faultProxy();
        proxy.reset();
        proxy.faults().next("PUT", 1, Fault.status(500, "InternalError"));
        TraeConfig config = local.configBuilder().endpoint("s3", proxy.endpoint()).build();
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (TrainingClient training = TrainingClient.builder().config(config).pollInterval(Duration.ofMillis(5))
                .uploadPartSize(5 * MIB).uploadParallelism(3).build()) {
            TraeJob<TrainingResult> j = training.start(job(data, "upload-mp-1"));
            j.onProgress(events::add);
            assertThat(j.await(Duration.ofSeconds(60)).status()).isEqualTo("Completed");
        }
        byte[] stored = local.s3().client().getObjectAsBytes(b -> b.bucket("trae-training").key("uploads/upload-mp-1/train/train.bin")).asByteArray();
        assertThat(sha(stored)).isEqualTo(sha(Files.readAllBytes(data)));
        List<FakeRequest> parts = proxy.requests("PUT").stream().filter(DatasetUploadTest::isPart).toList();
        // parts of 5, 5 and 1 MiB; the failed one was sent again (a slow machine may repeat another after an attempt timeout)
        assertThat(parts).hasSizeGreaterThanOrEqualTo(4);
        assertThat(parts).extracting(r -> r.rawQuery().replaceAll(".*partNumber=(\\d+).*", "$1")).contains("1", "2", "3").doesNotContain("4");
        assertThat(proxy.requests("POST")).anyMatch(r -> r.rawQuery().contains("uploads"));
        assertThat(events).extracting(ProgressEvent::message).contains("uploaded " + 11 * MIB + " of " + 11 * MIB + " bytes");
    }

    @Test
    void start_whenAPartKeepsFailing_abortsTheUploadAndCreatesNoJob(@TempDir Path dir) throws Exception {
        Path data = dataFile(dir, 11 * MIB);
        FakeAwsServer proxy = local.s3().faultProxy();
        proxy.reset();
        proxy.faults().always("PUT", Fault.status(500, "InternalError"));
        TraeConfig config = local.configBuilder().endpoint("s3", proxy.endpoint()).build();
        try (TrainingClient training = TrainingClient.builder().config(config).pollInterval(Duration.ofMillis(5)).uploadPartSize(5 * MIB).build()) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> training.start(job(data, "upload-mp-2")).await(Duration.ofSeconds(60)));
            assertThat(t).isNotNull();
        } finally {
            proxy.faults().clear();
        }
        assertThat(proxy.requests("DELETE")).as("AbortMultipartUpload").anyMatch(r -> r.rawQuery().contains("uploadId="));
        assertThat(sageMaker.jobNames()).doesNotContain("upload-mp-2");
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
