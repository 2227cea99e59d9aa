package dev.trae.aws.vision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ErrorTranslator;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.cache.CacheKey;
import dev.trae.aws.core.cache.ContentCache;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.vision.internal.BlockParser;
import dev.trae.aws.vision.model.BoundingBox;
import dev.trae.aws.vision.model.Detection;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.Face;
import dev.trae.aws.vision.model.Geometry;
import dev.trae.aws.vision.model.Label;
import dev.trae.aws.vision.model.LabelInstance;
import dev.trae.aws.vision.model.ModerationLabel;
import dev.trae.aws.vision.model.Point;
import dev.trae.aws.vision.model.TextLine;
import dev.trae.aws.vision.model.TextWord;
import dev.trae.aws.vision.model.VideoLabel;
import dev.trae.aws.vision.model.VideoLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.DetectModerationLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.DetectTextResponse;
import software.amazon.awssdk.services.rekognition.model.Emotion;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.GetLabelDetectionResponse;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.LabelDetection;
import software.amazon.awssdk.services.rekognition.model.LabelDetectionSortBy;
import software.amazon.awssdk.services.rekognition.model.TextDetection;
import software.amazon.awssdk.services.rekognition.model.TextTypes;
import software.amazon.awssdk.services.rekognition.model.VideoJobStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.FeatureType;
import software.amazon.awssdk.services.textract.model.GetDocumentAnalysisResponse;
import software.amazon.awssdk.services.textract.model.JobStatus;
import software.amazon.awssdk.services.textract.model.QueriesConfig;

/**
 * Image, video and document analysis with Amazon Rekognition and Amazon Textract, with typed results.
 *
 * <ul>
 *   <li>Rekognition: labels (instances, boxes, parents), text (lines and words), moderation labels, faces,
 *       from bytes, files or S3 objects; video label detection as a {@link TraeJob}.</li>
 *   <li>Textract: {@code detectDocumentText}, {@code analyzeDocument} (tables, forms, queries, signatures,
 *       layout) into a typed {@link Document}; multi-page PDF/TIFF analysis from S3 as a {@link TraeJob}.</li>
 *   <li>Every byte or file input is normalised first ({@link ImageNormalizer}): what cannot be made valid
 *       is refused with a {@link TraeValidationException} before any call.</li>
 *   <li>Answers are cached by content hash (config {@code cache()}): a repeated image costs no call.</li>
 *   <li>Batches run on a bounded pool under the config's rate limit for "rekognition"/"textract"; one bad
 *       input never aborts a batch.</li>
 *   <li>UI screenshots become a {@link UiLayout} (overlay PNG, HTML skeleton).</li>
 * </ul>
 * Every call goes through core's guarded {@link ServiceClient} ({@link Resilience}: retry, breaker, rate limit,
 * bulkhead; error translation; observation). Thread-safe; share one.
 *
 * <pre>{@code
 * try (VisionClient vision = VisionClient.builder().config(config).rekognitionTps(20).parallelism(8).build()) {
 *     Detection<List<Label>> labels = vision.detectLabels(ImageSource.file(Path.of("street.jpg")));
 *     labels.changes().forEach(System.out::println);            // e.g. "applied EXIF orientation 6 ..."
 *     Document form = vision.analyzeDocument(ImageSource.file(Path.of("form.png")), DocumentFeatures.all()).value();
 *     System.out.println(form.tables().get(0).toCsv() + form.formToJson());
 *     VisionBatchResult<List<Label>> batch = vision.detectLabelsBatch(sources, ProgressListener.lines(System.out, 1000));
 * }
 * }</pre>
 */
public final class VisionClient implements AutoCloseable {
    /** Kind of the video label-detection jobs. */
    public static final String VIDEO_JOB_KIND = "rekognition-video-labels";
    /** Kind of the asynchronous Textract jobs. */
    public static final String DOCUMENT_JOB_KIND = "textract-analysis";
    private static final Logger LOG = LoggerFactory.getLogger(VisionClient.class);
    private static final String REK = "rekognition";
    private static final String TEX = "textract";

