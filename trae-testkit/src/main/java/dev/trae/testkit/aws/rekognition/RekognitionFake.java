package dev.trae.testkit.aws.rekognition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;
import dev.trae.testkit.aws.textract.FakeDocument.Box;

/**
 * Trae Local fake of Amazon Rekognition (AWS JSON 1.1, target prefix {@code RekognitionService}):
 * {@code DetectLabels} (instances with bounding boxes, parents), {@code DetectText} (LINE and WORD
 * detections with ParentId and geometry), {@code DetectModerationLabels}, {@code DetectFaces}, and
 * {@code StartLabelDetection}/{@code GetLabelDetection} for video with job states and {@code NextToken}
 * pages.
 *
 * <p>What an image shows is a {@link FakeImage} programmed per image SHA-256
 * ({@link #program(byte[], FakeImage)}) or per S3 object; anything else gets {@link FakeImage#sample(String)}
 * for its hash. Like the service, it refuses empty images, images over 5 MB
 * ({@code ImageTooLargeException}) and formats other than PNG and JPEG ({@code InvalidImageFormatException}).
 * Thread-safe.
 */
public final class RekognitionFake implements FakeService {
    /** Rekognition's limit for image bytes. */
    public static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;
    /** DetectText reports at most this many words (https://docs.aws.amazon.com/rekognition/latest/dg/limits.html). */
    public static final int MAX_WORDS = 100;

    private final Map<String, FakeImage> byHash = new ConcurrentHashMap<>();
    private final Map<String, FakeImage> byS3 = new ConcurrentHashMap<>();
    private final Map<String, VideoJob> videos = new ConcurrentHashMap<>();
    private volatile int pollsBeforeDone = 2;
    private volatile int videoLabels = 25;
    private volatile int videoPageSize = 10;

    private static final class VideoJob {
        final String key;
        final AtomicInteger polls = new AtomicInteger();

        VideoJob(String key) {
            this.key = key;
        }
    }

    // Request checks: enum values (Features, Attributes, SortBy, AggregateBy...) and member types from the Rekognition SDK
    // model; required members, lengths, patterns and ranges from each operation's reference page. Rekognition answers
    // ValidationException for them (https://docs.aws.amazon.com/rekognition/latest/APIReference/CommonErrors.html).
    private static final String TOKEN = "^[a-zA-Z0-9-_]+$";
    private static final Map<String, dev.trae.testkit.wire.RequestCheck> CHECKS = Map.of(
            // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectLabels.html
            "DetectLabels", rek("DetectLabelsRequest", c -> c.required("Image").range("MaxLabels", 0, Integer.MAX_VALUE).length("Features", 0, 2)),
            // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectText.html
            "DetectText", rek("DetectTextRequest", c -> c.required("Image")),
            // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectModerationLabels.html
            "DetectModerationLabels", rek("DetectModerationLabelsRequest", c -> c.required("Image").length("ProjectVersion", 20, 2048)),
            // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectFaces.html
            "DetectFaces", rek("DetectFacesRequest", c -> c.required("Image")),
            // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_StartLabelDetection.html
            "StartLabelDetection", rek("StartLabelDetectionRequest", c -> c.required("Video").length("ClientRequestToken", 1, 64)
                    .pattern("ClientRequestToken", TOKEN).length("JobTag", 1, 1024).pattern("JobTag", "[a-zA-Z0-9_.\\-:+=/]+")
                    .length("Features", 0, 1)),
            // https://docs.aws.amazon.com/rekognition/latest/APIReference/API_GetLabelDetection.html
            "GetLabelDetection", rek("GetLabelDetectionRequest", c -> c.required("JobId").length("JobId", 1, 64).pattern("JobId", TOKEN)
                    .range("MaxResults", 1, Integer.MAX_VALUE).length("NextToken", 0, 255)));

