package dev.trae.aws.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.VideoLabels;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.textract.FakeDocument;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.textract.TextractFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class VisionJobsTest {
    private final TraeLocal local;
    private final RekognitionFake rekognition;
    private final TextractFake textract;

    VisionJobsTest(TraeLocal local) {
        this.local = local;
        this.rekognition = local.fake("rekognition", new RekognitionFake());
        this.textract = local.fake("textract", new TextractFake());
    }

    private VisionClient client() {
        return VisionClient.builder().config(local.config()).pollInterval(Duration.ofMillis(10)).build();
    }

    @Test
    void videoLabels_whenJobRunsAndPages_collectsEveryLabelWithProgress() {
        rekognition.videoLabels(25).videoPageSize(10).pollsBeforeDone(2);
        List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (VisionClient vision = client()) {
            TraeJob<VideoLabels> job = vision.startVideoLabelDetection("videos", "street.mp4", 70f);
            job.onProgress(events::add);
            VideoLabels v = job.await(Duration.ofSeconds(20));
            assertThat(v.labels()).hasSize(25);
            assertThat(v.pages()).isEqualTo(3);
            assertThat(v.labels()).extracting(l -> l.timestampMillis()).isSorted();
            assertThat(v.labels().get(0).label().name()).isEqualTo("Car");
            assertThat(v.labels().get(0).label().parents()).containsExactly("Vehicle");
            assertThat(v.frameWidth()).isEqualTo(1280);
            assertThat(job.progress().orElseThrow().phase()).isEqualTo("DONE");
            assertThat(job.progress().orElseThrow().done()).isEqualTo(25);
        }
        var server = local.server("rekognition");
        assertThat(server.count("StartLabelDetection")).isEqualTo(1);
        assertThat(server.requests("StartLabelDetection").get(0).json().path("ClientRequestToken").asText()).startsWith(VisionClient.VIDEO_JOB_KIND);
        assertThat(server.count("GetLabelDetection")).isEqualTo(3 + 2);
    }

    @Test
    void videoLabels_whenServiceJobFails_failsTheTraeJob() {
        rekognition.pollsBeforeDone(1);
        try (VisionClient vision = client()) {
            TraeJob<VideoLabels> job = vision.startVideoLabelDetection("videos", "fail-codec.mp4", 50f);
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(20))).isInstanceOf(VisionJobException.class).hasMessageContaining("Unsupported codec");
        }
    }

    @Test
    void documentAnalysis_whenMultiPagePdfInS3_pagesThroughBlocksIntoOneDocument() {
        FakeDocument doc = new FakeDocument();
        for (int i = 0; i < 4; i++) {
            doc.pages().add(FakeDocument.sample(10 + i).pages().get(0));
        }
        textract.programS3("docs", "orders.pdf", doc).blocksPerPage(30).pollsBeforeDone(2);
        local.server("textract").faults().next("GetDocumentAnalysis", 2, Fault.throttle());
        try (VisionClient vision = client()) {
            TraeJob<Document> job = vision.startDocumentAnalysis("docs", "orders.pdf", DocumentFeatures.builder().tables().forms()
                    .query("What is the order number?", "order").build());
            Document d = job.await(Duration.ofSeconds(30));
            assertThat(d.pageCount()).isEqualTo(4);
            assertThat(d.pages()).hasSize(4);
            assertThat(d.tables()).hasSize(4);
            assertThat(d.keyValues()).hasSize(12);
            assertThat(d.queries()).extracting(q -> q.answer()).containsExactly("PO-1010", "PO-1011", "PO-1012", "PO-1013");
            assertThat(d.tables().get(3).cell(4, 1).orElseThrow().columnSpan()).isEqualTo(2);
            assertThat(job.progress().orElseThrow().phase()).isEqualTo("DONE");
        }
        assertThat(local.server("textract").count("StartDocumentAnalysis")).isEqualTo(1);
        assertThat(local.server("textract").count("GetDocumentAnalysis")).isGreaterThan(2 + 3 + 2);
    }

    @Test
    void videoLabels_whenCancelledWhileRunning_resumesTheSameServiceJob() throws Exception {
        rekognition.videoLabels(5).pollsBeforeDone(1_000_000);
        try (VisionClient vision = client()) {
            TraeJob<VideoLabels> job = vision.startVideoLabelDetection("videos", "long.mp4", 50f);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!job.progress().map(p -> p.phase().equals("IN_PROGRESS")).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(job.cancel()).isTrue();
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10))).isInstanceOf(dev.trae.aws.core.TraeCancelledException.class);
            rekognition.pollsBeforeDone(0);
            VideoLabels v = vision.resumeVideoLabelDetection(job.id(), "videos", "long.mp4", 50f).await(Duration.ofSeconds(10));
            assertThat(v.labels()).hasSize(5);
        }
        assertThat(local.server("rekognition").count("StartLabelDetection")).isEqualTo(1);
    }

    @Test
    void documentAnalysis_whenServiceJobFails_failsTheTraeJob() {
        textract.pollsBeforeDone(0);
        try (VisionClient vision = client()) {
            TraeJob<Document> job = vision.startDocumentAnalysis("docs", "fail-corrupt.pdf", DocumentFeatures.all());
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(10))).isInstanceOfSatisfying(VisionJobException.class,
                    e -> assertThat(e.awsJobId()).isNotEmpty()).hasMessageContaining("corrupt");
        }
    }

    @Test
    void documentTextDetection_whenMultiPageDocument_returnsLinesOfEveryPage() {
        textract.blocksPerPage(25).pollsBeforeDone(1);
        try (VisionClient vision = client()) {
            Document d = vision.startDocumentTextDetection("docs", "scan.tiff").await(Duration.ofSeconds(20));
            assertThat(d.pages()).hasSize(3);
            assertThat(d.tables()).isEmpty();
            assertThat(d.pages()).allSatisfy(p -> assertThat(p.text()).contains("Purchase Order"));
        }
        assertThat(local.server("textract").count("StartDocumentTextDetection")).isEqualTo(1);
        assertThat(local.server("textract").count("GetDocumentTextDetection")).isGreaterThan(2);
    }

    @Test
    void documentAnalysis_whenBadLocation_refusesBeforeStarting() {
        try (VisionClient vision = client()) {
            assertThatThrownBy(() -> vision.startDocumentAnalysis("UPPER", "x.pdf", DocumentFeatures.all()))
                    .isInstanceOf(dev.trae.aws.core.TraeValidationException.class);
            assertThatThrownBy(() -> vision.startVideoLabelDetection("videos", "", 50f))
                    .isInstanceOf(dev.trae.aws.core.TraeValidationException.class);
        }
        assertThat(local.server("textract").requests()).isEmpty();
    }
}
