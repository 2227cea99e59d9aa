package dev.trae.testkit.aws.textract;

import dev.trae.testkit.aws.rekognition.RekognitionFake;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

/**
 * Trae Local fake of Amazon Textract (AWS JSON 1.1, target prefix {@code Textract}):
 * {@code DetectDocumentText}, {@code AnalyzeDocument} (TABLES, FORMS, QUERIES, SIGNATURES, LAYOUT),
 * {@code StartDocumentAnalysis}/{@code GetDocumentAnalysis} and {@code StartDocumentTextDetection}/
 * {@code GetDocumentTextDetection} with job states and {@code NextToken} pages.
 *
 * <p>Responses are the documented block graph: PAGE, LINE, WORD, TABLE, CELL (RowIndex, ColumnIndex,
 * RowSpan, ColumnSpan, EntityTypes COLUMN_HEADER), MERGED_CELL, KEY_VALUE_SET (KEY/VALUE with CHILD and
 * VALUE relationships), QUERY/QUERY_RESULT (ANSWER), SIGNATURE and LAYOUT_* blocks, each with Geometry
 * (BoundingBox and Polygon). What a document contains is a {@link FakeDocument}, programmed per
 * document SHA-256 ({@link #program(byte[], FakeDocument)}) or per S3 object; anything else gets
 * {@link FakeDocument#sample(int)} seeded by its hash. Like the service, the sync operations refuse
 * documents over 10 MB, formats other than PNG/JPEG/PDF/TIFF, and multi-page PDFs. Thread-safe.
 */
public final class TextractFake implements FakeService {
    /** Sync API document limit. */
    public static final int MAX_SYNC_BYTES = 10 * 1024 * 1024;

    private final Map<String, FakeDocument> byHash = new ConcurrentHashMap<>();
    private final Map<String, FakeDocument> byS3 = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> recordedByHash = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> recordedByS3 = new ConcurrentHashMap<>();
    private volatile int pollsBeforeDone = 2;
    private volatile int blocksPerPage = 40;
    private final AtomicInteger jobsStarted = new AtomicInteger();

    private static final class Job {
        final List<JsonNode> blocks;
        final int pages;
        final boolean failed;
        final String modelVersionMember;
        final String modelVersion;
        final AtomicInteger polls = new AtomicInteger();

        Job(List<JsonNode> blocks, int pages, boolean failed) {
            this(blocks, pages, failed, "AnalyzeDocumentModelVersion", "1.0");
        }

        Job(List<JsonNode> blocks, int pages, boolean failed, String modelVersionMember, String modelVersion) {
            this.blocks = blocks;
            this.pages = pages;
            this.failed = failed;
            this.modelVersionMember = modelVersionMember;
            this.modelVersion = modelVersion;
        }
    }

    /** Answers only requests whose X-Amz-Target has this service's prefix, as the service does. */
    private static dev.trae.testkit.wire.Handler targeted(dev.trae.testkit.wire.Handler h) {
        return req -> req.header("X-Amz-Target").orElse("").startsWith("Textract.") ? h.handle(req)
                : FakeResponse.error(400, "UnknownOperationException", "X-Amz-Target must start with Textract.");
    }

    @Override
    public void install(FakeAwsServer server) {
        server.json("DetectDocumentText", targeted(req -> sync(req, false)));
        server.json("AnalyzeDocument", targeted(req -> sync(req, true)));
        server.json("StartDocumentAnalysis", targeted(req -> start(req, true)));
        server.json("GetDocumentAnalysis", targeted(this::get));
        server.json("StartDocumentTextDetection", targeted(req -> start(req, false)));
        server.json("GetDocumentTextDetection", targeted(this::get));
        CHECKS.forEach(server::validate);
    }

