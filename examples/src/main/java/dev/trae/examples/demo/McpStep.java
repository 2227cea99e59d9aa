package dev.trae.examples.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

import dev.trae.mcp.McpClients;
import dev.trae.ocr.testing.PageGenerator;

/**
 * trae-mcp: starts the MCP server as an IDE would ({@code java -jar trae-mcp/target/trae-mcp.jar --local} over
 * stdio), lists its tools, then calls {@code generate_code} (tokens arrive as progress notifications) and
 * {@code ocr} on a rendered page through the MCP SDK's client. The server always runs on Trae Local here.
 */
final class McpStep implements DemoStep {

    @Override
    public String title() {
        return "mcp: the Trae MCP server over stdio (list tools, generate_code, ocr)";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        Path jar = jar();
        Path files = Files.createDirectories(ctx.outDir().resolve("mcp"));
        PageGenerator.Page page = PageGenerator.render(List.of("Delivery note 2291", "Date: 02.12.2026", "Station: Lviv-3",
                "Volume: 8300 liters"), PageGenerator.availableFonts().get(0), 12, 300);
        ImageIO.write(page.image(), "png", files.resolve("delivery-note.png").toFile());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the server's audit log (and its local key) go into the demo's output, not the user's ~/.trae
        Path config = Files.writeString(files.resolve("trae-mcp.properties"), "audit.file=" + files.resolve("audit.log") + "\n");
        List<String> command = List.of(java, "-jar", jar.toString(), "--local", "--allow-dir", files.toString(), "--config", config.toString());
        ctx.out().println("starting: " + String.join(" ", command));
        AtomicInteger tokens = new AtomicInteger();
        long t0 = System.nanoTime();
        try (McpSyncClient client = McpClients.client(McpClients.stdio(command), Duration.ofMinutes(3), p -> tokens.incrementAndGet(),
                List.of())) {
            McpSchema.InitializeResult init = client.initialize();
            List<McpSchema.Tool> tools = client.listTools().tools();
            ctx.out().printf("server %s %s answered tools/list in %d ms:%n", init.serverInfo().name(), init.serverInfo().version(),
                    (System.nanoTime() - t0) / 1_000_000);
            tools.forEach(t -> ctx.out().printf("  %-21s %s%n", t.name(), t.description()));

            McpSchema.CallToolResult code = client.callTool(McpSchema.CallToolRequest.builder().name("generate_code").progressToken("demo")
                    .arguments(Map.of("prompt", "Write a Java class FuelPriceCalculator in package dev.trae.demo with methods total and discount",
                            "language", "java")).build());
            check(code);
            ctx.out().println("generate_code: " + text(code) + " (" + tokens.get() + " progress notifications)");
            McpSchema.CallToolResult ocr = client.callTool(new McpSchema.CallToolRequest("ocr", Map.of("paths", List.of("delivery-note.png"))));
            check(ocr);
            ctx.out().println("ocr: " + text(ocr));
            @SuppressWarnings("unchecked")
            Map<String, Object> first = ((List<Map<String, Object>>) ((Map<String, Object>) ocr.structuredContent()).get("files")).get(0);
            ctx.out().println("  text: " + first.get("text").toString().strip().replace("\n", " | "));
            ctx.out().println("  fields: " + first.get("fields"));
            if (tools.size() != 8 || !first.get("text").toString().contains("Lviv")) {
                throw new IllegalStateException("expected 8 tools and the station in the OCR text");
            }
        }
        long events = Files.readAllLines(files.resolve("audit.log")).stream().filter(l -> l.contains("tools/call")).count();
        ctx.out().println("audit: " + events + " tools/call event(s) in " + files.resolve("audit.log"));
        if (events < 2) {
            throw new IllegalStateException("expected an audit event per tool call in " + files.resolve("audit.log"));
        }
    }

    private static void check(McpSchema.CallToolResult r) {
        if (Boolean.TRUE.equals(r.isError())) {
            throw new IllegalStateException("tool failed: " + text(r));
        }
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    /** The packaged server: {@code make demo} builds it before the demo runs. */
    private static Path jar() {
        for (Path p : List.of(Path.of("trae-mcp/target/trae-mcp.jar"), Path.of("../trae-mcp/target/trae-mcp.jar"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("trae-mcp/target/trae-mcp.jar is missing: run `make build` (or `mvn package -pl trae-mcp -am`) first");
    }
}