    private static dev.trae.testkit.wire.RequestCheck rek(String model, java.util.function.UnaryOperator<dev.trae.testkit.wire.SdkModelCheck> d) {
        return dev.trae.testkit.wire.SdkModelCheck.ifPresent("software.amazon.awssdk.services.rekognition.model." + model, d);
    }

    /** Answers only requests whose X-Amz-Target has this service's prefix, as the service does. */
    private static dev.trae.testkit.wire.Handler targeted(dev.trae.testkit.wire.Handler h) {
        return req -> req.header("X-Amz-Target").orElse("").startsWith("RekognitionService.") ? h.handle(req)
                : FakeResponse.error(400, "UnknownOperationException", "X-Amz-Target must start with RekognitionService.");
    }

    @Override
    public void install(FakeAwsServer server) {
        server.json("DetectLabels", targeted(req -> image(req, this::labels)));
        server.json("DetectText", targeted(req -> image(req, this::text)));
        server.json("DetectModerationLabels", targeted(req -> image(req, this::moderation)));
        server.json("DetectFaces", targeted(req -> image(req, this::faces)));
        server.json("StartLabelDetection", targeted(this::startVideo));
        server.json("GetLabelDetection", targeted(this::getVideo));
        CHECKS.forEach(server::validate);
    }

    /** Programs what an image shows. Returns this fake. */
    public RekognitionFake program(byte[] image, FakeImage content) {
        byHash.put(sha256(image), content);
        return this;
    }

    /** Programs what an S3 image shows. */
    public RekognitionFake programS3(String bucket, String key, FakeImage content) {
        byS3.put(bucket + "/" + key, content);
        return this;
    }

    /** How many GetLabelDetection polls answer IN_PROGRESS (default 2). */
    public RekognitionFake pollsBeforeDone(int n) {
        this.pollsBeforeDone = n;
        return this;
    }

    /** How many label detections a video yields (default 25). A video whose key contains "fail" fails. */
    public RekognitionFake videoLabels(int n) {
        this.videoLabels = n;
        return this;
    }

    /** The most label detections per GetLabelDetection page (default 10; a smaller request MaxResults wins). */
    public RekognitionFake videoPageSize(int n) {
        this.videoPageSize = n;
        return this;
    }

    private interface Responder {
        ObjectNode answer(FakeImage img, JsonNode request);
    }

    private FakeResponse image(FakeRequest req, Responder responder) {
        JsonNode in = req.json();
        JsonNode image = in.path("Image");
        FakeImage content;
        if (image.has("Bytes")) {
            byte[] bytes = Base64.getDecoder().decode(image.get("Bytes").asText());
            if (bytes.length == 0) {
                return FakeResponse.error(400, "InvalidParameterException", "Request has invalid parameters");
            }
            if (bytes.length > MAX_IMAGE_BYTES) {
                return FakeResponse.error(400, "ImageTooLargeException", "Image size is too large.");
            }
            String fmt = format(bytes);
            if (!fmt.equals("png") && !fmt.equals("jpeg")) {
                return FakeResponse.error(400, "InvalidImageFormatException", "Request has invalid image format");
            }
            String sha = sha256(bytes);
            content = byHash.getOrDefault(sha, null);
            if (content == null) {
                content = FakeImage.sample(sha);
            }
        } else if (image.has("S3Object")) {
            String k = image.path("S3Object").path("Bucket").asText() + "/" + image.path("S3Object").path("Name").asText();
            content = byS3.get(k);
            if (content == null) {
                content = FakeImage.sample(sha256(k.getBytes(StandardCharsets.UTF_8)));
            }
        } else {
            return FakeResponse.error(400, "InvalidParameterException", "Image is required");
        }
        return FakeResponse.json(responder.answer(content, in));
    }

    private ObjectNode labels(FakeImage img, JsonNode in) {
        double min = in.path("MinConfidence").asDouble(55);
        int max = in.path("MaxLabels").asInt(1000);
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("Labels");
        img.labels().stream().filter(l -> l.confidence() >= min).limit(max).forEach(l -> arr.add(label(l)));
        out.put("LabelModelVersion", "3.0");
        return out;
    }