    // Request checks: enum values (FeatureTypes...) and member types from the Textract SDK model; required members, lengths
    // and patterns from each operation's reference page; Textract answers ValidationException for them.
    private static final String TOKEN = "^[a-zA-Z0-9-_]+$";
    private static final String TAG = "[a-zA-Z0-9_.\\-:]+";
    private static final String KMS = "^[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,2048}$";
    private static final Map<String, dev.trae.testkit.wire.RequestCheck> CHECKS = Map.of(
            // https://docs.aws.amazon.com/textract/latest/dg/API_DetectDocumentText.html
            "DetectDocumentText", tex("DetectDocumentTextRequest", c -> c.required("Document")),
            // https://docs.aws.amazon.com/textract/latest/dg/API_AnalyzeDocument.html
            "AnalyzeDocument", tex("AnalyzeDocumentRequest", c -> c.required("Document", "FeatureTypes")),
            // https://docs.aws.amazon.com/textract/latest/dg/API_StartDocumentAnalysis.html
            "StartDocumentAnalysis", tex("StartDocumentAnalysisRequest", c -> c.required("DocumentLocation", "FeatureTypes")
                    .length("ClientRequestToken", 1, 64).pattern("ClientRequestToken", TOKEN).length("JobTag", 1, 64).pattern("JobTag", TAG)
                    .length("KMSKeyId", 1, 2048).pattern("KMSKeyId", KMS)),
            // https://docs.aws.amazon.com/textract/latest/dg/API_StartDocumentTextDetection.html
            "StartDocumentTextDetection", tex("StartDocumentTextDetectionRequest", c -> c.required("DocumentLocation")
                    .length("ClientRequestToken", 1, 64).pattern("ClientRequestToken", TOKEN).length("JobTag", 1, 64).pattern("JobTag", TAG)
                    .length("KMSKeyId", 1, 2048).pattern("KMSKeyId", KMS)),
            // https://docs.aws.amazon.com/textract/latest/dg/API_GetDocumentAnalysis.html
            "GetDocumentAnalysis", tex("GetDocumentAnalysisRequest", c -> c.required("JobId").length("JobId", 1, 64).pattern("JobId", TOKEN)
                    .range("MaxResults", 1, Integer.MAX_VALUE).length("NextToken", 1, 1024)),
            // https://docs.aws.amazon.com/textract/latest/dg/API_GetDocumentTextDetection.html
            "GetDocumentTextDetection", tex("GetDocumentTextDetectionRequest", c -> c.required("JobId").length("JobId", 1, 64)
                    .pattern("JobId", TOKEN).range("MaxResults", 1, Integer.MAX_VALUE).length("NextToken", 1, 1024)));

    private static dev.trae.testkit.wire.RequestCheck tex(String model, java.util.function.UnaryOperator<dev.trae.testkit.wire.SdkModelCheck> d) {
        return dev.trae.testkit.wire.SdkModelCheck.ifPresent("software.amazon.awssdk.services.textract.model." + model, d);
    }

    /** Programs the content of a document (image or PDF bytes). Returns this fake. */
    public TextractFake program(byte[] document, FakeDocument content) {
        byHash.put(RekognitionFake.sha256(document), content);
        return this;
    }

    /** Programs the content of an S3 object for the async API. An object whose key contains "fail" makes the job fail. */
    public TextractFake programS3(String bucket, String key, FakeDocument content) {
        byS3.put(bucket + "/" + key, content);
        return this;
    }

    /**
     * Programs a saved real Textract response (a {@code DetectDocumentText} or {@code AnalyzeDocument} answer as
     * the service sent it) for a document sent as bytes: the sync call answers it as recorded, with only the
     * members of the operation's output shape
     * (https://docs.aws.amazon.com/textract/latest/dg/API_AnalyzeDocument.html#API_AnalyzeDocument_ResponseSyntax).
     * Returns this fake.
     */
    public TextractFake replay(byte[] document, JsonNode recordedResponse) {
        recordedByHash.put(RekognitionFake.sha256(document), recordedResponse);
        return this;
    }

