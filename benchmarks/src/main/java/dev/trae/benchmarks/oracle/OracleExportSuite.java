package dev.trae.benchmarks.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.trae.benchmarks.BenchContext;
import dev.trae.benchmarks.BenchResult;
import dev.trae.benchmarks.BenchSuite;
import dev.trae.testkit.EmbeddedS3;

/**
 * Exports a mixed-type PostgreSQL table (5 million rows; 200k in quick mode) to CSV and Parquet in the
 * embedded S3 through the generic JDBC path (the one Oracle uses), in a child JVM limited to
 * {@code -Xmx256m} (the shaded {@code trae-oracle-cli.jar}), and compares with
 * {@code psql \copy (SELECT ...) TO file CSV} of the same table in the same run.
 */
public final class OracleExportSuite implements BenchSuite {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        long rows = ctx.quick() ? 200_000 : 5_000_000;
        Path cli = Path.of("..", "trae-oracle", "target", "trae-oracle-cli.jar").toAbsolutePath().normalize();
        if (!Files.exists(cli)) {
            throw new IllegalStateException(cli + " is missing: build trae-oracle first (mvn -pl trae-oracle package)");
        }
        String table = "trae_bench_oracle.mixed";
        ctx.out().println("   generating " + rows + " rows in PostgreSQL ...");
        // through psql: the benchmark JVM carries no PostgreSQL driver (the export runs in the CLI jar, which does)
        psql("DROP SCHEMA IF EXISTS trae_bench_oracle CASCADE");
        psql("CREATE SCHEMA trae_bench_oracle");
        psql("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text, amount numeric(12,2), qty integer,"
                + " created timestamptz, active boolean, note text, score double precision)");
        psql("INSERT INTO " + table + " SELECT g, 'customer ' || g, (g % 100000) / 7.0, g % 1000,"
                + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 3 = 0,"
                + " CASE WHEN g % 10 = 0 THEN NULL ELSE 'note, \"quoted\" ' || (g % 97) END, g / 3.0"
                + " FROM generate_series(1, " + rows + ") g");
        psql("VACUUM ANALYZE " + table);
        List<BenchResult> out = new ArrayList<>();
        try (EmbeddedS3 s3 = EmbeddedS3.start()) {
            s3.createBucket("bench");
            // baseline: psql \copy of the same SELECT to a local file
            Path copyFile = ctx.workDir().resolve("copy.csv");
            String select = "SELECT id, name, amount, qty, created, active, note, score FROM " + table + " ORDER BY id";
            long t0 = System.nanoTime();
            exec(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c",
                    "\\copy (" + select + ") TO '" + copyFile + "' CSV HEADER"), Map.of());
            double copySeconds = (System.nanoTime() - t0) / 1e9;
            double copyRate = rows / copySeconds;
            double copyMb = Files.size(copyFile) / 1e6;
            Files.deleteIfExists(copyFile);
            ctx.out().printf("   \\copy: %.2f s, %.0f rows/s, %.1f MB%n", copySeconds, copyRate, copyMb);
            out.add(new BenchResult(name(), "psql \\copy to local CSV", copyRate, "rows/s", "", Double.NaN, Double.NaN, "", true));

            for (String[] v : new String[][] {{"csv", "1"}, {"csv", "2"}, {"parquet", "2"}}) {
                Map<String, String> r = export(ctx, cli, s3, table, v[0], v[1]);
                double seconds = Double.parseDouble(r.get("seconds"));
                double rate = rows / seconds;
                double mbs = Long.parseLong(r.get("bytes")) / 1e6 / seconds;
                double peakMb = Long.parseLong(r.get("peak-heap-bytes")) / 1048576.0;
                String label = v[0] + " to embedded S3, " + v[1] + " connection(s), -Xmx256m";
                ctx.out().printf("   %s: %.2f s, %.0f rows/s, %.1f MB/s, peak heap %.0f MB%n", label, seconds, rate, mbs, peakMb);
                boolean csv = v[0].equals("csv");
                out.add(new BenchResult(name(), label + ": rows/s", rate, "rows/s", "psql \\copy to local CSV", copyRate,
                        rate / copyRate, csv ? "ratio >= 0.7" : "", !csv || rate / copyRate >= 0.7));
                out.add(BenchResult.plain(name(), label + ": MB/s", mbs, "MB/s"));
                out.add(new BenchResult(name(), label + ": peak heap", peakMb, "MB", "", Double.NaN, Double.NaN, "< 256 MB", peakMb < 256));
            }
        } finally {
            psql("DROP SCHEMA IF EXISTS trae_bench_oracle CASCADE");
        }
        return out;
    }

    private Map<String, String> export(BenchContext ctx, Path cli, EmbeddedS3 s3, String table, String format, String parallel)
            throws IOException, InterruptedException {
        Path jobs = ctx.workDir().resolve("oracle-jobs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-jar", cli.toString(), "export", "--jdbc-url", URL, "--user", "postgres",
                "--table", table, "--format", format, "--out", "s3://bench/" + format + "-p" + parallel + "-" + System.nanoTime() + "/",
                "--s3-endpoint", s3.endpoint().toString(), "--parallel", parallel, "--no-progress", "--report-heap",
                "--job-dir", jobs.toString(), "--job-id", "bench-" + System.nanoTime());
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        String stdout = exec(cmd, env);
        Map<String, String> r = new HashMap<>();
        for (String line : stdout.split("\n")) {
            int i = line.indexOf(": ");
            if (i > 0) {
                r.put(line.substring(0, i).trim(), line.substring(i + 2).trim());
            }
        }
        if (!r.containsKey("seconds")) {
            throw new IllegalStateException("export did not report totals: " + stdout);
        }
        return r;
    }

    private static void psql(String sql) throws IOException, InterruptedException {
        exec(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql), Map.of());
    }

    private static String exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] all = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " failed: "
                    + new String(all, StandardCharsets.UTF_8));
        }
        return new String(all, StandardCharsets.UTF_8);
    }
}
