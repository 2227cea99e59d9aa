package dev.trae.aws.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.vision.model.Label;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.textract.TextractFake;
import dev.trae.testkit.aws.rekognition.VisionScenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class VisionBatchTest {
    private final TraeLocal local;
    private final FakeAwsServer server;

    VisionBatchTest(TraeLocal local) {
        this.local = local;
        local.fake("rekognition", new RekognitionFake());
        local.fake("textract", new TextractFake());
        this.server = local.server("rekognition");
    }

    private static List<ImageSource> inputs(int distinct, int duplicates, int seed) {
        List<ImageSource> in = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            byte[] img = VisionScenes.photo(seed + i, 160, 120, i % 2 == 0);
            images.add(img);
            in.add(ImageSource.bytes("img-" + i, img));
        }
        for (int i = 0; i < duplicates; i++) {
            in.add(ImageSource.bytes("dup-" + i, images.get(i % distinct).clone()));
        }
        return in;
    }

    @Test
    void batch_whenThrottlingStorm_losesNothingAndNeverCallsTwiceForCachedImages() {
        List<ImageSource> in = inputs(20, 10, 100);
        in.add(10, ImageSource.bytes("corrupt", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3}));
        server.faults().next("DetectLabels", 25, Fault.throttle());
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (VisionClient vision = VisionClient.builder().config(local.config()).rekognitionTps(100).parallelism(6).build()) {
            VisionBatchResult<List<Label>> r = vision.detectLabelsBatch(in, events::add);
            assertThat(r.items()).hasSize(31);
            assertThat(r.items()).extracting(BatchItem::index).containsExactly(java.util.stream.IntStream.range(0, 31).boxed().toArray(Integer[]::new));
            assertThat(r.succeeded()).isEqualTo(30);
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("corrupt");
                assertThat(f.error().orElseThrow()).isInstanceOf(TraeValidationException.class);
            });
            assertThat(r.items()).noneMatch(i -> i.error().filter(e -> e instanceof TraeServiceException s && s.throttled()).isPresent());
            assertThat(r.fromCache()).isEqualTo(10);
            // every distinct image was answered exactly once; all other requests were the 25 throttled ones
            assertThat(server.count("DetectLabels")).isEqualTo(20 + 25);
            assertThat(events).isNotEmpty();
            assertThat(events.get(events.size() - 1).done()).isEqualTo(31);

            VisionBatchResult<List<Label>> again = vision.detectLabelsBatch(in, null);
            assertThat(again.fromCache()).isEqualTo(30);
            assertThat(server.count("DetectLabels")).isEqualTo(45);
            for (int i = 0; i < 31; i++) {
                assertThat(again.items().get(i).detection().map(d -> d.value()))
                        .isEqualTo(r.items().get(i).detection().map(d -> d.value()));
            }
        }
    }

    @Test
    void batch_whenRateLimited_neverExceedsTheLimit() {
        List<ImageSource> in = inputs(16, 0, 300);
        try (VisionClient vision = VisionClient.builder().config(local.config()).rekognitionTps(10).parallelism(8).build()) {
            VisionBatchResult<List<Label>> r = vision.detectLabelsBatch(in, null);
            assertThat(r.succeeded()).isEqualTo(16);
        }
        List<Instant> times = server.requests("DetectLabels").stream().map(FakeRequest::received).sorted().toList();
        // measured from the second arrival: the first request also opens the connection, and on a loaded machine its
        // late arrival would shorten the measured span although the limiter spaced the permits correctly
        double seconds = (times.get(times.size() - 1).toEpochMilli() - times.get(1).toEpochMilli()) / 1000.0;
        assertThat((times.size() - 2) / seconds).isLessThanOrEqualTo(11.0);
    }

    @Test
    void batch_whenPersistent5xxOnOneImage_reportsItAndFinishesTheRest() {
        List<ImageSource> in = inputs(6, 0, 500);
        server.faults().next("DetectLabels", 4, Fault.status(500, "InternalServerError"));
        try (VisionClient vision = VisionClient.builder().config(local.config()).parallelism(1).build()) {
            VisionBatchResult<List<Label>> r = vision.detectLabelsBatch(in, null);
            assertThat(r.items()).hasSize(6);
            assertThat(r.failed()).isEqualTo(1);
            assertThat(r.failures().get(0).error().orElseThrow()).isInstanceOfSatisfying(TraeServiceException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(500));
            assertThat(r.succeeded()).isEqualTo(5);
        }
    }

    @Test
    void batch_whenDocuments_analysesEachWithTextract() {
        List<ImageSource> docs = List.of(ImageSource.bytes("a", VisionScenes.purchaseOrder(1).png()),
                ImageSource.bytes("b", VisionScenes.purchaseOrder(2).png()), ImageSource.bytes("bad", "not an image".getBytes()));
        try (VisionClient vision = VisionClient.builder().config(local.config()).build()) {
            var r = vision.analyzeDocumentBatch(docs, DocumentFeatures.builder().tables().build(), null);
            assertThat(r.succeeded()).isEqualTo(2);
            assertThat(r.items().get(0).detection().orElseThrow().value().tables()).hasSize(1);
            assertThat(r.items().get(2).error().orElseThrow()).isInstanceOf(TraeValidationException.class);
        }
    }
}