    /**
     * Programs a saved real response for an S3 object: the sync call answers it, and an asynchronous job started
     * on the object returns its blocks through {@code Get*} pages with {@code NextToken}, as the service pages
     * them (https://docs.aws.amazon.com/textract/latest/dg/API_GetDocumentAnalysis.html). Returns this fake.
     */
    public TextractFake replayS3(String bucket, String key, JsonNode recordedResponse) {
        recordedByS3.put(bucket + "/" + key, recordedResponse);
        return this;
    }

    /** The members of a sync output shape, as a recorded response holds them (boto3's ResponseMetadata is not on the wire). */
    private static FakeResponse recorded(JsonNode rec, boolean analyze) {
        ObjectNode out = Json.object();
        for (String m : analyze ? List.of("DocumentMetadata", "Blocks", "HumanLoopActivationOutput", "AnalyzeDocumentModelVersion")
                : List.of("DocumentMetadata", "Blocks", "DetectDocumentTextModelVersion")) {
            if (rec.has(m)) {
                out.set(m, rec.get(m));
            }
        }
        return FakeResponse.json(out);
    }

    /** How many {@code Get*} polls answer IN_PROGRESS before a job completes (default 2). */
    public TextractFake pollsBeforeDone(int n) {
        this.pollsBeforeDone = n;
        return this;
    }

    /** The most blocks per {@code Get*} page (default 40; a smaller request MaxResults wins). */
    public TextractFake blocksPerPage(int n) {
        this.blocksPerPage = n;
        return this;
    }

    /** Async jobs started so far. */
    public int jobsStarted() {
        return jobsStarted.get();
    }

    private FakeResponse sync(FakeRequest req, boolean analyze) {
        JsonNode in = req.json();
        JsonNode doc = in.path("Document");
        FakeDocument content;
        if (doc.has("Bytes")) {
            byte[] bytes = Base64.getDecoder().decode(doc.get("Bytes").asText());
            if (bytes.length == 0) {
                return FakeResponse.error(400, "InvalidParameterException", "Request has invalid parameters");
            }
            if (bytes.length > MAX_SYNC_BYTES) {
                return FakeResponse.error(400, "DocumentTooLargeException", "S3 object size 0 is more than the maximum limit 10485760");
            }
            String fmt = RekognitionFake.format(bytes);
            if (!Set.of("png", "jpeg", "pdf", "tiff").contains(fmt)) {
                return FakeResponse.error(400, "UnsupportedDocumentException", "Request has unsupported document format");
            }
            if (fmt.equals("pdf") && pdfPages(bytes) != 1) {
                return FakeResponse.error(400, "UnsupportedDocumentException", "Request has unsupported document format");
            }
            String sha = RekognitionFake.sha256(bytes);
            if (recordedByHash.containsKey(sha)) {
                return recorded(recordedByHash.get(sha), analyze);
            }
            content = byHash.getOrDefault(sha, FakeDocument.sample(seed(sha)));
        } else if (doc.has("S3Object")) {
            String k = doc.path("S3Object").path("Bucket").asText() + "/" + doc.path("S3Object").path("Name").asText();
            if (recordedByS3.containsKey(k)) {
                return recorded(recordedByS3.get(k), analyze);
            }
            content = byS3.getOrDefault(k, FakeDocument.sample(seed(k)));
        } else {
            return FakeResponse.error(400, "InvalidParameterException", "Document is required");
        }
        Set<String> features = analyze ? features(in) : Set.of();
        if (analyze && features.isEmpty()) {
            return FakeResponse.error(400, "InvalidParameterException", "FeatureTypes must not be empty");
        }
        List<JsonNode> blocks = new Builder(features, queries(in)).build(content);
        ObjectNode out = Json.object();
        out.putObject("DocumentMetadata").put("Pages", content.pages().size());
        ArrayNode arr = out.putArray("Blocks");
        blocks.forEach(arr::add);
        out.put(analyze ? "AnalyzeDocumentModelVersion" : "DetectDocumentTextModelVersion", "1.0");
        return FakeResponse.json(out);
    }