    private static ObjectNode label(FakeImage.Label l) {
        ObjectNode n = Json.object();
        n.put("Name", l.name());
        n.put("Confidence", l.confidence());
        ArrayNode inst = n.putArray("Instances");
        for (Box b : l.instances()) {
            ObjectNode i = inst.addObject();
            i.set("BoundingBox", box(b));
            i.put("Confidence", l.confidence());
        }
        ArrayNode parents = n.putArray("Parents");
        l.parents().forEach(p -> parents.addObject().put("Name", p));
        n.putArray("Aliases");
        n.putArray("Categories");
        return n;
    }

    private ObjectNode text(FakeImage img, JsonNode in) {
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("TextDetections");
        int id = 0;
        List<ObjectNode> words = new ArrayList<>();
        int wordCount = 0;
        for (FakeImage.Text t : img.texts()) {
            List<FakeImage.Word> ws = new ArrayList<>(t.words());
            if (ws.isEmpty()) {
                String[] parts = t.text().trim().split("\\s+");
                int total = Math.max(1, t.text().trim().length());
                double x = t.box().left();
                for (String w : parts) {
                    double width = t.box().width() * w.length() / total;
                    ws.add(new FakeImage.Word(w, new Box(x, t.box().top(), width, t.box().height())));
                    x += width + t.box().width() / total;
                }
            }
            // DetectText detects at most 100 words in an image
            // (https://docs.aws.amazon.com/rekognition/latest/dg/limits.html): lines past that are not reported
            if (wordCount + ws.size() > MAX_WORDS) {
                break;
            }
            wordCount += ws.size();
            int lineId = id++;
            arr.add(detection(t.text(), "LINE", lineId, -1, t.box()));
            for (FakeImage.Word w : ws) {
                words.add(detection(w.text(), "WORD", id++, lineId, w.box()));
            }
        }
        words.forEach(arr::add);
        out.put("TextModelVersion", "3.0");
        return out;
    }

    private static ObjectNode detection(String text, String type, int id, int parent, Box box) {
        ObjectNode n = Json.object();
        n.put("DetectedText", text);
        n.put("Type", type);
        n.put("Id", id);
        if (parent >= 0) {
            n.put("ParentId", parent);
        }
        n.put("Confidence", 98.5);
        n.set("Geometry", geometry(box));
        return n;
    }

    private ObjectNode moderation(FakeImage img, JsonNode in) {
        double min = in.path("MinConfidence").asDouble(50);
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("ModerationLabels");
        for (FakeImage.Moderation m : img.moderation()) {
            if (m.confidence() >= min) {
                ObjectNode n = arr.addObject();
                n.put("Confidence", m.confidence());
                n.put("Name", m.name());
                n.put("ParentName", m.parent());
                n.put("TaxonomyLevel", m.parent().isEmpty() ? 1 : 2);
            }
        }
        out.put("ModerationModelVersion", "7.0");
        return out;
    }

