package dev.trae.aws.vision.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.vision.DocumentFeatures;
import dev.trae.aws.vision.VisionJobException;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.VideoLabel;
import dev.trae.aws.vision.model.VideoLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.GetLabelDetectionResponse;
import software.amazon.awssdk.services.rekognition.model.LabelDetection;
import software.amazon.awssdk.services.rekognition.model.LabelDetectionSortBy;
import software.amazon.awssdk.services.rekognition.model.VideoJobStatus;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.GetDocumentAnalysisResponse;
import software.amazon.awssdk.services.textract.model.JobStatus;

/**
 * The bodies of the asynchronous vision jobs: Rekognition video label detection and Textract document analysis or
 * text detection. Each starts the service job with the Trae job id as {@code ClientRequestToken} (so a retried start is
 * idempotent) and checkpoints its id, polls with core's {@link Poller} at a fixed interval until the service job leaves
 * {@code IN_PROGRESS}, then pages through every result with {@code NextToken}. Not API.
 */
public final class AsyncAnalysis {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncAnalysis.class);
    /** The wait has no deadline of its own: the service ends its jobs, and {@code TraeJob.await} takes the caller's timeout. */
    private static final Duration NO_DEADLINE = Duration.ofDays(3650);

    private final ServiceClient<RekognitionClient> rek;
    private final ServiceClient<TextractClient> tex;
    private final Poller poller;

    public AsyncAnalysis(ServiceClient<RekognitionClient> rek, ServiceClient<TextractClient> tex, Duration pollInterval) {
        this.rek = rek;
        this.tex = tex;
        this.poller = Poller.builder().initialDelay(pollInterval).maxDelay(pollInterval).multiplier(1.0).deadline(NO_DEADLINE).build();
    }

    /** The body of a video label-detection job: start (or resume), poll, page through the labels. */
    public VideoLabels video(JobContext ctx, String bucket, String key, float minConfidence) {
        ProgressTracker tracker = ctx.tracker();
        String awsJob = ctx.checkpoint().get("awsJobId");
        if (awsJob == null) {
            String token = ctx.jobId().replaceAll("[^a-zA-Z0-9_-]", "-");
            awsJob = rek.call("StartLabelDetection", c -> c.startLabelDetection(r -> r
                    .video(v -> v.s3Object(o -> o.bucket(bucket).name(key))).minConfidence(minConfidence)
                    .clientRequestToken(token.substring(0, Math.min(64, token.length()))))).jobId();
            ctx.saveCheckpoint(Map.of("awsJobId", awsJob));
        }
        final String id = awsJob;
        tracker.phase("STARTED", "Rekognition job " + id);
        GetLabelDetectionResponse page = poll(ctx, () -> rek.call("GetLabelDetection", Idempotency.IDEMPOTENT,
                c -> c.getLabelDetection(r -> r.jobId(id).maxResults(1000).sortBy(LabelDetectionSortBy.TIMESTAMP))),
                r -> r.jobStatus() == VideoJobStatus.IN_PROGRESS, "video label detection " + id);
        if (page.jobStatus() == VideoJobStatus.FAILED) {
            throw new VisionJobException("video label detection " + id + " failed: " + RekognitionMapper.nz(page.statusMessage()), id);
        }
        List<VideoLabel> labels = new ArrayList<>();
        int pages = 1;
        var meta = page.videoMetadata();
        tracker.phase("FETCHING", "page 1");
        while (true) {
            for (LabelDetection d : page.labels()) {
                labels.add(RekognitionMapper.videoLabel(d));
            }
            tracker.set(labels.size());
            String next = page.nextToken();
            if (next == null || next.isEmpty()) {
                break;
            }
            ctx.throwIfCancelled();
            page = rek.call("GetLabelDetection", Idempotency.IDEMPOTENT, c -> c.getLabelDetection(r -> r.jobId(id).maxResults(1000)
                    .sortBy(LabelDetectionSortBy.TIMESTAMP).nextToken(next)));
            pages++;
            tracker.message("page " + pages);
        }
        tracker.total(labels.size());
        tracker.phase("DONE", labels.size() + " labels in " + pages + " pages");
        return new VideoLabels(id, meta == null || meta.durationMillis() == null ? 0 : meta.durationMillis(),
                meta == null || meta.frameRate() == null ? 0 : meta.frameRate(), meta == null || meta.frameWidth() == null ? 0 : meta.frameWidth().intValue(),
                meta == null || meta.frameHeight() == null ? 0 : meta.frameHeight().intValue(), labels, pages);
    }

    /** The body of an asynchronous Textract job; {@code features} null detects text only. */
    public Document document(JobContext ctx, String bucket, String key, DocumentFeatures features) {
        ProgressTracker tracker = ctx.tracker();
        String awsJob = ctx.checkpoint().get("awsJobId");
        if (awsJob == null && features == null) {
            String token = ctx.jobId().replaceAll("[^a-zA-Z0-9_-]", "-");
            awsJob = tex.call("StartDocumentTextDetection", c -> c.startDocumentTextDetection(r -> r
                    .documentLocation(l -> l.s3Object(o -> o.bucket(bucket).name(key)))
                    .clientRequestToken(token.substring(0, Math.min(64, token.length()))))).jobId();
            ctx.saveCheckpoint(Map.of("awsJobId", awsJob));
        } else if (awsJob == null) {
            String token = ctx.jobId().replaceAll("[^a-zA-Z0-9_-]", "-");
            awsJob = tex.call("StartDocumentAnalysis", c -> c.startDocumentAnalysis(r -> {
                r.documentLocation(l -> l.s3Object(o -> o.bucket(bucket).name(key))).featureTypes(TextractRequests.featureTypes(features))
                        .clientRequestToken(token.substring(0, Math.min(64, token.length())));
                if (!features.queries().isEmpty()) {
                    r.queriesConfig(TextractRequests.queries(features));
                }
            })).jobId();
            ctx.saveCheckpoint(Map.of("awsJobId", awsJob));
        }
        final String id = awsJob;
        tracker.phase("STARTED", "Textract job " + id);
        Function<String, GetDocumentAnalysisResponse> get = next -> features != null
                ? tex.call("GetDocumentAnalysis", Idempotency.IDEMPOTENT, c -> c.getDocumentAnalysis(r -> r.jobId(id).maxResults(1000).nextToken(next)))
                : textDetectionPage(id, next);
        GetDocumentAnalysisResponse page = poll(ctx, () -> get.apply(null), r -> r.jobStatus() == JobStatus.IN_PROGRESS, "Textract job " + id);
        if (page.jobStatus() == JobStatus.FAILED) {
            throw new VisionJobException("Textract analysis " + id + " failed: " + RekognitionMapper.nz(page.statusMessage()), id);
        }
        if (page.jobStatus() == JobStatus.PARTIAL_SUCCESS) {
            LOG.warn("Textract analysis {} partially succeeded: {}", id, page.warnings());
        }
        Integer pagesMeta = page.documentMetadata() == null ? null : page.documentMetadata().pages();
        List<Block> blocks = new ArrayList<>();
        int pages = 1;
        tracker.phase("FETCHING", "response page 1");
        while (true) {
            blocks.addAll(page.blocks());
            tracker.set(blocks.size());
            String next = page.nextToken();
            if (next == null || next.isEmpty()) {
                break;
            }
            ctx.throwIfCancelled();
            page = get.apply(next);
            pages++;
            tracker.message("response page " + pages);
        }
        tracker.total(blocks.size());
        Document doc = BlockParser.parse(blocks, pagesMeta);
        tracker.phase("DONE", blocks.size() + " blocks in " + pages + " response pages, " + doc.pageCount() + " document pages");
        return doc;
    }

    private GetDocumentAnalysisResponse textDetectionPage(String id, String next) {
        return TextractRequests.asAnalysisPage(tex.call("GetDocumentTextDetection", Idempotency.IDEMPOTENT,
                c -> c.getDocumentTextDetection(q -> q.jobId(id).maxResults(1000).nextToken(next))));
    }

    /**
     * Polls with core's {@link Poller} at the client's poll interval until {@code inProgress} is false; reports
     * {@code IN_PROGRESS / poll n} and ends with {@link dev.trae.aws.core.TraeCancelledException} when the job is cancelled.
     */
    private <R> R poll(JobContext ctx, Supplier<R> get, Predicate<R> inProgress, String what) {
        return poller.toBuilder().cancelled(ctx::isCancelled)
                .progress((w, status, fetches, waited) -> ctx.tracker().phase("IN_PROGRESS", "poll " + fetches)).build()
                .await(what, get, r -> inProgress.test(r) ? Poller.State.waiting("IN_PROGRESS") : Poller.State.done());
    }

}