    private FakeResponse start(FakeRequest req, boolean analyze) {
        JsonNode in = req.json();
        JsonNode s3 = in.path("DocumentLocation").path("S3Object");
        if (s3.path("Bucket").asText().isEmpty() || s3.path("Name").asText().isEmpty()) {
            return FakeResponse.error(400, "InvalidParameterException", "DocumentLocation.S3Object is required");
        }
        String k = s3.path("Bucket").asText() + "/" + s3.path("Name").asText();
        JsonNode rec = recordedByS3.get(k);
        if (rec != null) {
            List<JsonNode> blocks = new ArrayList<>();
            rec.path("Blocks").forEach(blocks::add);
            String member = analyze ? "AnalyzeDocumentModelVersion" : "DetectDocumentTextModelVersion";
            String jobId = UUID.randomUUID().toString().replace("-", "");
            jobs.put(jobId, new Job(blocks, rec.path("DocumentMetadata").path("Pages").asInt(1), false, member,
                    rec.path(member).asText("1.0")));
            jobsStarted.incrementAndGet();
            return FakeResponse.json(Map.of("JobId", jobId));
        }
        FakeDocument content = byS3.get(k);
        if (content == null) {
            content = new FakeDocument();
            for (int i = 0; i < 3; i++) {
                FakeDocument one = FakeDocument.sample(seed(k) + i);
                content.pages().add(one.pages().get(0));
            }
        }
        Set<String> features = analyze ? features(in) : Set.of();
        List<JsonNode> blocks = new Builder(features, queries(in)).build(content);
        String jobId = UUID.randomUUID().toString().replace("-", "");
        // a text-detection job answers DetectDocumentTextModelVersion: GetDocumentTextDetectionResponse has no
        // AnalyzeDocumentModelVersion (https://docs.aws.amazon.com/textract/latest/dg/API_GetDocumentTextDetection.html)
        jobs.put(jobId, new Job(blocks, content.pages().size(), k.contains("fail"),
                analyze ? "AnalyzeDocumentModelVersion" : "DetectDocumentTextModelVersion", "1.0"));
        jobsStarted.incrementAndGet();
        return FakeResponse.json(Map.of("JobId", jobId));
    }

