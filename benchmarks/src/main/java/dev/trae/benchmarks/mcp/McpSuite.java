package dev.trae.benchmarks.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import dev.trae.aws.bedrock.ModelCatalog;
import dev.trae.benchmarks.BenchContext;
import dev.trae.benchmarks.BenchResult;
import dev.trae.benchmarks.BenchSuite;
import dev.trae.mcp.McpClients;
import dev.trae.mcp.TraeMcpServer;
import dev.trae.ocr.FieldExtractor;
import dev.trae.ocr.OcrEngine;
import dev.trae.ocr.Preprocessing;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.aws.bedrock.BedrockFake;

/**
 * trae-mcp: start-up time to the first {@code tools/list} answer ({@code java -jar trae-mcp.jar} over stdio, with
 * and without {@code --local}; baseline: a bare JVM start, {@code java -version}), and the server's overhead per
 * tool call: {@code list_models} (catalog cached) and {@code ocr} on one page (a warmed engine). The overhead is
 * the median over rounds of the client's round trip minus the module's time inside the server (which every
 * result reports in {@code _meta}); the same module call made directly in this process is reported beside it
 * (a different process with its own JIT state and native threads, so it is a reference, not the subtrahend).
 * The target row uses {@link RawStdioClient}, a minimal blocking client, so that it measures the server and
 * not a client library; the same calls through the MCP SDK's Java client, made in the same rounds to a second
 * server, are reported beside it.
 */
public final class McpSuite implements BenchSuite {

    @Override
    public String name() {
        return "mcp";
    }

