package dev.trae.benchmarks.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.trae.benchmarks.BenchContext;
import dev.trae.benchmarks.BenchResult;
import dev.trae.benchmarks.BenchSuite;
import dev.trae.testkit.aws.s3.EmbeddedS3;

/**
 * Exports a mixed-type PostgreSQL table (5 million rows; 200k in quick mode) to CSV and Parquet in the
 * embedded S3 (and CSV to a local directory, for comparison) through the generic JDBC path (the one Oracle
 * uses), in a child JVM limited to
 * {@code -Xmx256m} (the shaded {@code trae-oracle-cli.jar}), and compares with
 * {@code psql \copy (SELECT ...) TO file CSV} of the same table in the same run: interleaved rounds, the
 * ratio being the median of the per-round ratios. Heap is sampled in the child JVM: the peak live heap
 * after GC (what the export retains) against the target, and the peak in use (garbage included). The CPU
 * seconds of each run are split between the exporter, the embedded S3 (in this JVM, sharing the machine's
 * cores) and the rest (PostgreSQL), since on a small machine they compete for the same cores.
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
        // The machine is shared and its load drifts: the baseline and the exports run interleaved, round after
        // round, and the ratio is the median of the per-round ratios.
        int rounds = ctx.quick() ? 1 : 3;
        // format, connections, extra flag, sink (s3: the embedded S3 in this JVM; file: a local directory)
        String[][] variants = {{"csv", "1", "", "s3"}, {"csv", "2", "", "s3"}, {"csv", "1", "--read-ahead", "s3"},
            {"csv", "2", "", "file"}, {"parquet", "2", "", "s3"}};
        List<Double> copyCpu = new ArrayList<>();
        List<Double> copyRates = new ArrayList<>();
        List<List<Map<String, String>>> runs = new ArrayList<>();
        for (int v = 0; v < variants.length; v++) {
            runs.add(new ArrayList<>());
        }
        // a filesystem store: the in-memory one keeps each half-gigabyte export in this JVM's heap until it is
        // deleted, and its garbage collection competes for the machine's cores (about 1 CPU s more per export)
        Path store = ctx.workDir().resolve("oracle-s3");
        try (EmbeddedS3 s3 = EmbeddedS3.start(store)) {
            s3.createBucket("bench");
            String select = "SELECT id, name, amount, qty, created, active, note, score FROM " + table + " ORDER BY id";
            Path copyFile = ctx.workDir().resolve("copy.csv");
            // S3Proxy runs in this JVM and compiles its request path during the first export it serves; an S3
            // service is warm, so one untimed export goes first (it also warms PostgreSQL's buffer cache)
            ctx.out().println("   warm-up export (untimed) ...");
            export(ctx, cli, s3, table, variants[1]);
            for (int round = 1; round <= rounds; round++) {
                long busy0 = systemBusyTicks();
                long t0 = System.nanoTime();
                exec(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c",
                        "\\copy (" + select + ") TO '" + copyFile + "' CSV HEADER"), Map.of());
                double copySeconds = (System.nanoTime() - t0) / 1e9;
                copyCpu.add((systemBusyTicks() - busy0) / TICKS);
                Files.deleteIfExists(copyFile);
                copyRates.add(rows / copySeconds);
                ctx.out().printf("   round %d: \\copy %.2f s, %.0f rows/s%n", round, copySeconds, rows / copySeconds);
                for (int v = 0; v < variants.length; v++) {
                    if (variants[v][0].equals("parquet") && round > 1 && !ctx.quick()) {
                        continue;   // one Parquet run is enough: it has no target ratio
                    }
                    Map<String, String> r = export(ctx, cli, s3, table, variants[v]);
                    runs.get(v).add(r);
                    ctx.out().printf("   round %d: %s: %s s, live heap %.0f MB, CPU s: exporter %s, embedded S3 %s, PostgreSQL and rest %s%n",
                            round, label(variants[v]), r.get("seconds"), Long.parseLong(r.get("peak-live-heap-bytes")) / 1048576.0,
                            r.get("cpu-exporter"), r.get("cpu-s3"), r.get("cpu-rest"));
                }
            }
        } finally {
            psql("DROP SCHEMA IF EXISTS trae_bench_oracle CASCADE");
            deleteTree(store);
        }
        double copyRate = median(copyRates);
        out.add(BenchResult.plain(name(), "psql \\copy to local CSV (median of " + rounds + ")", copyRate, "rows/s"));
        if (!copyCpu.isEmpty() && copyCpu.get(0) >= 0) {
            out.add(BenchResult.plain(name(), "psql \\copy: CPU seconds of the whole machine (psql and the backend), median", median(copyCpu), "s"));
        }
        for (int v = 0; v < variants.length; v++) {
            List<Map<String, String>> rs = runs.get(v);
            List<Double> rates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            double mbs = 0;
            long live = 0;
            long used = 0;
            List<Double> cpuExporter = new ArrayList<>();
            List<Double> cpuS3 = new ArrayList<>();
            List<Double> cpuRest = new ArrayList<>();
            for (int k = 0; k < rs.size(); k++) {
                double seconds = Double.parseDouble(rs.get(k).get("seconds"));
                rates.add(rows / seconds);
                ratios.add(rows / seconds / copyRates.get(k));
                mbs = Math.max(mbs, Long.parseLong(rs.get(k).get("bytes")) / 1e6 / seconds);
                live = Math.max(live, Long.parseLong(rs.get(k).get("peak-live-heap-bytes")));
                used = Math.max(used, Long.parseLong(rs.get(k).get("peak-heap-bytes")));
                cpuExporter.add(Double.parseDouble(rs.get(k).get("cpu-exporter")));
                cpuS3.add(Double.parseDouble(rs.get(k).get("cpu-s3")));
                cpuRest.add(Double.parseDouble(rs.get(k).get("cpu-rest")));
            }
            String label = label(variants[v]);
            boolean target = variants[v][0].equals("csv") && variants[v][2].isEmpty() && variants[v][3].equals("s3");
            double ratio = median(ratios);
            StringBuilder per = new StringBuilder();
            for (double r : ratios) {
                per.append(per.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.2f", r));
            }
            out.add(new BenchResult(name(), label + ": rows/s (median of " + rs.size() + "; per-round ratios " + per + ")",
                    median(rates), "rows/s", "psql \\copy to local CSV, same rounds", copyRate, ratio,
                    target ? "ratio >= 0.7" : "", !target || ratio >= 0.7));
            out.add(BenchResult.plain(name(), label + ": MB/s (best round)", mbs, "MB/s"));
            out.add(BenchResult.plain(name(), String.format(java.util.Locale.ROOT,
                    "%s: CPU seconds, median (exporter JVM %.1f, embedded S3 %.1f, PostgreSQL and the rest %.1f)", label,
                    median(cpuExporter), median(cpuS3), median(cpuRest)), median(cpuExporter) + median(cpuS3) + median(cpuRest), "s"));
            out.add(new BenchResult(name(), label + ": peak live heap after GC", live / 1048576.0, "MB", "", Double.NaN, Double.NaN,
                    "< 256 MB", live < 256L * 1048576));
            out.add(BenchResult.plain(name(), label + ": peak heap in use incl. garbage (sampled, bounded by -Xmx256m)",
                    used / 1048576.0, "MB"));
        }
        return out;
    }

    private static String label(String[] variant) {
        return variant[0] + (variant[3].equals("s3") ? " to embedded S3, " : " to a local directory, ") + variant[1] + " connection(s)"
                + (variant[2].isEmpty() ? "" : ", " + variant[2].substring(2)) + ", -Xmx256m";
    }

    /** Linux clock ticks per second, the unit of /proc/stat. */
    private static final double TICKS = 100.0;

    /** Busy CPU ticks of the whole machine (all but idle and iowait) from /proc/stat, or -1 elsewhere. */
    private static long systemBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ownCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /**
     * One export in a child JVM; besides the CLI's totals, the CPU seconds it took: the child's own, this
     * JVM's (the embedded S3; the benchmark thread only waits), and the rest of the machine (PostgreSQL).
     */
    private Map<String, String> export(BenchContext ctx, Path cli, EmbeddedS3 s3, String table, String[] variant)
            throws IOException, InterruptedException {
        String format = variant[0];
        String parallel = variant[1];
        String extra = variant[2];
        boolean toS3 = variant[3].equals("s3");
        Path jobs = ctx.workDir().resolve("oracle-jobs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String prefix = format + "-p" + parallel + "-" + System.nanoTime() + "/";
        Path dir = ctx.workDir().resolve("oracle-out").resolve(prefix);
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", cli.toString(), "export", "--jdbc-url", URL, "--user", "postgres",
                "--table", table, "--format", format, "--out", toS3 ? "s3://bench/" + prefix : dir.toUri().toString()));
        if (toS3) {
            cmd.addAll(List.of("--s3-endpoint", s3.endpoint().toString()));
        }
        cmd.addAll(List.of("--parallel", parallel, "--no-progress", "--report-heap",
                "--job-dir", jobs.toString(), "--job-id", "bench-" + System.nanoTime()));
        if (!extra.isEmpty()) {
            cmd.add(extra);
        }
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        String stdout;
        long busy0 = systemBusyTicks();
        long own0 = ownCpuNanos();
        long busy1;
        long own1;
        try {
            stdout = exec(cmd, env);
            busy1 = systemBusyTicks();
            own1 = ownCpuNanos();
        } finally {
            // the store would otherwise hold every run's half gigabyte
            s3.client().listObjectsV2Paginator(b -> b.bucket("bench").prefix(prefix)).contents()
                    .forEach(o -> s3.client().deleteObject(b -> b.bucket("bench").key(o.key())));
            deleteTree(dir);
        }
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
        double exporter = Long.parseLong(r.getOrDefault("process-cpu-nanos", "-1")) / 1e9;
        double embedded = (own1 - own0) / 1e9;
        double all = busy0 < 0 ? Double.NaN : (busy1 - busy0) / TICKS;
        r.put("cpu-exporter", String.format(Locale.ROOT, "%.1f", exporter));
        r.put("cpu-s3", String.format(Locale.ROOT, "%.1f", embedded));
        r.put("cpu-rest", String.format(Locale.ROOT, "%.1f", Math.max(0, all - exporter - embedded)));
        return r;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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