    private ObjectNode faces(FakeImage img, JsonNode in) {
        boolean all = false;
        for (JsonNode a : in.path("Attributes")) {
            all |= "ALL".equals(a.asText());
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("FaceDetails");
        for (FakeImage.Face f : img.faces()) {
            ObjectNode n = arr.addObject();
            n.set("BoundingBox", box(f.box()));
            n.put("Confidence", 99.9);
            if (all) {
                n.putObject("AgeRange").put("Low", f.ageLow()).put("High", f.ageHigh());
                n.putObject("Smile").put("Value", f.smile()).put("Confidence", 95.0);
                n.putArray("Emotions").addObject().put("Type", f.emotion()).put("Confidence", 90.0);
            }
            ArrayNode lm = n.putArray("Landmarks");
            lm.addObject().put("Type", "eyeLeft").put("X", f.box().left() + f.box().width() * 0.3).put("Y", f.box().top() + f.box().height() * 0.4);
            lm.addObject().put("Type", "eyeRight").put("X", f.box().left() + f.box().width() * 0.7).put("Y", f.box().top() + f.box().height() * 0.4);
            n.putObject("Pose").put("Roll", 0.0).put("Yaw", 0.0).put("Pitch", 0.0);
            n.putObject("Quality").put("Brightness", 80.0).put("Sharpness", 90.0);
        }
        return out;
    }

    private FakeResponse startVideo(FakeRequest req) {
        JsonNode s3 = req.json().path("Video").path("S3Object");
        if (s3.path("Bucket").asText().isEmpty() || s3.path("Name").asText().isEmpty()) {
            return FakeResponse.error(400, "InvalidParameterException", "Video.S3Object is required");
        }
        String jobId = UUID.randomUUID().toString().replace("-", "");
        videos.put(jobId, new VideoJob(s3.path("Bucket").asText() + "/" + s3.path("Name").asText()));
        return FakeResponse.json(Map.of("JobId", jobId));
    }

    private FakeResponse getVideo(FakeRequest req) {
        JsonNode in = req.json();
        VideoJob job = videos.get(in.path("JobId").asText());
        if (job == null) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The requested resource could not be found.");
        }
        ObjectNode out = Json.object();
        if (job.polls.incrementAndGet() <= pollsBeforeDone) {
            out.put("JobStatus", "IN_PROGRESS");
            return FakeResponse.json(out);
        }
        if (job.key.contains("fail")) {
            out.put("JobStatus", "FAILED");
            out.put("StatusMessage", "Unsupported codec/format.");
            return FakeResponse.json(out);
        }
        int total = videoLabels;
        int max = Math.max(1, Math.min(videoPageSize, in.path("MaxResults").asInt(1000)));
        int from = in.hasNonNull("NextToken") ? Integer.parseInt(in.get("NextToken").asText().substring(2)) : 0;
        int to = Math.min(total, from + max);
        out.put("JobStatus", "SUCCEEDED");
        out.putObject("VideoMetadata").put("Codec", "h264").put("DurationMillis", total * 500L).put("Format", "QuickTime / MOV")
                .put("FrameRate", 30.0).put("FrameHeight", 720).put("FrameWidth", 1280);
        ArrayNode arr = out.putArray("Labels");
        for (int i = from; i < to; i++) {
            ObjectNode d = arr.addObject();
            d.put("Timestamp", i * 500L);
            FakeImage.Label l = new FakeImage.Label(i % 3 == 0 ? "Car" : "Person", 90 + i % 10,
                    List.of(new Box(0.1 + (i % 5) * 0.1, 0.3, 0.2, 0.3)), i % 3 == 0 ? List.of("Vehicle") : List.of());
            d.set("Label", label(l));
        }
        if (to < total) {
            out.put("NextToken", "t:" + to);
        }
        out.put("LabelModelVersion", "3.0");
        return FakeResponse.json(out);
    }

    static ObjectNode box(Box b) {
        ObjectNode n = Json.object();
        n.put("Width", b.width()).put("Height", b.height()).put("Left", b.left()).put("Top", b.top());
        return n;
    }

    static ObjectNode geometry(Box b) {
        ObjectNode g = Json.object();
        g.set("BoundingBox", box(b));
        ArrayNode poly = g.putArray("Polygon");
        poly.addObject().put("X", b.left()).put("Y", b.top());
        poly.addObject().put("X", b.left() + b.width()).put("Y", b.top());
        poly.addObject().put("X", b.left() + b.width()).put("Y", b.top() + b.height());
        poly.addObject().put("X", b.left()).put("Y", b.top() + b.height());
        return g;
    }

    /** Lower-case hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The format from magic bytes: png, jpeg, gif, bmp, tiff, webp, pdf or unknown. */
    public static String format(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 4 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F') {
            return "pdf";
        }
        if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return "tiff";
        }
        if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return "gif";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        return "unknown";
    }
}