    private final TraeConfig config;
    private final Resilience resilience;
    private final ServiceClient<RekognitionClient> rek;
    private final ServiceClient<TextractClient> tex;
    private final ServiceClient<S3Client> s3Guarded;
    private final RekognitionClient rekognition;
    private final TextractClient textract;
    private final S3Client s3;
    private final JobRunner runner;
    private final boolean ownsRunner;
    private final ExecutorService pool;
    private final int parallelism;
    private final Duration pollInterval;
    private final int batchRetries;
    private final boolean verifyS3Objects;
    private final ContentCache<Detection<?>> cache;

    private VisionClient(Builder b) {
        TraeConfig c = Objects.requireNonNull(b.config, "config");
        this.config = c;
        AwsClients clients = AwsClients.of(config);
        this.resilience = clients.resilience();
        // this client's own TPS merges into the config's shared limiters (the stricter rate wins) instead of
        // forking a private copy of every breaker and limiter
        if (b.rekognitionTps != null) {
            resilience.withRateLimit(REK, b.rekognitionTps);
        }
        if (b.textractTps != null) {
            resilience.withRateLimit(TEX, b.textractTps);
        }
        this.rek = clients.service(Services.REKOGNITION, RekognitionClient::builder);
        this.tex = clients.service(Services.TEXTRACT, TextractClient::builder);
        this.s3Guarded = b.verifyS3Objects ? clients.service(Services.S3, S3Client::builder) : null;
        this.rekognition = rek.raw();
        this.textract = tex.raw();
        this.s3 = s3Guarded == null ? null : s3Guarded.raw();
        this.verifyS3Objects = b.verifyS3Objects;
        this.ownsRunner = b.runner == null;
        this.runner = b.runner != null ? b.runner : JobRunner.create(config.jobStore());
        this.parallelism = b.parallelism;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "trae-vision-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pollInterval = b.pollInterval;
        this.batchRetries = b.batchRetries;
        this.cache = ContentCache.create(config.cache(), d -> 4096);
    }

