package dev.trae.examples.demo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.trae.testkit.TraeLocal;

/**
 * The end-to-end demo that {@code make demo} runs: every module's step, in order, against Trae Local
 * (embedded S3 and loopback AWS fakes). Exits non-zero when a step fails.
 *
 * <p>Run one step with {@code make demo STEP=core} (matched against the step title, case-insensitive).
 */
public final class Demo {

    /** Every module registers its step here, in pipeline order. */
    static final List<DemoStep> STEPS = List.of(
            new CoreStep(),
            new SecurityStep(),
            new OracleStep(),
            new TrainingStep(),
            new BedrockStep(),
            new LexStep(),
            new RoboticsStep(),
            new OcrStep(),
            new VisionStep(),
            new McpStep()
    );

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path outDir = Path.of(args.length > 0 && !args[0].isBlank() ? args[0] : "target/demo-output").toAbsolutePath();
        String only = args.length > 1 ? args[1].toLowerCase(java.util.Locale.ROOT) : "";
        Files.createDirectories(outDir);
        out.println("Trae AWS SDK demo: embedded defaults (Trae Local). Output files go to " + outDir);
        List<String> failed = new ArrayList<>();
        int ran = 0;
        try (TraeLocal local = TraeLocal.start()) {
            DemoContext ctx = new DemoContext(local, outDir, out, null);
            for (DemoStep step : STEPS) {
                if (!only.isEmpty() && !step.title().toLowerCase(java.util.Locale.ROOT).contains(only)) {
                    continue;
                }
                ran++;
                out.println();
                out.println("=== " + step.title() + " ===");
                long t0 = System.nanoTime();
                try {
                    step.run(ctx);
                    out.printf("--- %s: ok in %d ms%n", step.title(), (System.nanoTime() - t0) / 1_000_000);
                } catch (Exception | AssertionError e) {
                    failed.add(step.title());
                    out.println("--- " + step.title() + ": FAILED: " + e);
                    e.printStackTrace(out);
                }
            }
        }
        out.println();
        out.printf("Demo finished: %d step(s), %d failed%s%n", ran, failed.size(), failed.isEmpty() ? "" : " " + failed);
        System.exit(failed.isEmpty() && ran > 0 ? 0 : 1);
    }
}
