package dev.trae.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.trae.ocr.testing.PageGenerator;
import dev.trae.security.AuditKey;
import dev.trae.security.AuditLog;
import dev.trae.security.LocalKeyring;
import dev.trae.testkit.aws.rekognition.VisionScenes;

/**
 * End-to-end scenarios run with the MCP SDK's own client against a Trae MCP server on Trae Local; the stdio and
 * the Streamable HTTP test each start a server and run all of them. Every tool is called, bad input gets an MCP
 * error and the server stays up, and {@code generate_code} is cancelled mid-stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ToolScenarios {
    /** The Bedrock fake streams 4 characters every 25 ms: a generated class takes seconds, so a cancellation lands mid-stream. */
    static final String STREAM_CHARS = "4";
    static final String STREAM_DELAY_MS = "25";
    static final long MAX_FILE_BYTES = 2_000_000;
    static final String DB_SECRET = "hunter2-not-for-logs";

    final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    Path dir;
    Path outside;
    Path auditFile;
    Path config;
    RecordingTransport transport;
    McpSyncClient client;

    /** Files the tools read (under the allowed root) and one outside it; the server's properties file. */
    void prepare(Path tmp) throws IOException {
        dir = Files.createDirectories(tmp.resolve("project"));
        outside = Files.writeString(tmp.resolve("outside.txt"), "not for tools");
        auditFile = tmp.resolve("audit.log");
        Files.write(dir.resolve("login.png"), VisionScenes.loginScreen().png());
        Files.write(dir.resolve("form.png"), VisionScenes.purchaseOrder(42).png());
        PageGenerator.Page page = PageGenerator.render(List.of("Inspection report 17", "Date: 14.03.2024", "Station: Kyiv-12",
                "Volume: 12450 liters"), PageGenerator.availableFonts().get(0), 12, 300);
        ImageIO.write(page.image(), "png", dir.resolve("page.png").toFile());
        Files.write(dir.resolve("big.png"), new byte[(int) MAX_FILE_BYTES + 1]);
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/Money.java"), "package demo;\npublic record Money(long cents) { }\n");
        config = Files.writeString(tmp.resolve("trae-mcp.properties"), String.join("\n",
                "audit.file=" + auditFile,
                "max-file-bytes=" + MAX_FILE_BYTES,
                "local.stream-chars=" + STREAM_CHARS,
                "local.stream-delay-ms=" + STREAM_DELAY_MS,
                // a connection whose URL carries a password: it must never come back in a result, an error or the audit log
                "connection.broken.url=jdbc:h2:tcp://127.0.0.1:1/nowhere;PASSWORD=" + DB_SECRET,
                "connection.broken.user=sa",
                ""));
    }

    McpSyncClient connect(io.modelcontextprotocol.spec.McpClientTransport t) {
        transport = new RecordingTransport(t);
        client = McpClients.client(transport, Duration.ofSeconds(90), progress::add, List.of());
        client.initialize();
        return client;
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult r) {
        assertThat(r.isError()).as("isError of %s", r.content()).isNotEqualTo(Boolean.TRUE);
        return (Map<String, Object>) r.structuredContent();
    }

    static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    /** The SDK's sync client hands notifications to consumers on a thread pool: one may land just after the result. */
    void awaitProgress(java.util.function.Predicate<McpSchema.ProgressNotification> match) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (progress.stream().noneMatch(match) && System.currentTimeMillis() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        assertThat(progress).anyMatch(match);
    }

    void serverStillAnswers() {
        Map<String, Object> s = structured(call("list_models", Map.of()));
        assertThat((List<?>) s.get("models")).isNotEmpty();
    }

    // ------------------------------------------------------------------ listing

    @Test
    @SuppressWarnings("unchecked")
    void listTools_whenListed_everyToolHasAValidObjectSchema() {
        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactly("generate_code", "generate_ui", "screenshot_to_layout", "ocr",
                "analyze_document", "export_table", "list_models", "cost_report");
        var validator = McpJsonDefaults.getSchemaValidator();
        for (McpSchema.Tool t : tools) {
            assertThat(t.description()).as(t.name()).isNotBlank();
            Map<String, Object> schema = t.inputSchema();
            assertThat(schema.get("type")).as(t.name()).isEqualTo("object");
            assertThat(schema.get("additionalProperties")).as(t.name() + " refuses unknown arguments").isEqualTo(false);
            Map<String, Object> props = (Map<String, Object>) schema.get("properties");
            assertThat(props).as(t.name()).isNotNull();
            props.forEach((k, v) -> assertThat(((Map<String, Object>) v)).as(t.name() + "." + k + " has a type").containsKey("type"));
            if (schema.get("required") != null) {
                assertThat(props.keySet()).as(t.name()).containsAll((List<String>) schema.get("required"));
            }
            assertThat(validator.validateSchema(schema).valid()).as(t.name() + " schema is valid JSON Schema").isTrue();
        }
        Map<String, List<String>> required = Map.of("generate_code", List.of("prompt", "language"), "generate_ui", List.of("description"),
                "ocr", List.of("paths"), "export_table", List.of("connection", "table"));
        required.forEach((name, req) -> assertThat(tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow()
                .inputSchema().get("required")).as(name).asList().containsExactlyInAnyOrderElementsOf(req));
    }

    @Test
    void resources_whenRead_serveTheCatalogAndTheLedgerAsJson() {
        List<McpSchema.Resource> resources = client.listResources().resources();
        assertThat(resources).extracting(McpSchema.Resource::uri).contains("trae://bedrock/catalog", "trae://bedrock/cost-ledger");
        var catalog = (McpSchema.TextResourceContents) client.readResource(new McpSchema.ReadResourceRequest("trae://bedrock/catalog"))
                .contents().get(0);
        assertThat(catalog.mimeType()).isEqualTo("application/json");
        assertThat(catalog.text()).contains("\"models\"", "amazon.nova-pro-v1:0", "\"lifecycle\"");
        var ledger = (McpSchema.TextResourceContents) client.readResource(new McpSchema.ReadResourceRequest("trae://bedrock/cost-ledger"))
                .contents().get(0);
        assertThat(ledger.text()).contains("\"total_cost_usd\"");
    }

    // ------------------------------------------------------------------ every tool

    @Test
    @SuppressWarnings("unchecked")
    void generateCode_whenCalled_returnsValidatedFilesAndStreamsTokensAsProgress() {
        McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name("generate_code").progressToken("gen-1")
                .arguments(Map.of("prompt", "Write a Java class PriceCalculator in package demo with a method total(Money m)",
                        "language", "java", "max_rounds", 2)).build());
        Map<String, Object> s = structured(r);
        List<Map<String, Object>> files = (List<Map<String, Object>>) s.get("files");
        assertThat(files).isNotEmpty();
        assertThat(files.get(0).get("path").toString()).endsWith(".java");
        assertThat(files.get(0).get("content").toString()).contains("class");
        assertThat(s.get("valid")).as("validated: %s", s.get("rounds")).isEqualTo(true);
        assertThat(s).containsKeys("explanation", "suggestions", "rounds", "usage");
        assertThat(text(r)).startsWith("Generated ");
        awaitProgress(p -> "gen-1".equals(p.progressToken()) && p.message() != null && p.message().startsWith("round 1"));
        List<McpSchema.ProgressNotification> mine = progress.stream().filter(p -> "gen-1".equals(p.progressToken())).toList();
        assertThat(mine).as("token deltas and the validation round arrive as progress").hasSizeGreaterThan(3);
        // MCP: progress MUST increase with each notification. Checked in wire order: the SDK's sync client hands
        // notifications to its consumers on a thread pool, so `progress` may hold them out of order
        List<Double> wire = transport.wireProgress("gen-1");
        assertThat(wire).hasSizeGreaterThanOrEqualTo(mine.size());
        for (int i = 1; i < wire.size(); i++) {
            assertThat(wire.get(i)).as("notification %d of %s", i, wire).isGreaterThan(wire.get(i - 1));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void generateCode_whenGivenContextFiles_readsThemUnderTheRootsWithRelativePaths() {
        // validation compiles the context with the answer; the module reports diagnostics by the relative path it was given
        Map<String, Object> s = structured(call("generate_code", Map.of("prompt", "Write a Java class Wallet in package demo that holds Money",
                "language", "java", "context_files", List.of(dir.resolve("src/Money.java").toString()), "max_rounds", 1)));
        assertThat(s.get("files").toString()).doesNotContain(dir.toString());
        assertThat(s.get("rounds").toString()).doesNotContain(dir.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void generateUi_whenAskedForAnImage_returnsHtmlCssAndAnImageContent() {
        McpSchema.CallToolResult r = call("generate_ui", Map.of("description", "A login form with email, password and a sign-in button",
                "with_image", true));
        Map<String, Object> s = structured(r);
        List<Map<String, Object>> files = (List<Map<String, Object>>) s.get("files");
        assertThat(files).extracting(f -> f.get("language")).contains("html", "css");
        assertThat(r.content()).anyMatch(c -> c instanceof McpSchema.ImageContent i && i.mimeType().equals("image/png")
                && Base64.getDecoder().decode(i.data()).length > 8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void screenshotToLayout_whenGivenThePath_returnsLayoutHtmlAndOverlay() {
        McpSchema.CallToolResult r = call("screenshot_to_layout", Map.of("path", dir.resolve("login.png").toString(), "title", "Sign in"));
        Map<String, Object> s = structured(r);
        Map<String, Object> layout = (Map<String, Object>) s.get("layout");
        List<Map<String, Object>> elements = (List<Map<String, Object>>) layout.get("elements");
        assertThat(elements.stream().filter(e -> e.get("kind").equals("BUTTON")).count()).isEqualTo(2);
        assertThat(elements.stream().filter(e -> e.get("kind").equals("INPUT")).count()).isEqualTo(2);
        assertThat(s.get("html").toString()).contains("<html", "Sign in");
        McpSchema.ImageContent overlay = (McpSchema.ImageContent) r.content().stream().filter(c -> c instanceof McpSchema.ImageContent)
                .findFirst().orElseThrow();
        byte[] png = Base64.getDecoder().decode(overlay.data());
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    @SuppressWarnings("unchecked")
    void ocr_whenGivenAPage_returnsTextFieldsAndPageConfidence() {
        McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name("ocr").progressToken("ocr-1")
                .arguments(Map.of("paths", List.of("page.png"), "languages", "eng")).build());
        Map<String, Object> s = structured(r);
        Map<String, Object> f = ((List<Map<String, Object>>) s.get("files")).get(0);
        assertThat(f.get("path")).isEqualTo("page.png");
        assertThat(f.get("text").toString()).contains("Inspection", "Kyiv");
        List<Map<String, Object>> pages = (List<Map<String, Object>>) f.get("pages");
        assertThat(pages).hasSize(1);
        assertThat(((Number) pages.get(0).get("confidence")).doubleValue()).isGreaterThan(50);
        assertThat((List<?>) pages.get(0).get("preprocessing")).as("preprocessing is on by default").isNotEmpty();
        assertThat(f.get("fields").toString()).contains("12450");
        assertThat(r.meta()).as("the module's time in the server, for clients to tell the server's overhead")
                .containsKey(TraeMcpServer.MODULE_MICROS);
        assertThat(((Number) r.meta().get(TraeMcpServer.MODULE_MICROS)).longValue()).isPositive();
        awaitProgress(p -> "ocr-1".equals(p.progressToken()) && p.total() != null && p.total() == 1.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void analyzeDocument_whenGivenAForm_returnsTablesAsCsvAndFormsAsJson() throws IOException {
        String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("form.png")));
        Map<String, Object> s = structured(call("analyze_document", Map.of("image_base64", b64)));
        List<Map<String, Object>> tables = (List<Map<String, Object>>) s.get("tables");
        assertThat(tables).isNotEmpty();
        assertThat(tables.get(0).get("csv").toString()).contains(",");
        assertThat(s.get("forms").toString()).contains("Order No");
    }

    @Test
    @SuppressWarnings("unchecked")
    void exportTable_whenGivenANamedConnection_exportsWithProgressAndReturnsTheManifest() {
        McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name("export_table").progressToken("exp-1")
                .arguments(Map.of("connection", "local-demo", "table", "INCIDENTS", "max_rows_per_file", 200)).build());
        Map<String, Object> s = structured(r);
        assertThat(((Number) s.get("rows")).longValue()).isEqualTo(500);
        assertThat(((Number) s.get("files")).intValue()).isEqualTo(3);
        assertThat(s.get("manifest_uri").toString()).startsWith("s3://trae-mcp-local/exports/incidents/");
        Map<String, Object> manifest = (Map<String, Object>) s.get("manifest");
        assertThat((List<?>) manifest.get("files")).hasSize(3);
        awaitProgress(p -> "exp-1".equals(p.progressToken()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void listModels_whenFiltered_returnsModelsWithLifecycleAndProfiles() {
        Map<String, Object> all = structured(call("list_models", Map.of()));
        Map<String, Object> active = structured(call("list_models", Map.of("lifecycle", "ACTIVE")));
        List<Map<String, Object>> models = (List<Map<String, Object>>) active.get("models");
        assertThat(models).isNotEmpty().allMatch(m -> m.get("lifecycle").equals("ACTIVE"));
        assertThat(((List<?>) all.get("models")).size()).isGreaterThanOrEqualTo(models.size());
        assertThat((List<?>) all.get("profiles")).isNotEmpty();
    }

    @Test
    void costReport_whenCalled_returnsTotalsByAppAndModel() {
        Map<String, Object> s = structured(call("cost_report", Map.of()));
        assertThat(s).containsKeys("total_cost_usd", "total_tokens", "by_app", "by_model");
        assertThat(text(call("cost_report", Map.of()))).startsWith("Spent ");
    }

    // ------------------------------------------------------------------ bad input: an MCP error, and the server stays up

    void assertRefused(String tool, Map<String, Object> args, String... messageParts) {
        assertThatThrownBy(() -> call(tool, args)).isInstanceOf(McpError.class)
                .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32602))
                .hasMessageContaining(tool).hasMessageContainingAll(messageParts);
        serverStillAnswers();
    }

    @Test
    void badInput_whenARequiredArgumentIsMissing_isRefusedNamingIt() {
        assertRefused("generate_code", Map.of("language", "java"), "prompt");
    }

    @Test
    void badInput_whenAnArgumentHasTheWrongType_isRefusedNamingIt() {
        assertRefused("ocr", Map.of("paths", "page.png"), "paths", "array");
        assertRefused("generate_code", Map.of("prompt", "x", "language", "java", "max_rounds", "three"), "max_rounds");
    }

    @Test
    void badInput_whenAPathIsOutsideTheRoots_isRefusedBeforeAnyRead() {
        assertRefused("ocr", Map.of("paths", List.of(outside.toString())), "outside the allowed roots");
        assertRefused("screenshot_to_layout", Map.of("path", "../outside.txt"), "outside the allowed roots");
        assertRefused("generate_code", Map.of("prompt", "x", "language", "java", "context_files", List.of("/etc/passwd")),
                "outside the allowed roots");
    }

    @Test
    void badInput_whenTheConnectionIsUnknown_isRefusedListingTheConfiguredOnes() {
        assertRefused("export_table", Map.of("connection", "prod-finance", "table", "INCIDENTS"), "unknown connection 'prod-finance'",
                "local-demo");
    }

    @Test
    void badInput_whenTheFileIsTooLarge_isRefusedWithTheLimit() {
        assertRefused("ocr", Map.of("paths", List.of("big.png")), "big.png", String.valueOf(MAX_FILE_BYTES));
    }

    @Test
    void exportTable_whenTheConnectionFails_neverShowsItsSecret() throws IOException {
        String shown;
        try {
            McpSchema.CallToolResult r = call("export_table", Map.of("connection", "broken", "table", "INCIDENTS"));
            assertThat(r.isError()).isTrue();
            shown = r.toString();
        } catch (McpError e) {
            shown = e.getMessage() + " " + e.getJsonRpcError();
        }
        assertThat(shown).contains("export_table").doesNotContain(DB_SECRET);
        assertThat(Files.readString(auditFile)).doesNotContain(DB_SECRET);
        serverStillAnswers();
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void generateCode_whenCancelledMidStream_stopsTheStreamAndAnswersCancelled() throws Exception {
        Object tokensBooked = structured(call("cost_report", Map.of())).get("total_tokens");
        CompletableFuture<McpSchema.CallToolResult> pending = CompletableFuture.supplyAsync(() -> client.callTool(
                McpSchema.CallToolRequest.builder().name("generate_code").progressToken("cancel-me").arguments(Map.of(
                        "prompt", "Write a Java class LongReport in package demo with ten methods", "language", "java")).build()));
        // wait for the first streamed tokens: the call is now mid-stream
        long deadline = System.currentTimeMillis() + 60_000;
        while (progress.stream().noneMatch(p -> "cancel-me".equals(p.progressToken()))) {
            assertThat(System.currentTimeMillis()).as("first token").isLessThan(deadline);
            Thread.sleep(10);
        }
        long t0 = System.nanoTime();
        transport.cancel(transport.lastToolCallId(), "user pressed stop");
        assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(McpError.class).hasMessageContaining("cancelled");
        long cancelToErrorMs = (System.nanoTime() - t0) / 1_000_000;
        // a full answer streams for seconds at this pace; the cancellation answers at once
        assertThat(cancelToErrorMs).isLessThan(3_000);
        // the stream was stopped, not finished in the background: nothing was booked to the cost ledger
        Thread.sleep(500);
        assertThat(structured(call("cost_report", Map.of())).get("total_tokens")).isEqualTo(tokensBooked);
        assertThat(Files.readAllLines(auditFile)).anyMatch(l -> l.contains("tools/call generate_code") && l.contains("cancelled"));
        serverStillAnswers();
    }

    // ------------------------------------------------------------------ audit

    @Test
    void audit_whenToolsAreCalled_writesOneVerifiableEventPerCall() throws IOException {
        long before = calls(Files.readAllLines(auditFile)).size();
        call("list_models", Map.of());
        assertThatThrownBy(() -> call("ocr", Map.of("paths", List.of(outside.toString())))).isInstanceOf(McpError.class);
        List<String> lines = calls(Files.readAllLines(auditFile));
        assertThat(lines.size() - before).isEqualTo(2);
        assertThat(lines.get(lines.size() - 2)).contains("tools/call list_models", "ok");
        assertThat(lines.get(lines.size() - 1)).contains("tools/call ocr", "refused");
        AuditKey key = AuditKey.wrappedBy(LocalKeyring.createOrLoad(auditFile.resolveSibling(auditFile.getFileName() + ".key")));
        AuditLog.Verification v = AuditLog.verify(auditFile, key);
        assertThat(v.valid()).as(v.toString()).isTrue();
    }

    private static List<String> calls(List<String> lines) {
        return lines.stream().filter(l -> l.contains("tools/call ")).toList();
    }
}