    private FakeResponse get(FakeRequest req) {
        JsonNode in = req.json();
        Job job = jobs.get(in.path("JobId").asText());
        if (job == null) {
            return FakeResponse.error(400, "InvalidJobIdException", "An invalid job identifier was passed.");
        }
        ObjectNode out = Json.object();
        if (job.polls.incrementAndGet() <= pollsBeforeDone) {
            out.put("JobStatus", "IN_PROGRESS");
            return FakeResponse.json(out);
        }
        if (job.failed) {
            out.put("JobStatus", "FAILED");
            out.put("StatusMessage", "Unable to process the document: the file is corrupt");
            return FakeResponse.json(out);
        }
        int max = in.path("MaxResults").asInt(1000);
        int size = Math.max(1, Math.min(max, blocksPerPage));
        int from = 0;
        if (in.hasNonNull("NextToken")) {
            String token = new String(Base64.getDecoder().decode(in.get("NextToken").asText()), StandardCharsets.UTF_8);
            from = Integer.parseInt(token.substring(token.indexOf(':') + 1));
        }
        int to = Math.min(job.blocks.size(), from + size);
        out.put("JobStatus", "SUCCEEDED");
        out.putObject("DocumentMetadata").put("Pages", job.pages);
        ArrayNode arr = out.putArray("Blocks");
        job.blocks.subList(from, to).forEach(arr::add);
        if (to < job.blocks.size()) {
            out.put("NextToken", Base64.getEncoder().encodeToString(("blocks:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        out.put(job.modelVersionMember, job.modelVersion);
        return FakeResponse.json(out);
    }

    private static Set<String> features(JsonNode in) {
        Set<String> f = new HashSet<>();
        in.path("FeatureTypes").forEach(n -> f.add(n.asText()));
        return f;
    }

    private static List<JsonNode> queries(JsonNode in) {
        List<JsonNode> q = new ArrayList<>();
        in.path("QueriesConfig").path("Queries").forEach(q::add);
        return q;
    }

    static int seed(String s) {
        return Math.floorMod(s.hashCode(), 1000);
    }

    /**
     * The page count of a PDF from its page tree (PDFBox), so pages in compressed object streams count; 0 when
     * the PDF cannot be read (the sync API then answers UnsupportedDocumentException, as Textract does for
     * corrupt or password-protected PDFs: https://docs.aws.amazon.com/textract/latest/dg/limits-document.html).
     */
    public static int pdfPages(byte[] pdf) {
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Builds the block graph of a document. */
    private static final class Builder {
        private final Set<String> features;
        private final List<JsonNode> queries;
        private final List<JsonNode> blocks = new ArrayList<>();
        private int ids;

        Builder(Set<String> features, List<JsonNode> queries) {
            this.features = features;
            this.queries = queries;
        }

        List<JsonNode> build(FakeDocument doc) {
            int pageNo = 0;
            for (FakeDocument.Page p : doc.pages()) {
                pageNo++;
                page(p, pageNo);
            }
            return blocks;
        }

        private String id() {
            ids++;
            return String.format(Locale.ROOT, "%08x-0000-4000-8000-%012d", ids * 2654435761L & 0xffffffffL, ids);
        }

        private ObjectNode block(String type, int page, FakeDocument.Box box) {
            ObjectNode b = Json.object();
            b.put("BlockType", type);
            b.put("Confidence", 99.1);
            b.set("Geometry", geometry(box));
            b.put("Id", id());
            b.put("Page", page);
            blocks.add(b);
            return b;
        }

        private static ObjectNode geometry(FakeDocument.Box box) {
            ObjectNode g = Json.object();
            ObjectNode bb = g.putObject("BoundingBox");
            bb.put("Width", box.width()).put("Height", box.height()).put("Left", box.left()).put("Top", box.top());
            ArrayNode poly = g.putArray("Polygon");
            poly.addObject().put("X", box.left()).put("Y", box.top());
            poly.addObject().put("X", box.left() + box.width()).put("Y", box.top());
            poly.addObject().put("X", box.left() + box.width()).put("Y", box.top() + box.height());
            poly.addObject().put("X", box.left()).put("Y", box.top() + box.height());
            return g;
        }

        private static void rel(ObjectNode b, String type, List<String> ids) {
            if (ids.isEmpty()) {
                return;
            }
            ArrayNode rels = b.has("Relationships") ? (ArrayNode) b.get("Relationships") : b.putArray("Relationships");
            ObjectNode r = rels.addObject();
            r.put("Type", type);
            ArrayNode a = r.putArray("Ids");
            ids.forEach(a::add);
        }

        /** WORD blocks for a text in a box (split evenly by characters); returns their ids. */
        private List<String> words(String text, FakeDocument.Box box, int page) {
            List<String> out = new ArrayList<>();
            String[] parts = text.trim().split("\\s+");
            int total = Math.max(1, text.trim().length());
            double x = box.left();
            for (String w : parts) {
                if (w.isEmpty()) {
                    continue;
                }
                double width = box.width() * w.length() / total;
                ObjectNode b = block("WORD", page, new FakeDocument.Box(x, box.top(), width, box.height()));
                b.put("Text", w);
                b.put("TextType", "PRINTED");
                x += width + box.width() / total;
                out.add(b.get("Id").asText());
            }
            return out;
        }

        private String line(String text, FakeDocument.Box box, int page) {
            ObjectNode line = block("LINE", page, box);
            line.put("Text", text);
            rel(line, "CHILD", words(text, box, page));
            return line.get("Id").asText();
        }

        private void page(FakeDocument.Page p, int pageNo) {
            ObjectNode page = block("PAGE", pageNo, new FakeDocument.Box(0, 0, 1, 1));
            List<String> children = new ArrayList<>();
            List<String> lineIds = new ArrayList<>();
            for (FakeDocument.Line l : p.lines()) {
                String id = line(l.text(), l.box(), pageNo);
                lineIds.add(id);
                children.add(id);
            }
            List<List<String>> tableLineIds = new ArrayList<>();
            List<String> tableIds = new ArrayList<>();
            for (FakeDocument.Table t : p.tables()) {
                List<String> cellLines = new ArrayList<>();
                java.util.Map<String, List<String>> cellWords = new java.util.HashMap<>();
                for (FakeDocument.Cell c : t.cells()) {
                    if (!c.text().isEmpty()) {
                        String lid = line(c.text(), c.box(), pageNo);
                        cellLines.add(lid);
                        children.add(lid);
                        cellWords.put(c.row() + ":" + c.column(), childIds(lid));
                    }
                }
                tableLineIds.add(cellLines);
                if (features.contains("TABLES")) {
                    tableIds.add(table(t, cellWords, pageNo));
                }
            }
            children.addAll(tableIds);
            if (features.contains("FORMS")) {
                for (FakeDocument.KeyValue kv : p.keyValues()) {
                    ObjectNode key = block("KEY_VALUE_SET", pageNo, kv.keyBox());
                    key.putArray("EntityTypes").add("KEY");
                    ObjectNode val = block("KEY_VALUE_SET", pageNo, kv.valueBox());
                    val.putArray("EntityTypes").add("VALUE");
                    rel(val, "CHILD", words(kv.value(), kv.valueBox(), pageNo));
                    rel(key, "VALUE", List.of(val.get("Id").asText()));
                    rel(key, "CHILD", words(kv.key(), kv.keyBox(), pageNo));
                    children.add(key.get("Id").asText());
                    children.add(val.get("Id").asText());
                }
            }
            if (features.contains("SIGNATURES")) {
                for (FakeDocument.Box s : p.signatures()) {
                    children.add(block("SIGNATURE", pageNo, s).get("Id").asText());
                }
            }
            if (features.contains("QUERIES")) {
                for (JsonNode q : queries) {
                    ObjectNode qb = Json.object();
                    qb.put("BlockType", "QUERY");
                    qb.put("Id", id());
                    qb.put("Page", pageNo);
                    ObjectNode query = qb.putObject("Query");
                    query.put("Text", q.path("Text").asText());
                    if (q.has("Alias")) {
                        query.put("Alias", q.get("Alias").asText());
                    }
                    blocks.add(qb);
                    FakeDocument.KeyValue answer = answer(p, q.path("Text").asText());
                    if (answer != null) {
                        ObjectNode r = block("QUERY_RESULT", pageNo, answer.valueBox());
                        r.put("Text", answer.value());
                        rel(qb, "ANSWER", List.of(r.get("Id").asText()));
                    }
                    children.add(qb.get("Id").asText());
                }
            }
            if (features.contains("LAYOUT")) {
                for (int i = 0; i < p.lines().size(); i++) {
                    FakeDocument.Line l = p.lines().get(i);
                    String type = i == 0 ? "LAYOUT_TITLE" : isKey(p, l.text()) ? "LAYOUT_KEY_VALUE" : "LAYOUT_TEXT";
                    ObjectNode lb = block(type, pageNo, l.box());
                    rel(lb, "CHILD", List.of(lineIds.get(i)));
                    children.add(lb.get("Id").asText());
                }
                for (int t = 0; t < p.tables().size(); t++) {
                    ObjectNode lb = block("LAYOUT_TABLE", pageNo, p.tables().get(t).box());
                    rel(lb, "CHILD", tableLineIds.get(t));
                    children.add(lb.get("Id").asText());
                }
            }
            rel(page, "CHILD", children);
        }

        private static boolean isKey(FakeDocument.Page p, String text) {
            return p.keyValues().stream().anyMatch(kv -> text.startsWith(kv.key()));
        }

        private static FakeDocument.KeyValue answer(FakeDocument.Page p, String question) {
            // a field answers a question when every word of its key starts a word of the question ("Order No" ~ "order number")
            String[] qWords = question.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} ]", " ").trim().split("\\s+");
            for (FakeDocument.KeyValue kv : p.keyValues()) {
                String k = kv.key().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} ]", " ").trim();
                if (k.isEmpty()) {
                    continue;
                }
                boolean all = true;
                for (String kw0 : k.split("\\s+")) {
                    String kw = kw0.equals("no") || kw0.equals("nr") ? "number" : kw0;
                    boolean found = false;
                    for (String qw : qWords) {
                        found |= qw.startsWith(kw);
                    }
                    all &= found;
                }
                if (all) {
                    return kv;
                }
            }
            return null;
        }

        private List<String> childIds(String lineId) {
            for (JsonNode b : blocks) {
                if (b.get("Id").asText().equals(lineId)) {
                    List<String> ids = new ArrayList<>();
                    b.path("Relationships").forEach(r -> r.path("Ids").forEach(i -> ids.add(i.asText())));
                    return ids;
                }
            }
            return List.of();
        }

        private String table(FakeDocument.Table t, java.util.Map<String, List<String>> cellWords, int pageNo) {
            ObjectNode table = block("TABLE", pageNo, t.box());
            table.putArray("EntityTypes").add("STRUCTURED_TABLE");
            List<String> cellIds = new ArrayList<>();
            List<String> mergedIds = new ArrayList<>();
            double cw = t.box().width() / t.columns();
            double rh = t.box().height() / t.rows();
            for (FakeDocument.Cell c : t.cells()) {
                List<String> spanIds = new ArrayList<>();
                for (int r = c.row(); r < c.row() + c.rowSpan(); r++) {
                    for (int col = c.column(); col < c.column() + c.columnSpan(); col++) {
                        FakeDocument.Box box = new FakeDocument.Box(t.box().left() + (col - 1) * cw, t.box().top() + (r - 1) * rh, cw, rh);
                        ObjectNode cell = block("CELL", pageNo, box);
                        cell.put("RowIndex", r).put("ColumnIndex", col).put("RowSpan", 1).put("ColumnSpan", 1);
                        if (r <= t.headerRows()) {
                            cell.putArray("EntityTypes").add("COLUMN_HEADER");
                        }
                        if (r == c.row() && col == c.column()) {
                            rel(cell, "CHILD", cellWords.getOrDefault(c.row() + ":" + c.column(), List.of()));
                        }
                        spanIds.add(cell.get("Id").asText());
                        cellIds.add(cell.get("Id").asText());
                    }
                }
                if (c.rowSpan() > 1 || c.columnSpan() > 1) {
                    ObjectNode m = block("MERGED_CELL", pageNo, c.box());
                    m.put("RowIndex", c.row()).put("ColumnIndex", c.column()).put("RowSpan", c.rowSpan()).put("ColumnSpan", c.columnSpan());
                    if (c.row() <= t.headerRows()) {
                        m.putArray("EntityTypes").add("COLUMN_HEADER");
                    }
                    rel(m, "CHILD", spanIds);
                    mergedIds.add(m.get("Id").asText());
                }
            }
            rel(table, "CHILD", cellIds);
            rel(table, "MERGED_CELL", mergedIds);
            return table.get("Id").asText();
        }
    }
}