    /** A client with defaults: parallelism 8, no extra rate limit, 5-second job polls. */
    public static VisionClient create(TraeConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The effective config (with the rate limits set on the builder). */
    public TraeConfig config() {
        return config;
    }

    /** Number of answers served from the content cache so far. */
    public long cacheHits() {
        return cache.hitCount();
    }

    // ------------------------------------------------------------------ Rekognition

    /** Labels with confidence at least 55%, at most 100. */
    public Detection<List<Label>> detectLabels(ImageSource image) {
        return detectLabels(image, 55f, 100);
    }

    /** Labels (objects, scenes, concepts) with instances, boxes and parents. */
    public Detection<List<Label>> detectLabels(ImageSource image, float minConfidence, int maxLabels) {
        confidence(minConfidence);
        if (maxLabels < 1 || maxLabels > 1000) {
            throw new TraeValidationException("maxLabels", "must be between 1 and 1000, was " + maxLabels);
        }
        return rekognition("DetectLabels", image, "min=" + minConfidence + ",max=" + maxLabels, img -> {
            DetectLabelsResponse r = rekognition.detectLabels(q -> q.image(img).minConfidence(minConfidence).maxLabels(maxLabels));
            return r.labels().stream().map(VisionClient::label).toList();
        });
    }

    /** Text lines with their words and geometry. */
    public Detection<List<TextLine>> detectText(ImageSource image) {
        return rekognition("DetectText", image, "", img -> {
            DetectTextResponse r = rekognition.detectText(q -> q.image(img));
            List<TextLine> lines = new ArrayList<>();
            for (TextDetection d : r.textDetections()) {
                if (d.type() == TextTypes.LINE) {
                    List<TextWord> words = r.textDetections().stream()
                            .filter(w -> w.type() == TextTypes.WORD && Objects.equals(w.parentId(), d.id()))
                            .map(w -> new TextWord(w.detectedText(), f(w.confidence()), geometry(w.geometry())))
                            .toList();
                    lines.add(new TextLine(d.detectedText(), f(d.confidence()), geometry(d.geometry()), words));
                }
            }
            return lines;
        });
    }

    /** Unsafe-content labels with confidence at least {@code minConfidence}. */
    public Detection<List<ModerationLabel>> detectModerationLabels(ImageSource image, float minConfidence) {
        confidence(minConfidence);
        return rekognition("DetectModerationLabels", image, "min=" + minConfidence, img -> {
            DetectModerationLabelsResponse r = rekognition.detectModerationLabels(q -> q.image(img).minConfidence(minConfidence));
            return r.moderationLabels().stream().map(m -> new ModerationLabel(nz(m.name()), nz(m.parentName()), f(m.confidence()),
                    m.taxonomyLevel() == null ? (nz(m.parentName()).isEmpty() ? 1 : 2) : m.taxonomyLevel())).toList();
        });
    }

    /** Faces; with {@code allAttributes} also age range, smile and emotions. */
    public Detection<List<Face>> detectFaces(ImageSource image, boolean allAttributes) {
        return rekognition("DetectFaces", image, "all=" + allAttributes, img -> {
            DetectFacesResponse r = rekognition.detectFaces(q -> q.image(img).attributes(allAttributes ? Attribute.ALL : Attribute.DEFAULT));
            List<Face> out = new ArrayList<>();
            for (FaceDetail fd : r.faceDetails()) {
                String emotion = fd.emotions().stream().max(java.util.Comparator.comparingDouble((Emotion e) -> f(e.confidence())))
                        .map(Emotion::typeAsString).orElse("");
                out.add(new Face(box(fd.boundingBox()), f(fd.confidence()), fd.ageRange() == null ? 0 : fd.ageRange().low(),
                        fd.ageRange() == null ? 0 : fd.ageRange().high(), fd.smile() != null && Boolean.TRUE.equals(fd.smile().value()), emotion));
            }
            return out;
        });
    }

    /** Text lines and labels of a UI screenshot combined into a {@link UiLayout}. */
    public Detection<UiLayout> analyzeUi(ImageSource screenshot) {
        if (screenshot.isS3()) {
            throw new TraeValidationException("screenshot", "UI analysis needs the image bytes (for sizes and the overlay); pass bytes or a file");
        }
        NormalizedImage n = ImageNormalizer.normalize(screenshot.read(), ImageLimits.REKOGNITION);
        ImageSource normalized = ImageSource.bytes(screenshot.name(), n.bytes());
        Detection<List<TextLine>> text = detectText(normalized);
        Detection<List<Label>> labels = detectLabels(normalized, 50f, 200);
        java.awt.image.BufferedImage pixels;
        try {
            pixels = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(n.bytes()));
        } catch (java.io.IOException e) {
            throw new TraeValidationException("screenshot", "cannot be decoded: " + e.getMessage());
        }
        UiLayout layout = pixels == null ? UiLayout.from(text.value(), labels.value(), n.width(), n.height())
                : UiLayout.from(text.value(), labels.value(), pixels);
        return new Detection<>(layout, n.changes(), text.fromCache() && labels.fromCache());
    }

    private <T> Detection<T> rekognition(String op, ImageSource source, String params, Function<Image, T> call) {
        Objects.requireNonNull(source, "image");
        if (source.isS3()) {
            verifyS3(source, ImageLimits.REKOGNITION.maxS3Bytes());
            Image img = Image.builder().s3Object(o -> o.bucket(source.bucket().orElseThrow()).name(source.key().orElseThrow())).build();
            return new Detection<>(rek.call(op, c -> call.apply(img)), List.of(), false);
        }
        return cached(REK, op, source, params, ImageLimits.REKOGNITION,
                bytes -> call.apply(Image.builder().bytes(SdkBytes.fromByteArrayUnsafe(bytes)).build()));
    }

