package dev.trae.aws.vision;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.cache.CacheKey;
import dev.trae.aws.core.cache.ContentCache;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.vision.internal.AsyncAnalysis;
import dev.trae.aws.vision.internal.BatchRunner;
import dev.trae.aws.vision.internal.BlockParser;
import dev.trae.aws.vision.internal.RekognitionMapper;
import dev.trae.aws.vision.internal.TextractRequests;
import dev.trae.aws.vision.model.Detection;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.Face;
import dev.trae.aws.vision.model.Label;
import dev.trae.aws.vision.model.ModerationLabel;
import dev.trae.aws.vision.model.TextLine;
import dev.trae.aws.vision.model.VideoLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.textract.TextractClient;

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
    private final JobRunner runner;
    private final boolean ownsRunner;
    private final BatchRunner batchRunner;
    private final int parallelism;
    private final AsyncAnalysis async;
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
        this.verifyS3Objects = b.verifyS3Objects;
        this.ownsRunner = b.runner == null;
        this.runner = b.runner != null ? b.runner : JobRunner.create(config.jobStore());
        this.parallelism = b.parallelism;
        this.batchRunner = new BatchRunner(parallelism, b.batchRetries);
        // asynchronous jobs are polled at a fixed interval until the service ends them; TraeJob.await bounds the wait
        this.async = new AsyncAnalysis(rek, tex, b.pollInterval);
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
        return rekognition("DetectLabels", image, "min=" + minConfidence + ",max=" + maxLabels, (c, img) ->
                RekognitionMapper.labels(c.detectLabels(q -> q.image(img).minConfidence(minConfidence).maxLabels(maxLabels))));
    }

    /** Text lines with their words and geometry. */
    public Detection<List<TextLine>> detectText(ImageSource image) {
        return rekognition("DetectText", image, "", (c, img) -> RekognitionMapper.textLines(c.detectText(q -> q.image(img))));
    }

    /** Unsafe-content labels with confidence at least {@code minConfidence}. */
    public Detection<List<ModerationLabel>> detectModerationLabels(ImageSource image, float minConfidence) {
        confidence(minConfidence);
        return rekognition("DetectModerationLabels", image, "min=" + minConfidence, (c, img) ->
                RekognitionMapper.moderationLabels(c.detectModerationLabels(q -> q.image(img).minConfidence(minConfidence))));
    }

    /** Faces; with {@code allAttributes} also age range, smile and emotions. */
    public Detection<List<Face>> detectFaces(ImageSource image, boolean allAttributes) {
        return rekognition("DetectFaces", image, "all=" + allAttributes, (c, img) ->
                RekognitionMapper.faces(c.detectFaces(q -> q.image(img).attributes(allAttributes ? Attribute.ALL : Attribute.DEFAULT))));
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

    private <T> Detection<T> rekognition(String op, ImageSource source, String params, BiFunction<RekognitionClient, Image, T> call) {
        Objects.requireNonNull(source, "image");
        if (source.isS3()) {
            verifyS3(source, ImageLimits.REKOGNITION.maxS3Bytes());
            Image img = Image.builder().s3Object(o -> o.bucket(source.bucket().orElseThrow()).name(source.key().orElseThrow())).build();
            return new Detection<>(rek.call(op, c -> call.apply(c, img)), List.of(), false);
        }
        return cached(REK, op, source, params, ImageLimits.REKOGNITION,
                bytes -> rek.call(op, c -> call.apply(c, Image.builder().bytes(SdkBytes.fromByteArrayUnsafe(bytes)).build())));
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
            T value = call.apply(n.bytes()); // the call goes through the service's guarded client
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
        HeadObjectResponse h = s3Guarded.call("HeadObject", Idempotency.IDEMPOTENT, c -> c.headObject(r -> r.bucket(bucket).key(key)));
        if (h.contentLength() != null && h.contentLength() > maxBytes) {
            throw new TraeValidationException("image", source.name() + " is " + h.contentLength() + " bytes, over the " + maxBytes
                    + "-byte limit; S3 objects are not resized: store a smaller copy");
        }
    }

    // ------------------------------------------------------------------ Textract

    /** Lines and words of a single-page document (PNG, JPEG, one-page PDF or TIFF, up to 10 MB). */
    public Detection<Document> detectDocumentText(ImageSource document) {
        return textract("DetectDocumentText", document, "", (c, doc) -> {
            var r = c.detectDocumentText(q -> q.document(doc));
            return BlockParser.parse(r.blocks(), r.documentMetadata() == null ? null : r.documentMetadata().pages());
        });
    }

    /** Tables, forms, queries, signatures and/or layout of a single-page document. */
    public Detection<Document> analyzeDocument(ImageSource document, DocumentFeatures features) {
        Objects.requireNonNull(features, "features");
        return textract("AnalyzeDocument", document, features.features() + "|" + features.queries(), (c, doc) -> {
            var r = c.analyzeDocument(q -> {
                q.document(doc).featureTypes(TextractRequests.featureTypes(features));
                if (!features.queries().isEmpty()) {
                    q.queriesConfig(TextractRequests.queries(features));
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
                                         BiFunction<TextractClient, software.amazon.awssdk.services.textract.model.Document, Document> call) {
        Objects.requireNonNull(source, "document");
        if (source.isS3()) {
            verifyS3(source, ImageLimits.TEXTRACT_SYNC.maxS3Bytes());
            var doc = software.amazon.awssdk.services.textract.model.Document.builder()
                    .s3Object(o -> o.bucket(source.bucket().orElseThrow()).name(source.key().orElseThrow())).build();
            return new Detection<>(tex.call(op, c -> call.apply(c, doc)), List.of(), false);
        }
        return cached(TEX, op, source, params, ImageLimits.TEXTRACT_SYNC, bytes -> tex.call(op, c -> call.apply(c,
                software.amazon.awssdk.services.textract.model.Document.builder().bytes(SdkBytes.fromByteArrayUnsafe(bytes)).build())));
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
        return batchRunner.run(inputs, src -> operation.apply(this, src), listener);
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
        return runner.submit(VIDEO_JOB_KIND, ctx -> async.video(ctx, bucket, key, minConfidence));
    }

    /** Resumes a video job by id after a crash or cancel. */
    public TraeJob<VideoLabels> resumeVideoLabelDetection(String jobId, String bucket, String key, float minConfidence) {
        return runner.resume(jobId, ctx -> async.video(ctx, bucket, key, minConfidence));
    }

    /**
     * Analyses a multi-page PDF or TIFF in S3 as a {@link TraeJob}: StartDocumentAnalysis, polls
     * GetDocumentAnalysis until done, pages through all blocks with NextToken, and parses them into one
     * {@link Document}. Progress: STARTED, IN_PROGRESS, FETCHING (blocks so far), DONE.
     */
    public TraeJob<Document> startDocumentAnalysis(String bucket, String key, DocumentFeatures features) {
        ImageSource.s3(bucket, key);
        Objects.requireNonNull(features, "features");
        return runner.submit(DOCUMENT_JOB_KIND, ctx -> async.document(ctx, bucket, key, features));
    }

    /**
     * Detects the text (pages, lines, words) of a multi-page PDF or TIFF in S3 as a {@link TraeJob}:
     * StartDocumentTextDetection, then GetDocumentTextDetection polls and pages, as {@link #startDocumentAnalysis}.
     */
    public TraeJob<Document> startDocumentTextDetection(String bucket, String key) {
        ImageSource.s3(bucket, key);
        return runner.submit(DOCUMENT_JOB_KIND, ctx -> async.document(ctx, bucket, key, null));
    }

    /** Resumes an asynchronous Textract job by id. */
    public TraeJob<Document> resumeDocumentAnalysis(String jobId, String bucket, String key, DocumentFeatures features) {
        return runner.resume(jobId, ctx -> async.document(ctx, bucket, key, features));
    }

    // ------------------------------------------------------------------ checks

    private static void confidence(float c) {
        if (!(c >= 0 && c <= 100)) {
            throw new TraeValidationException("minConfidence", "must be between 0 and 100, was " + c);
        }
    }

    @Override
    public void close() {
        batchRunner.close();
        if (ownsRunner) {
            runner.close();
        }
        rek.close();
        tex.close();
        if (s3Guarded != null) {
            s3Guarded.close();
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