    static Path jar() {
        for (Path p : List.of(Path.of("../trae-mcp/target/trae-mcp.jar"), Path.of("trae-mcp/target/trae-mcp.jar"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("trae-mcp/target/trae-mcp.jar is missing: `make bench` builds it (make build)");
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = jar();
        Path dir = Files.createDirectories(ctx.workDir().resolve("mcp"));
        Path page = dir.resolve("page.png");
        ImageIO.write(PageGenerator.render(List.of("Inspection report 17", "Date: 14.03.2024", "Station: Kyiv-12", "Volume: 12450 liters"),
                PageGenerator.availableFonts().get(0), 12, 300).image(), "png", page.toFile());
        // fresh audit logs each run: a log left by an interrupted run is not this run's to continue
        for (String f : List.of("audit.log", "audit-raw.log")) {
            for (String suffix : List.of("", ".key", ".lock")) {
                Files.deleteIfExists(dir.resolve(f + suffix));
            }
        }
        Path config = Files.writeString(dir.resolve("bench.properties"), "audit.file=" + dir.resolve("audit.log") + "\n");
        List<BenchResult> out = new ArrayList<>();
        int starts = ctx.quick() ? 2 : 5;

        double[] jvm = new double[starts];
        double[] plain = new double[starts];
        double[] local = new double[starts];
        for (int i = 0; i < starts; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            jvm[i] = (System.nanoTime() - t0) / 1e6;
            plain[i] = startToList(List.of(java, "-jar", jar.toString(), "--config", config.toString()));
            local[i] = startToList(List.of(java, "-jar", jar.toString(), "--local", "--config", config.toString()));
            ctx.out().printf("   start %d: java -version %.0f ms, trae-mcp %.0f ms, trae-mcp --local %.0f ms%n", i + 1, jvm[i], plain[i], local[i]);
        }
        out.add(new BenchResult(name(), "start-up to first tools/list (stdio, median of " + starts + ")", median(plain), "ms",
                "bare JVM start (java -version)", median(jvm), median(plain) / median(jvm), "<= 2000 ms", median(plain) <= 2000));
        out.add(new BenchResult(name(), "start-up to first tools/list with --local (Trae Local starts in the background)", median(local),
                "ms", "bare JVM start (java -version)", median(jvm), median(local) / median(jvm), "<= 2000 ms", median(local) <= 2000));

        int rounds = ctx.quick() ? 30 : 200;
        int ocrRounds = ctx.quick() ? 6 : 30;
        List<String> server = List.of(java, "-jar", jar.toString(), "--local", "--allow-dir", dir.toString(), "--config", config.toString());
        // an audit log has one writer: the second server gets its own
        Path rawConfig = Files.writeString(dir.resolve("bench-raw.properties"), "audit.file=" + dir.resolve("audit-raw.log") + "\n");
        List<String> rawServer = List.of(java, "-jar", jar.toString(), "--local", "--allow-dir", dir.toString(), "--config", rawConfig.toString());
        // two servers, one per client, each called in turn in every round, so both see the same machine load
        try (McpSyncClient client = McpClients.client(McpClients.stdio(server), Duration.ofMinutes(5), n -> { }, List.of());
             RawStdioClient raw = new RawStdioClient(rawServer, dir.resolve("raw-server.log"));
             TraeLocal localStack = TraeLocal.start()) {
            client.initialize();
            raw.initialize();
            localStack.fake("bedrock", new BedrockFake());
            try (ModelCatalog catalog = ModelCatalog.create(localStack.config())) {
                catalog.models();
                McpSchema.CallToolRequest list = new McpSchema.CallToolRequest("list_models", Map.of());
                for (int i = 0; i < 20; i++) { // warm-up: JIT on all sides, catalog loaded and cached
                    client.callTool(list);
                    raw.callTool("list_models", Map.of());
                    direct(catalog);
                }
                Overheads o = new Overheads(rounds);
                for (int i = 0; i < rounds; i++) {
                    long a = System.nanoTime();
                    McpSchema.CallToolResult r = client.callTool(list);
                    o.sdk[i] = (System.nanoTime() - a) / 1e6 - moduleMillis(r);
                    RawStdioClient.Answer ra = raw.callTool("list_models", Map.of());
                    o.raw[i] = ra.millis() - moduleMillis(ra);
                    o.rawRoundTrip[i] = ra.millis();
                    long b = System.nanoTime();
                    direct(catalog);
                    o.direct[i] = (System.nanoTime() - b) / 1e6;
                }
                o.report(ctx, out, "list_models (cached)", "ModelCatalog.models() in process");
            }
            try (OcrEngine engine = OcrEngine.builder().languages("eng").build()) {
                McpSchema.CallToolRequest ocr = new McpSchema.CallToolRequest("ocr", Map.of("paths", List.of(page.toString()), "languages", "eng"));
                Map<String, Object> ocrArgs = Map.of("paths", List.of(page.toString()), "languages", "eng");
                for (int i = 0; i < 3; i++) { // warm-up: engine pools, JIT on all sides
                    client.callTool(ocr);
                    raw.callTool("ocr", ocrArgs);
                    directOcr(engine, page);
                }
                Overheads o = new Overheads(ocrRounds);
                for (int i = 0; i < ocrRounds; i++) {
                    long a = System.nanoTime();
                    McpSchema.CallToolResult r = client.callTool(ocr);
                    double rt = (System.nanoTime() - a) / 1e6;
                    if (Boolean.TRUE.equals(r.isError())) {
                        throw new IllegalStateException("ocr failed: " + r.content());
                    }
                    o.sdk[i] = rt - moduleMillis(r);
                    RawStdioClient.Answer ra = raw.callTool("ocr", ocrArgs);
                    o.raw[i] = ra.millis() - moduleMillis(ra);
                    o.rawRoundTrip[i] = ra.millis();
                    long b = System.nanoTime();
                    directOcr(engine, page);
                    o.direct[i] = (System.nanoTime() - b) / 1e6;
                }
                o.report(ctx, out, "ocr one page", "OcrEngine.recognize + FieldExtractor in process");
            }
        }
        return out;
    }

    /**
     * Per-call overheads of one tool, round trip minus the module's time in the server: with the minimal client
     * (the server's own overhead: the target row) and with the MCP SDK's client (reported beside it).
     */
    private final class Overheads {
        final double[] raw;
        final double[] rawRoundTrip;
        final double[] sdk;
        final double[] direct;

        Overheads(int rounds) {
            raw = new double[rounds];
            rawRoundTrip = new double[rounds];
            sdk = new double[rounds];
            direct = new double[rounds];
        }

        void report(BenchContext ctx, List<BenchResult> out, String tool, String directName) {
            double overhead = median(raw);
            out.add(new BenchResult(name(), tool + " server overhead per call (minimal stdio client: round trip minus the module's time in the"
                    + " server), median of " + raw.length, overhead, "ms", directName, median(direct),
                    median(rawRoundTrip) / Math.max(1e-6, median(direct)), "<= 5 ms", overhead <= 5));
            out.add(BenchResult.plain(name(), tool + " overhead per call seen through the MCP SDK's Java client (reference: the"
                    + " client's own scheduling and JSON work included), median of " + sdk.length, median(sdk), "ms"));
            ctx.out().printf("   %s: overhead median %.2f ms (p90 %.2f) with the minimal client, %.2f ms (p90 %.2f) with the MCP SDK client;"
                    + " direct in process %.2f ms%n", tool, overhead, p90(raw), median(sdk), p90(sdk), median(direct));
        }
    }

    private static double p90(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(0.9 * s.length) - 1)];
    }

    private static double moduleMillis(RawStdioClient.Answer a) {
        JsonNode micros = a.result().path("_meta").path(TraeMcpServer.MODULE_MICROS);
        if (!micros.isNumber()) {
            throw new IllegalStateException("the result has no " + TraeMcpServer.MODULE_MICROS + " in _meta: " + a.result().path("_meta"));
        }
        return micros.asDouble() / 1000;
    }

    /** The module's time inside the server, which every trae-mcp result reports in {@code _meta}. */
    private static double moduleMillis(McpSchema.CallToolResult r) {
        Object micros = r.meta() == null ? null : r.meta().get(TraeMcpServer.MODULE_MICROS);
        if (!(micros instanceof Number n)) {
            throw new IllegalStateException("the result has no " + TraeMcpServer.MODULE_MICROS + " in _meta: " + r.meta());
        }
        return n.doubleValue() / 1000;
    }

    private static void direct(ModelCatalog catalog) {
        if (catalog.models().isEmpty() || catalog.inferenceProfiles().isEmpty()) {
            throw new IllegalStateException("empty catalog");
        }
    }

    private static void directOcr(OcrEngine engine, Path page) {
        OcrDocument doc = engine.recognize(page, Preprocessing.defaults());
        FieldExtractor.extract(doc);
    }

    /** Milliseconds from launching the server to the answer of the first tools/list. */
    private static double startToList(List<String> command) {
        long t0 = System.nanoTime();
        try (McpSyncClient c = McpClients.client(McpClients.stdio(command), Duration.ofMinutes(2), n -> { }, List.of())) {
            c.initialize();
            int tools = c.listTools().tools().size();
            double ms = (System.nanoTime() - t0) / 1e6;
            if (tools != 8) {
                throw new IllegalStateException("expected 8 tools, got " + tools);
            }
            c.closeGracefully();
            return ms;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

}