    /** Looks up the content cache; on a miss normalises (refusing bad input before any call) and calls once. */
    @SuppressWarnings("unchecked")
    private <T> Detection<T> cached(String service, String op, ImageSource source, String params, ImageLimits limits, Function<byte[], T> call) {
        byte[] raw = source.read();
        CacheKey key = CacheKey.builder(service + ":" + op).add("params", params).add(raw).build();
        Optional<Detection<?>> hit = cache.getIfPresent(key);
        if (hit.isPresent()) {
            return ((Detection<T>) hit.get()).asCached();
        }
        NormalizedImage n = ImageNormalizer.normalize(raw, limits);
        boolean[] loaded = {false};
        Detection<?> d = cache.get(key, k -> {
            loaded[0] = true;
            T value = (TEX.equals(service) ? tex.call(op, c -> call.apply(n.bytes())) : rek.call(op, c -> call.apply(n.bytes())));
            return new Detection<>(value, n.changes(), false);
        });
        return loaded[0] ? (Detection<T>) d : ((Detection<T>) d).asCached();
    }

    private void verifyS3(ImageSource source, long maxBytes) {
        if (!verifyS3Objects) {
            return;
        }
        String bucket = source.bucket().orElseThrow();
        String key = source.key().orElseThrow();
        HeadObjectResponse h = s3Guarded.call("HeadObject", Idempotency.IDEMPOTENT, c -> s3.headObject(r -> r.bucket(bucket).key(key)));
        if (h.contentLength() != null && h.contentLength() > maxBytes) {
            throw new TraeValidationException("image", source.name() + " is " + h.contentLength() + " bytes, over the " + maxBytes
                    + "-byte limit; S3 objects are not resized: store a smaller copy");
        }
    }

    // ------------------------------------------------------------------ Textract

    /** Lines and words of a single-page document (PNG, JPEG, one-page PDF or TIFF, up to 10 MB). */
    public Detection<Document> detectDocumentText(ImageSource document) {
        return textract("DetectDocumentText", document, "", doc -> {
            var r = textract.detectDocumentText(q -> q.document(doc));
            return BlockParser.parse(r.blocks(), r.documentMetadata() == null ? null : r.documentMetadata().pages());
        });
    }

    /** Tables, forms, queries, signatures and/or layout of a single-page document. */
    public Detection<Document> analyzeDocument(ImageSource document, DocumentFeatures features) {
        Objects.requireNonNull(features, "features");
        return textract("AnalyzeDocument", document, features.features() + "|" + features.queries(), doc -> {
            var r = textract.analyzeDocument(q -> {
                q.document(doc).featureTypes(featureTypes(features));
                if (!features.queries().isEmpty()) {
                    q.queriesConfig(queries(features));
                }
            });
            return BlockParser.parse(r.blocks(), r.documentMetadata() == null ? null : r.documentMetadata().pages());
        });
    }

    /** Lambda overload: {@code analyzeDocument(src, f -> f.tables().forms())}. */
    public Detection<Document> analyzeDocument(ImageSource document, java.util.function.Consumer<DocumentFeatures.Builder> features) {
        DocumentFeatures.Builder b = DocumentFeatures.builder();
        features.accept(b);
        return analyzeDocument(document, b.build());
    }

    private Detection<Document> textract(String op, ImageSource source, String params,
                                         Function<software.amazon.awssdk.services.textract.model.Document, Document> call) {
        Objects.requireNonNull(source, "document");
        if (source.isS3()) {
            verifyS3(source, ImageLimits.TEXTRACT_SYNC.maxS3Bytes());
            var doc = software.amazon.awssdk.services.textract.model.Document.builder()
                    .s3Object(o -> o.bucket(source.bucket().orElseThrow()).name(source.key().orElseThrow())).build();
            return new Detection<>(tex.call(op, c -> call.apply(doc)), List.of(), false);
        }
        return cached(TEX, op, source, params, ImageLimits.TEXTRACT_SYNC,
                bytes -> call.apply(software.amazon.awssdk.services.textract.model.Document.builder().bytes(SdkBytes.fromByteArrayUnsafe(bytes)).build()));
    }

