package dev.trae.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.trae.benchmarks.bedrock.ConverseOverheadSuite;
import dev.trae.benchmarks.core.ResilienceOverheadSuite;
import dev.trae.benchmarks.mcp.McpSuite;
import dev.trae.benchmarks.ocr.OcrSuite;
import dev.trae.benchmarks.oracle.OracleExportSuite;
import dev.trae.benchmarks.security.DataKeyCacheSuite;
import dev.trae.benchmarks.vision.VisionBatchSuite;

/**
 * Runs the benchmark suites and writes {@code benchmarks/results/results.json} and
 * {@code benchmarks/results/results.md} (plus one JSON per suite). Arguments: suite names, or
 * {@code all}; the system property {@code trae.bench.quick=true} runs a quick version.
 */
public final class BenchMain {

    /** Every module registers its suite here. */
    static final List<BenchSuite> SUITES = List.of(
            new ResilienceOverheadSuite(),
            new ConverseOverheadSuite(),
            new OcrSuite(),
            new OracleExportSuite(),
            new DataKeyCacheSuite(),
            new VisionBatchSuite(),
            new McpSuite()
    );

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("trae.bench.quick") || "1".equals(System.getenv("QUICK"));
        List<String> wanted = new ArrayList<>();
        for (String a : args) {
            for (String s : a.split("[,\\s]+")) {
                if (!s.isBlank()) {
                    wanted.add(s.toLowerCase(Locale.ROOT));
                }
            }
        }
        boolean all = wanted.isEmpty() || wanted.contains("all");
        Path results = Path.of("results").toAbsolutePath();
        Path work = Path.of("target", "bench-work").toAbsolutePath();
        Files.createDirectories(results);
        Files.createDirectories(work);
        BenchContext ctx = new BenchContext(work, System.out, quick);
        List<BenchResult> everything = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (BenchSuite suite : SUITES) {
            if (!all && !wanted.contains(suite.name())) {
                continue;
            }
            System.out.println("== suite " + suite.name() + (quick ? " (quick)" : ""));
            try {
                List<BenchResult> r = suite.run(ctx);
                everything.addAll(r);
                write(results.resolve(suite.name() + ".json"), r, quick);
                r.forEach(x -> System.out.println("   " + line(x)));
            } catch (Exception e) {
                failures.add(suite.name() + ": " + e);
                e.printStackTrace();
            }
        }
        // The combined files cover every suite's latest run (this one's and earlier ones' kept in <suite>.json).
        List<BenchResult> combined = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (var files = Files.list(results)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".json") && !n.equals("results.json")) {
                    var doc = mapper.readTree(f.toFile());
                    for (var node : doc.path("results")) {
                        combined.add(mapper.treeToValue(node, BenchResult.class));
                    }
                }
            }
        }
        write(results.resolve("results.json"), combined, quick);
        Files.writeString(results.resolve("results.md"), markdown(combined, quick), StandardCharsets.UTF_8);
        System.out.println("wrote " + results.resolve("results.md"));
        if (!failures.isEmpty()) {
            System.err.println("suites that failed to run: " + failures);
            System.exit(1);
        }
    }

    private static void write(Path file, List<BenchResult> r, boolean quick) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("time", Instant.now().toString());
        doc.put("quick", quick);
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("java", System.getProperty("java.version"));
        doc.put("results", r);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    static String line(BenchResult x) {
        String base = x.baseline().isEmpty() ? "" : String.format(Locale.ROOT, " | baseline %s = %s %s | ratio %s",
                x.baseline(), fmt(x.baselineValue()), x.unit(), fmt(x.ratio()));
        String target = x.target().isEmpty() ? "" : " | target " + x.target() + (x.met() ? " MET" : " MISSED");
        return x.name() + " = " + fmt(x.value()) + " " + x.unit() + base + target;
    }

    static String markdown(List<BenchResult> rows, boolean quick) {
        StringBuilder sb = new StringBuilder("# Benchmark results\n\n");
        sb.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version")).append(quick ? " (quick run)" : "").append(".\n\n");
        sb.append("| suite | measure | value | unit | baseline | baseline value | ratio | target | met |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (BenchResult x : rows) {
            sb.append("| ").append(x.suite()).append(" | ").append(x.name()).append(" | ").append(fmt(x.value()))
                    .append(" | ").append(x.unit()).append(" | ").append(x.baseline()).append(" | ")
                    .append(fmt(x.baselineValue())).append(" | ").append(fmt(x.ratio())).append(" | ")
                    .append(x.target()).append(" | ").append(x.target().isEmpty() ? "" : x.met() ? "yes" : "NO").append(" |\n");
        }
        return sb.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
