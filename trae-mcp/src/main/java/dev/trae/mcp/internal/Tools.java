package dev.trae.mcp.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.trae.aws.bedrock.Budget;
import dev.trae.aws.bedrock.CodeGenerator;
import dev.trae.aws.bedrock.CostLedger;
import dev.trae.aws.bedrock.ModelCatalog;
import dev.trae.aws.bedrock.model.CodeFile;
import dev.trae.aws.bedrock.model.CodeRequest;
import dev.trae.aws.bedrock.model.FoundationModel;
import dev.trae.aws.bedrock.model.GeneratedCode;
import dev.trae.aws.bedrock.model.InferenceProfile;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.bedrock.model.UiDesign;
import dev.trae.aws.bedrock.model.UiRequest;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.vision.ImageSource;
import dev.trae.aws.vision.UiLayout;
import dev.trae.aws.vision.model.Document;
import dev.trae.aws.vision.model.Table;
import dev.trae.aws.vision.model.UiElement;
import dev.trae.ocr.FieldExtractor;
import dev.trae.ocr.OcrWriter;
import dev.trae.ocr.Preprocessing;
import dev.trae.ocr.model.ExtractedField;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.OcrPage;
import dev.trae.oracle.Compression;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.JdbcSource;

/**
 * The tools: thin adapters from MCP arguments to the modules' public API and from their results to a
 * structured result plus a short text. No module logic lives here: validation beyond the JSON schema,
 * generation, analysis and export are the modules' own.
 */
final class Tools {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tools() {
    }

    static List<ToolDef> all() {
        return List.of(generateCode(), generateUi(), screenshotToLayout(), ocr(), analyzeDocument(), exportTable(), listModels(),
                costReport());
    }

    // ---------------------------------------------------------------- generate_code

    static ToolDef generateCode() {
        String languages = JSON.valueToTree(new java.util.TreeSet<>(CodeGenerator.LANGUAGES)).toString();
        String schema = """
                {"type":"object","additionalProperties":false,"required":["prompt","language"],"properties":{
                 "prompt":{"type":"string","minLength":1,"maxLength":200000,"description":"what to generate"},
                 "language":{"type":"string","enum":%s},
                 "context_files":{"type":"array","maxItems":50,"items":{"type":"string"},"description":"files (under the allowed roots) the code must fit"},
                 "selection":{"type":"object","additionalProperties":false,"required":["path","text"],"properties":{
                   "path":{"type":"string"},"text":{"type":"string"},"start_line":{"type":"integer","minimum":0},"end_line":{"type":"integer","minimum":0}}},
                 "max_rounds":{"type":"integer","minimum":1,"maximum":10,"default":3,"description":"compile-and-refine rounds"},
                 "validate":{"type":"boolean","default":true}}}""".formatted(languages);
        return new ToolDef("generate_code", "Generate code",
                "Generates code with Amazon Bedrock, validates it (Java is compiled) and refines it. Tokens and rounds stream as "
                        + "progress notifications. Returns the files, an explanation and suggestions.",
                schema, true, (call, a) -> {
                    CodeRequest.Builder b = CodeRequest.builder().prompt(a.string("prompt")).language(a.string("language"))
                            .app(call.backends().app).maxRounds(a.integer("max_rounds", 3)).validate(a.bool("validate", true));
                    for (String p : a.strings("context_files")) {
                        Path f = call.files().file("context_files", p);
                        b.contextFile(new CodeFile(call.files().relative(f), languageOf(f, a.string("language")),
                                Files.readString(f, StandardCharsets.UTF_8)));
                    }
                    Map<String, Object> sel = a.object("selection");
                    if (sel != null) {
                        Args s = new Args(sel);
                        b.selection(new CodeRequest.Selection(s.string("path"), s.string("text"), s.integer("start_line", 0),
                                s.integer("end_line", 0)));
                    }
                    AtomicLong chars = new AtomicLong();
                    StreamListener tokens = StreamListener.text(delta -> call.progress(chars.addAndGet(delta.length()), null, delta));
                    GeneratedCode code = call.backends().codeGenerator().generate(b.build(), tokens, round -> call.progress(chars.get(), null,
                            "round " + round.round() + ": " + (round.valid() ? "valid" : round.diagnostics().size() + " problem(s)")));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("files", code.files().stream().map(f -> Map.of("path", f.path(), "language", f.language(), "content", f.content())).toList());
                    out.put("explanation", code.explanation());
                    out.put("suggestions", code.suggestions());
                    out.put("valid", code.valid());
                    out.put("rounds", code.rounds().stream().map(r -> Map.of("round", r.round(), "valid", r.valid(),
                            "diagnostics", r.diagnostics().stream().map(d -> d.path() + ":" + d.line() + ": " + d.message()).toList())).toList());
                    out.put("model", code.modelId());
                    out.put("usage", usage(code.usage()));
                    String text = "Generated " + code.files().size() + " file(s) " + code.files().stream().map(CodeFile::path).toList() + " in "
                            + Math.max(1, code.rounds().size()) + " round(s); " + (code.valid() ? "valid" : "still has problems") + ". "
                            + code.explanation();
                    return new ToolDef.Result(out, text);
                });
    }

