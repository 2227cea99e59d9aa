package dev.trae.benchmarks.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

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
        try (McpSyncClient client = McpClients.client(McpClients.stdio(List.of(java, "-jar", jar.toString(), "--local", "--allow-dir",
                dir.toString(), "--config", config.toString())), Duration.ofMinutes(5), n -> { }, List.of());
             TraeLocal localStack = TraeLocal.start()) {
            client.initialize();
            localStack.fake("bedrock", new BedrockFake());
            try (ModelCatalog catalog = ModelCatalog.create(localStack.config())) {
                catalog.models();
                McpSchema.CallToolRequest list = new McpSchema.CallToolRequest("list_models", Map.of());
                for (int i = 0; i < 20; i++) { // warm-up: JIT on both sides, catalog loaded and cached
                    client.callTool(list);
                    direct(catalog);
                }
                double[] mcp = new double[rounds];
                double[] inServer = new double[rounds];
                double[] dir1 = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    long a = System.nanoTime();
                    McpSchema.CallToolResult r = client.callTool(list);
                    mcp[i] = (System.nanoTime() - a) / 1e6;
                    inServer[i] = moduleMillis(r);
                    long b = System.nanoTime();
                    direct(catalog);
                    dir1[i] = (System.nanoTime() - b) / 1e6;
                }
                double overhead = medianDiff(mcp, inServer);
                out.add(new BenchResult(name(), "list_models (cached) server overhead per call (round trip minus the module's time in the server), median of "
                        + rounds, overhead, "ms", "ModelCatalog.models() in process", median(dir1), median(mcp) / Math.max(1e-6, median(dir1)),
                        "<= 5 ms", overhead <= 5));
                ctx.out().printf("   list_models: MCP round trip median %.3f ms (module in server %.3f ms), direct in process %.3f ms%n",
                        median(mcp), median(inServer), median(dir1));
            }
            try (OcrEngine engine = OcrEngine.builder().languages("eng").build()) {
                McpSchema.CallToolRequest ocr = new McpSchema.CallToolRequest("ocr", Map.of("paths", List.of(page.toString()), "languages", "eng"));
                for (int i = 0; i < 3; i++) { // warm-up: engine pool, JIT on both sides
                    client.callTool(ocr);
                    directOcr(engine, page);
                }
                double[] mcp = new double[ocrRounds];
                double[] inServer = new double[ocrRounds];
                double[] d = new double[ocrRounds];
                for (int i = 0; i < ocrRounds; i++) {
                    long a = System.nanoTime();
                    McpSchema.CallToolResult r = client.callTool(ocr);
                    mcp[i] = (System.nanoTime() - a) / 1e6;
                    if (Boolean.TRUE.equals(r.isError())) {
                        throw new IllegalStateException("ocr failed: " + r.content());
                    }
                    inServer[i] = moduleMillis(r);
                    long b = System.nanoTime();
                    directOcr(engine, page);
                    d[i] = (System.nanoTime() - b) / 1e6;
                }
                double overhead = medianDiff(mcp, inServer);
                out.add(new BenchResult(name(), "ocr one page server overhead per call (round trip minus the module's time in the server), median of "
                        + ocrRounds, overhead, "ms", "OcrEngine.recognize + FieldExtractor in process", median(d), median(mcp) / median(d),
                        "<= 5 ms", overhead <= 5));
                ctx.out().printf("   ocr: MCP round trip median %.1f ms (module in server %.1f ms), direct in process %.1f ms%n",
                        median(mcp), median(inServer), median(d));
            }
        }
        return out;
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

    private static double medianDiff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return median(d);
    }
}