    private static List<FeatureType> featureTypes(DocumentFeatures f) {
        return f.features().stream().sorted().map(x -> FeatureType.fromValue(x.name())).toList();
    }

    private static QueriesConfig queries(DocumentFeatures f) {
        return QueriesConfig.builder().queries(f.queries().stream().map(q -> {
            var b = software.amazon.awssdk.services.textract.model.Query.builder().text(q.text());
            if (!q.alias().isEmpty()) {
                b.alias(q.alias());
            }
            return b.build();
        }).toList()).build();
    }

    // ------------------------------------------------------------------ batch

    /** {@link #detectLabels(ImageSource)} over many images; see {@link #batch(List, BiFunction, ProgressListener)}. */
    public VisionBatchResult<List<Label>> detectLabelsBatch(List<ImageSource> images, ProgressListener listener) {
        return batch(images, VisionClient::detectLabels, listener);
    }

    /** {@link #analyzeDocument(ImageSource, DocumentFeatures)} over many documents. */
    public VisionBatchResult<Document> analyzeDocumentBatch(List<ImageSource> documents, DocumentFeatures features, ProgressListener listener) {
        return batch(documents, (v, d) -> v.analyzeDocument(d, features), listener);
    }

    /**
     * Runs {@code operation} for every input on this client's bounded pool ({@code parallelism} threads).
     * Calls go through the rate limiter of the service, so the batch never exceeds the configured TPS.
     * Repeated inputs are answered from the content cache. A throttled item (after the retry policy) is
     * tried again up to {@code batchRetries} times with backoff; any other error becomes that item's error.
     * Progress is reported per finished item. Blocks until all items finish.
     */
    public <T> VisionBatchResult<T> batch(List<ImageSource> inputs, BiFunction<VisionClient, ImageSource, Detection<T>> operation,
                                    ProgressListener listener) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(operation, "operation");
        long t0 = System.nanoTime();
        ProgressTracker tracker = new ProgressTracker("vision-batch-" + UUID.randomUUID().toString().substring(0, 8), "images", inputs.size());
        if (listener != null) {
            tracker.addListener(listener);
        }
        List<Future<BatchItem<T>>> futures = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            final int index = i;
            final ImageSource src = inputs.get(i);
            futures.add(pool.submit(() -> {
                BatchItem<T> item = runItem(index, src, operation);
                tracker.advance(1);
                return item;
            }));
        }
        List<BatchItem<T>> items = new ArrayList<>(inputs.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                items.add(futures.get(i).get());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new TraeCancelledException("batch interrupted after " + items.size() + " of " + inputs.size() + " items");
            } catch (java.util.concurrent.ExecutionException e) {
                String name = inputs.get(i) == null ? "null" : inputs.get(i).name();
                items.add(new BatchItem<>(i, name, Optional.empty(), Optional.of(ErrorTranslator.translate(e.getCause(), REK, "batch"))));
            }
        }
        return new VisionBatchResult<>(items, Duration.ofNanos(System.nanoTime() - t0));
    }

    private <T> BatchItem<T> runItem(int index, ImageSource src, BiFunction<VisionClient, ImageSource, Detection<T>> operation) {
        if (src == null) {
            return new BatchItem<>(index, "null", Optional.empty(), Optional.of(new TraeValidationException("inputs[" + index + "]", "is null")));
        }
        long backoff = 100;
        for (int attempt = 0; ; attempt++) {
            try {
                return new BatchItem<>(index, src.name(), Optional.of(operation.apply(this, src)), Optional.empty());
            } catch (RuntimeException e) {
                TraeException te = e instanceof TraeException t ? t : ErrorTranslator.translate(e, REK, "batch");
                boolean throttled = te instanceof TraeServiceException s && s.throttled();
                if (throttled && attempt < batchRetries) {
                    LOG.debug("batch item {} throttled after retries; trying again in {} ms", src.name(), backoff);
                    try {
                        Thread.sleep(backoff + (long) (Math.random() * backoff));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return new BatchItem<>(index, src.name(), Optional.empty(), Optional.of(new TraeCancelledException("interrupted")));
                    }
                    backoff = Math.min(5_000, backoff * 2);
                    continue;
                }
                return new BatchItem<>(index, src.name(), Optional.empty(), Optional.of(te));
            }
        }
    }

    // ------------------------------------------------------------------ async jobs

    /**
     * Starts label detection on an S3 video as a {@link TraeJob}: StartLabelDetection (idempotent per job
     * id), polls GetLabelDetection until the job leaves IN_PROGRESS, then pages through every result with
     * NextToken. Progress phases: STARTED, IN_PROGRESS (poll count), FETCHING (labels so far), DONE.
     * Resuming by id reuses the service job saved in the checkpoint.
     */
    public TraeJob<VideoLabels> startVideoLabelDetection(String bucket, String key, float minConfidence) {
        ImageSource.s3(bucket, key);
        confidence(minConfidence);
        return runner.submit(VIDEO_JOB_KIND, ctx -> videoWork(ctx, bucket, key, minConfidence));
    }

    /** Resumes a video job by id after a crash or cancel. */
    public TraeJob<VideoLabels> resumeVideoLabelDetection(String jobId, String bucket, String key, float minConfidence) {
        return runner.resume(jobId, ctx -> videoWork(ctx, bucket, key, minConfidence));
    }

    private VideoLabels videoWork(JobContext ctx, String bucket, String key, float minConfidence) throws InterruptedException {
        ProgressTracker tracker = ctx.tracker();
        String awsJob = ctx.checkpoint().get("awsJobId");
        if (awsJob == null) {
            String token = ctx.jobId().replaceAll("[^a-zA-Z0-9_-]", "-");
            awsJob = rek.call("StartLabelDetection", c -> rekognition.startLabelDetection(r -> r
                    .video(v -> v.s3Object(o -> o.bucket(bucket).name(key))).minConfidence(minConfidence)
                    .clientRequestToken(token.substring(0, Math.min(64, token.length()))))).jobId();
            ctx.saveCheckpoint(Map.of("awsJobId", awsJob));
        }
        final String id = awsJob;
        tracker.phase("STARTED", "Rekognition job " + id);
        GetLabelDetectionResponse page = poll(ctx, () -> rek.call("GetLabelDetection", Idempotency.IDEMPOTENT,
                c -> rekognition.getLabelDetection(r -> r.jobId(id).maxResults(1000).sortBy(LabelDetectionSortBy.TIMESTAMP))),
                r -> r.jobStatus() == VideoJobStatus.IN_PROGRESS);
        if (page.jobStatus() == VideoJobStatus.FAILED) {
            throw new VisionJobException("video label detection " + id + " failed: " + nz(page.statusMessage()), id);
        }
        List<VideoLabel> labels = new ArrayList<>();
        int pages = 1;
        var meta = page.videoMetadata();
        tracker.phase("FETCHING", "page 1");
        while (true) {
            for (LabelDetection d : page.labels()) {
                labels.add(new VideoLabel(d.timestamp() == null ? 0 : d.timestamp(), label(d.label())));
            }
            tracker.set(labels.size());
            String next = page.nextToken();
            if (next == null || next.isEmpty()) {
                break;
            }
            ctx.throwIfCancelled();
            page = rek.call("GetLabelDetection", Idempotency.IDEMPOTENT, c -> rekognition.getLabelDetection(r -> r.jobId(id).maxResults(1000)
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

    /**
     * Analyses a multi-page PDF or TIFF in S3 as a {@link TraeJob}: StartDocumentAnalysis, polls
     * GetDocumentAnalysis until done, pages through all blocks with NextToken, and parses them into one
     * {@link Document}. Progress: STARTED, IN_PROGRESS, FETCHING (blocks so far), DONE.
     */
    public TraeJob<Document> startDocumentAnalysis(String bucket, String key, DocumentFeatures features) {
        ImageSource.s3(bucket, key);
        Objects.requireNonNull(features, "features");
        return runner.submit(DOCUMENT_JOB_KIND, ctx -> documentWork(ctx, bucket, key, features));
    }

    /**
     * Detects the text (pages, lines, words) of a multi-page PDF or TIFF in S3 as a {@link TraeJob}:
     * StartDocumentTextDetection, then GetDocumentTextDetection polls and pages, as {@link #startDocumentAnalysis}.
     */
    public TraeJob<Document> startDocumentTextDetection(String bucket, String key) {
        ImageSource.s3(bucket, key);
        return runner.submit(DOCUMENT_JOB_KIND, ctx -> documentWork(ctx, bucket, key, null));
    }

    /** Resumes an asynchronous Textract job by id. */
    public TraeJob<Document> resumeDocumentAnalysis(String jobId, String bucket, String key, DocumentFeatures features) {
        return runner.resume(jobId, ctx -> documentWork(ctx, bucket, key, features));
    }

    private Document documentWork(JobContext ctx, String bucket, String key, DocumentFeatures features) throws InterruptedException {
        ProgressTracker tracker = ctx.tracker();
        String awsJob = ctx.checkpoint().get("awsJobId");
        if (awsJob == null && features == null) {
            String token = ctx.jobId().replaceAll("[^a-zA-Z0-9_-]", "-");
            awsJob = tex.call("StartDocumentTextDetection", c -> textract.startDocumentTextDetection(r -> r
                    .documentLocation(l -> l.s3Object(o -> o.bucket(bucket).name(key)))
                    .clientRequestToken(token.substring(0, Math.min(64, token.length()))))).jobId();
            ctx.saveCheckpoint(Map.of("awsJobId", awsJob));
        } else if (awsJob == null) {
            String token = ctx.jobId().replaceAll("[^a-zA-Z0-9_-]", "-");
            awsJob = tex.call("StartDocumentAnalysis", c -> textract.startDocumentAnalysis(r -> {
                r.documentLocation(l -> l.s3Object(o -> o.bucket(bucket).name(key))).featureTypes(featureTypes(features))
                        .clientRequestToken(token.substring(0, Math.min(64, token.length())));
                if (!features.queries().isEmpty()) {
                    r.queriesConfig(queries(features));
                }
            })).jobId();
            ctx.saveCheckpoint(Map.of("awsJobId", awsJob));
        }
        final String id = awsJob;
        tracker.phase("STARTED", "Textract job " + id);
        Function<String, GetDocumentAnalysisResponse> get = next -> features != null
                ? tex.call("GetDocumentAnalysis", Idempotency.IDEMPOTENT, c -> textract.getDocumentAnalysis(r -> r.jobId(id).maxResults(1000).nextToken(next)))
                : textDetectionPage(id, next);
        GetDocumentAnalysisResponse page = poll(ctx, () -> get.apply(null), r -> r.jobStatus() == JobStatus.IN_PROGRESS);
        if (page.jobStatus() == JobStatus.FAILED) {
            throw new VisionJobException("Textract analysis " + id + " failed: " + nz(page.statusMessage()), id);
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

    /** A GetDocumentTextDetection page in the shape of a GetDocumentAnalysis page (same members). */
    private GetDocumentAnalysisResponse textDetectionPage(String id, String next) {
        var r = tex.call("GetDocumentTextDetection", Idempotency.IDEMPOTENT, c -> textract.getDocumentTextDetection(q -> q.jobId(id).maxResults(1000).nextToken(next)));
        return GetDocumentAnalysisResponse.builder().jobStatus(r.jobStatusAsString()).statusMessage(r.statusMessage()).nextToken(r.nextToken())
                .blocks(r.blocks()).documentMetadata(r.documentMetadata()).warnings(r.warnings()).build();
    }

    private <R> R poll(JobContext ctx, Supplier<R> get, java.util.function.Predicate<R> inProgress) throws InterruptedException {
        int polls = 0;
        while (true) {
            ctx.throwIfCancelled();
            R r = get.get();
            if (!inProgress.test(r)) {
                return r;
            }
            polls++;
            ctx.tracker().phase("IN_PROGRESS", "poll " + polls);
            Thread.sleep(pollInterval.toMillis());
        }
    }

    // ------------------------------------------------------------------ conversions

    private static Label label(software.amazon.awssdk.services.rekognition.model.Label l) {
        List<LabelInstance> inst = l.instances().stream().map(i -> new LabelInstance(box(i.boundingBox()), f(i.confidence()))).toList();
        List<String> parents = l.parents().stream().map(p -> p.name()).toList();
        return new Label(nz(l.name()), f(l.confidence()), inst, parents);
    }

    private static BoundingBox box(software.amazon.awssdk.services.rekognition.model.BoundingBox b) {
        if (b == null) {
            return BoundingBox.EMPTY;
        }
        return new BoundingBox(f(b.left()), f(b.top()), f(b.width()), f(b.height()));
    }

    private static Geometry geometry(software.amazon.awssdk.services.rekognition.model.Geometry g) {
        if (g == null) {
            return Geometry.NONE;
        }
        return new Geometry(box(g.boundingBox()), g.polygon().stream().map(p -> new Point(f(p.x()), f(p.y()))).toList());
    }

    private static double f(Float v) {
        return v == null ? 0 : v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void confidence(float c) {
        if (!(c >= 0 && c <= 100)) {
            throw new TraeValidationException("minConfidence", "must be between 0 and 100, was " + c);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (ownsRunner) {
            runner.close();
        }
        rekognition.close();
        textract.close();
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "VisionClient[region=" + config.region() + ", parallelism=" + parallelism + ", rateLimits=" + config.resilience().rateLimits() + "]";
    }

    /** Builder for {@link VisionClient}. */
    public static final class Builder {
        private TraeConfig config;
        private Double rekognitionTps;
        private Double textractTps;
        private int parallelism = 8;
        private Duration pollInterval = Duration.ofSeconds(5);
        private int batchRetries = 3;
        private JobRunner runner;
        private boolean verifyS3Objects;

        private Builder() {
        }

        public Builder config(TraeConfig config) {
            this.config = config;
            return this;
        }

        /** Limits Rekognition calls to the account's TPS quota (e.g. 5 to 50 depending on region and operation). */
        public Builder rekognitionTps(double tps) {
            this.rekognitionTps = tps;
            return this;
        }

        /** Limits Textract calls to the account's TPS quota. */
        public Builder textractTps(double tps) {
            this.textractTps = tps;
            return this;
        }

        /** Threads of the batch pool (1 to 256, default 8). */
        public Builder parallelism(int n) {
            if (n < 1 || n > 256) {
                throw new TraeValidationException("parallelism", "must be between 1 and 256, was " + n);
            }
            this.parallelism = n;
            return this;
        }

        /** How often asynchronous jobs are polled (default 5 s). */
        public Builder pollInterval(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new TraeValidationException("pollInterval", "must be positive");
            }
            this.pollInterval = d;
            return this;
        }

        /** Extra tries of a batch item that is still throttled after the retry policy (0 to 20, default 3). */
        public Builder batchRetries(int n) {
            if (n < 0 || n > 20) {
                throw new TraeValidationException("batchRetries", "must be between 0 and 20, was " + n);
            }
            this.batchRetries = n;
            return this;
        }

        /** A shared job runner; by default the client owns one on the config's job store. */
        public Builder runner(JobRunner runner) {
            this.runner = runner;
            return this;
        }

        /** Checks S3 inputs with HeadObject (existence and size limit) before calling the service. */
        public Builder verifyS3Objects(boolean verify) {
            this.verifyS3Objects = verify;
            return this;
        }

        public VisionClient build() {
            return new VisionClient(this);
        }
    }
}