    private static String languageOf(Path f, String dflt) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = n.contains(".") ? n.substring(n.lastIndexOf('.') + 1) : "";
        return switch (ext) {
            case "java" -> "java";
            case "kt", "kts" -> "kotlin";
            case "py" -> "python";
            case "js", "mjs" -> "javascript";
            case "ts", "tsx" -> "typescript";
            case "html", "htm" -> "html";
            case "css" -> "css";
            case "sql" -> "sql";
            case "json" -> "json";
            case "yaml", "yml" -> "yaml";
            case "xml" -> "xml";
            case "go" -> "go";
            case "rs" -> "rust";
            case "cs" -> "csharp";
            case "sh" -> "bash";
            default -> dflt;
        };
    }

    // ---------------------------------------------------------------- generate_ui

    static ToolDef generateUi() {
        String schema = """
                {"type":"object","additionalProperties":false,"required":["description"],"properties":{
                 "description":{"type":"string","minLength":1,"maxLength":20000,"description":"the screen to build"},
                 "style":{"type":"string","maxLength":2000},
                 "with_image":{"type":"boolean","default":false,"description":"also generate a design image (the best ACTIVE image model of the Bedrock catalog)"},
                 "image_width":{"type":"integer","minimum":320,"maximum":4096,"default":1280},
                 "image_height":{"type":"integer","minimum":320,"maximum":4096,"default":720}}}""";
        return new ToolDef("generate_ui", "Generate a UI (HTML and CSS)",
                "Turns a description into an HTML page and a CSS file with Amazon Nova; optionally a design image, returned as image content.",
                schema, true, (call, a) -> {
                    UiDesign ui = call.backends().uiGenerator().generate(new UiRequest(a.string("description"), a.string("style", ""),
                            a.bool("with_image", false), a.integer("image_width", 1280), a.integer("image_height", 720), call.backends().app));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("files", ui.files().stream().map(f -> Map.of("path", f.path(), "language", f.language(), "content", f.content())).toList());
                    out.put("components", ui.components());
                    out.put("description", ui.description());
                    out.put("image_model", ui.image().map(UiDesign.DesignImage::modelId).orElse(null));
                    out.put("notes", ui.notes());
                    List<byte[]> images = ui.image().map(i -> List.of(i.png())).orElse(List.of());
                    return new ToolDef.Result(out, "Generated " + ui.html().path() + " and " + ui.css().path() + " with components "
                            + ui.components() + (images.isEmpty() ? "" : " and a design image"), images);
                });
    }

    // ---------------------------------------------------------------- screenshot_to_layout

    private static final String IMAGE_INPUT = """
             "path":{"type":"string","description":"an image file under the allowed roots"},
             "image_base64":{"type":"string","description":"the image itself, base64"},""";

    /** The image from {@code path} or {@code image_base64} (exactly one), within the server's size limit. */
    private static ImageSource image(Call call, Args a) {
        boolean path = a.has("path");
        boolean data = a.has("image_base64");
        if (path == data) {
            throw Errors.invalid(call.tool(), "give exactly one of path and image_base64");
        }
        if (path) {
            Path f = call.files().file("path", a.string("path"));
            return ImageSource.bytes(f.getFileName().toString(), call.files().read("path", a.string("path")));
        }
        String b64 = a.string("image_base64");
        if (b64.length() / 4 * 3 > call.files().maxBytes()) {
            throw Errors.invalid(call.tool(), "image_base64 is about " + (b64.length() / 4 * 3) + " bytes; the server accepts images up to "
                    + call.files().maxBytes() + " bytes (max-file-bytes)");
        }
        try {
            return ImageSource.bytes("image", Base64.getMimeDecoder().decode(b64));
        } catch (IllegalArgumentException e) {
            throw Errors.invalid(call.tool(), "image_base64 is not valid base64");
        }
    }

    static ToolDef screenshotToLayout() {
        String schema = """
                {"type":"object","additionalProperties":false,"properties":{%s
                 "title":{"type":"string","maxLength":200,"default":"Screen"}}}""".formatted(IMAGE_INPUT);
        return new ToolDef("screenshot_to_layout", "UI screenshot to layout",
                "Analyses a UI screenshot with Amazon Rekognition into a layout (rows, columns, buttons, inputs, text), an HTML "
                        + "skeleton and an overlay PNG (image content).",
                schema, false, (call, a) -> {
                    ImageSource src = image(call, a);
                    UiLayout layout = call.backends().vision().analyzeUi(src).value();
                    String html = layout.toHtml(a.string("title", "Screen"));
                    byte[] overlay = layout.renderOverlay(src.read());
                    Map<String, Object> l = new LinkedHashMap<>();
                    l.put("width", layout.width());
                    l.put("height", layout.height());
                    l.put("columns", layout.columnCount());
                    l.put("elements", layout.elements().stream().map(Tools::element).toList());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("layout", l);
                    out.put("html", html);
                    return new ToolDef.Result(out, "Layout of " + layout.elements().size() + " element(s) in " + layout.rows().size()
                            + " row(s): " + layout.elements(UiElement.Kind.BUTTON).size() + " button(s), "
                            + layout.elements(UiElement.Kind.INPUT).size() + " input(s). The overlay PNG is attached.", List.of(overlay));
                });
    }

    private static Map<String, Object> element(UiElement e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.kind().name());
        m.put("text", e.text());
        m.put("row", e.row());
        m.put("column", e.column());
        m.put("box", Map.of("left", e.box().left(), "top", e.box().top(), "width", e.box().width(), "height", e.box().height()));
        return m;
    }

    // ---------------------------------------------------------------- ocr

    static ToolDef ocr() {
        String schema = """
                {"type":"object","additionalProperties":false,"required":["paths"],"properties":{
                 "paths":{"type":"array","minItems":1,"maxItems":20,"items":{"type":"string"},"description":"image or PDF files under the allowed roots"},
                 "languages":{"type":"string","pattern":"^[a-z_]{3,8}(\\\\+[a-z_]{3,8}){0,5}$","description":"Tesseract languages, e.g. eng or rus+ukr+eng"},
                 "preprocess":{"type":"boolean","default":true,"description":"deskew, denoise, binarise (on by default)"}}}""";
        return new ToolDef("ocr", "OCR (Tesseract)",
                "Reads text from images and PDFs with Tesseract (trae-ocr): text, extracted fields and per-page confidence. "
                        + "Preprocessing is on by default.",
                schema, false, (call, a) -> {
                    List<Path> files = new ArrayList<>();
                    for (String p : a.strings("paths")) {
                        files.add(call.files().file("paths", p)); // every path is checked before any work starts
                    }
                    String langs = a.string("languages", call.backends().settings().property("ocr.languages").orElse("eng"));
                    Preprocessing prep = a.bool("preprocess", true) ? Preprocessing.defaults() : Preprocessing.none();
                    List<Map<String, Object>> results = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    int i = 0;
                    for (Path f : files) {
                        call.checkCancelled();
                        OcrDocument doc = call.backends().ocr(langs).recognize(f, prep);
                        List<ExtractedField> fields = FieldExtractor.extract(doc);
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("path", call.files().relative(f));
                        r.put("text", doc.text());
                        r.put("confidence", round(doc.meanConfidence()));
                        r.put("pages", doc.pages().stream().map(Tools::page).toList());
                        r.put("fields", JSON.readValue(OcrWriter.fieldsJson(fields), Object.class));
                        results.add(r);
                        text.append(call.files().relative(f)).append(": ").append(doc.pages().size()).append(" page(s), confidence ")
                                .append(round(doc.meanConfidence())).append(", ").append(fields.size()).append(" field(s)\n");
                        call.progress(++i, (double) files.size(), "read " + call.files().relative(f));
                    }
                    return new ToolDef.Result(Map.of("files", results), text.toString().strip());
                });
    }

    private static Map<String, Object> page(OcrPage p) {
        return Map.of("number", p.number(), "confidence", round(p.meanConfidence()), "preprocessing", p.preprocessing().applied());
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    // ---------------------------------------------------------------- analyze_document

    static ToolDef analyzeDocument() {
        String schema = """
                {"type":"object","additionalProperties":false,"properties":{%s
                 "features":{"type":"array","items":{"type":"string","enum":["tables","forms"]},"minItems":1,"default":["tables","forms"]}}}"""
                .formatted(IMAGE_INPUT);
        return new ToolDef("analyze_document", "Analyse a document (Textract)",
                "Analyses a document image with Amazon Textract: tables as CSV and form fields as JSON.",
                schema, false, (call, a) -> {
                    ImageSource src = image(call, a);
                    List<String> features = a.has("features") ? a.strings("features") : List.of("tables", "forms");
                    Document doc = call.backends().vision().analyzeDocument(src, f -> {
                        if (features.contains("tables")) {
                            f.tables();
                        }
                        if (features.contains("forms")) {
                            f.forms();
                        }
                    }).value();
                    Map<String, Object> out = new LinkedHashMap<>();
                    List<Map<String, Object>> tables = new ArrayList<>();
                    for (Table t : doc.tables()) {
                        tables.add(Map.of("page", t.page(), "rows", t.rows(), "columns", t.columns(), "headers", t.headers(), "csv", t.toCsv()));
                    }
                    out.put("pages", doc.pageCount());
                    out.put("tables", tables);
                    out.put("forms", JSON.readValue(doc.formToJson(), Object.class));
                    return new ToolDef.Result(out, doc.pageCount() + " page(s), " + tables.size() + " table(s), " + doc.fields().size()
                            + " form field(s)");
                });
    }

    // ---------------------------------------------------------------- export_table

    static ToolDef exportTable() {
        String schema = """
                {"type":"object","additionalProperties":false,"required":["connection","table"],"properties":{
                 "connection":{"type":"string","pattern":"^[A-Za-z0-9_.-]{1,64}$","description":"a connection NAME from the server's configuration (never credentials)"},
                 "table":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_$#]*(\\\\.[A-Za-z_][A-Za-z0-9_$#]*)?$"},
                 "destination":{"type":"string","pattern":"^[A-Za-z0-9_.-]{1,64}$","default":"default","description":"a destination NAME from the server's configuration"},
                 "format":{"type":"string","enum":["csv","jsonl","parquet"],"default":"csv"},
                 "compression":{"type":"string","enum":["none","gzip","zstd"],"default":"gzip"},
                 "max_rows_per_file":{"type":"integer","minimum":1}}}""";
        return new ToolDef("export_table", "Export a table to S3",
                "Exports a table from a connection NAMED in the server's configuration to a configured S3 destination "
                        + "(CSV, JSON Lines or Parquet) with progress; returns the manifest. Credentials are never tool arguments.",
                schema, false, (call, a) -> {
                    String name = a.string("connection");
                    JdbcSource source = call.backends().connection(name).orElseThrow(() -> Errors.invalid(call.tool(),
                            "unknown connection '" + name + "'; the server's configuration defines " + call.backends().connectionNames()));
                    String destName = a.string("destination", "default");
                    String dest = call.backends().destination(destName).orElseThrow(() -> Errors.invalid(call.tool(),
                            "unknown destination '" + destName + "'; define destination." + destName + "=s3://bucket/prefix/ in the server's configuration"));
                    String table = a.string("table");
                    TraeJob<ExportResult> job = call.backends().exporter().start(r -> {
                        r.source(source).table(table).format(ExportFormat.valueOf(a.string("format", "csv").toUpperCase(Locale.ROOT)))
                                .compression(Compression.valueOf(a.string("compression", "gzip").toUpperCase(Locale.ROOT)))
                                .destination(dest + (dest.endsWith("/") ? "" : "/") + table.toLowerCase(Locale.ROOT) + "/");
                        if (a.has("max_rows_per_file")) {
                            r.maxRowsPerFile(a.integer("max_rows_per_file", 1));
                        }
                    });
                    call.onCancel(job::cancel);
                    job.onProgress(e -> call.progress(e.done(), e.total() > 0 ? (double) e.total() : null,
                            e.phase() + ": " + e.done() + (e.total() > 0 ? "/" + e.total() : "") + " " + e.unit()));
                    ExportResult result = job.await(Duration.ofHours(12));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("job_id", result.jobId());
                    out.put("manifest_uri", result.manifestUri());
                    out.put("rows", result.rows());
                    out.put("files", result.files());
                    out.put("bytes", result.bytes());
                    out.put("manifest", JSON.readValue(result.manifest().toJson(), Object.class));
                    return new ToolDef.Result(out, "Exported " + result.rows() + " row(s) of " + table + " into " + result.files()
                            + " file(s); manifest " + result.manifestUri());
                });
    }

    // ---------------------------------------------------------------- list_models

    static ToolDef listModels() {
        String schema = """
                {"type":"object","additionalProperties":false,"properties":{
                 "provider":{"type":"string","maxLength":64},
                 "lifecycle":{"type":"string","enum":["ACTIVE","LEGACY"]},
                 "output":{"type":"string","enum":["TEXT","IMAGE","EMBEDDING","VIDEO","SPEECH"]}}}""";
        return new ToolDef("list_models", "List Bedrock models",
                "The Bedrock model catalog of the server's region (cached): models with lifecycle and modalities, and inference profiles.",
                schema, false, (call, a) -> {
                    Map<String, Object> out = catalog(call.backends().catalog(), a);
                    List<?> models = (List<?>) out.get("models");
                    return new ToolDef.Result(out, models.size() + " model(s) and " + ((List<?>) out.get("profiles")).size()
                            + " inference profile(s)");
                });
    }

    static Map<String, Object> catalog(ModelCatalog catalog, Args a) {
        String provider = a.string("provider");
        String lifecycle = a.string("lifecycle");
        String output = a.string("output");
        List<Map<String, Object>> models = new ArrayList<>();
        for (FoundationModel m : catalog.models()) {
            if ((provider != null && !m.provider().equalsIgnoreCase(provider)) || (lifecycle != null && !m.lifecycle().name().equals(lifecycle))
                    || (output != null && !m.outputModalities().contains(output))) {
                continue;
            }
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("model_id", m.modelId());
            x.put("name", m.name());
            x.put("provider", m.provider());
            x.put("lifecycle", m.lifecycle().name());
            x.put("input", m.inputModalities());
            x.put("output", m.outputModalities());
            x.put("inference_types", m.inferenceTypes());
            x.put("on_demand", m.onDemand());
            models.add(x);
        }
        List<Map<String, Object>> profiles = new ArrayList<>();
        for (InferenceProfile p : catalog.inferenceProfiles()) {
            profiles.add(Map.of("id", p.id(), "name", p.name(), "model_ids", p.modelIds(), "type", p.type(), "active", p.active()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", models);
        out.put("profiles", profiles);
        return out;
    }

    // ---------------------------------------------------------------- cost_report

    static ToolDef costReport() {
        String schema = """
                {"type":"object","additionalProperties":false,"properties":{}}""";
        return new ToolDef("cost_report", "Cost report",
                "Token usage and cost of this server's Bedrock calls by application and by model, with the server's budget.",
                schema, false, (call, a) -> {
                    Map<String, Object> out = costs(call.backends().bedrock().ledger(), call.backends().app);
                    return new ToolDef.Result(out, "Spent " + out.get("total_cost_usd") + " USD on " + out.get("total_tokens") + " token(s)"
                            + (out.get("budget") instanceof Map<?, ?> b ? " of a " + b.get("limit_usd") + " USD budget" : ""));
                });
    }

    static Map<String, Object> costs(CostLedger ledger, String app) {
        Map<String, Object> byApp = new LinkedHashMap<>();
        ledger.usageByApp().forEach((k, u) -> {
            Map<String, Object> m = usage(u);
            m.put("cost_usd", ledger.cost(k).toPlainString());
            byApp.put(k, m);
        });
        Map<String, Object> byModel = new LinkedHashMap<>();
        ledger.usageByModel().forEach((k, u) -> byModel.put(k, usage(u)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_cost_usd", ledger.totalCost().toPlainString());
        out.put("total_tokens", ledger.totalUsage().totalTokens());
        out.put("by_app", byApp);
        out.put("by_model", byModel);
        out.put("unpriced_calls", ledger.unpricedCalls());
        ledger.budget(app).ifPresent((Budget b) -> out.put("budget", Map.of("name", b.app(), "limit_usd", b.limit().toPlainString(),
                "action", b.action().name(), "spent_usd", ledger.cost(app).toPlainString())));
        return out;
    }

    private static Map<String, Object> usage(TokenUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_tokens", u.inputTokens());
        m.put("output_tokens", u.outputTokens());
        return m;
    }
}
