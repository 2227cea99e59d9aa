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
 * Exports a mixed-type PostgreSQL table (5 million rows; 200k in quick mode) to the embedded S3 with the
 * shaded {@code trae-oracle-cli.jar} in a child JVM limited to {@code -Xmx256m}, and compares each export with
 * what a user would do instead, in the same interleaved rounds:
 * <ul>
 * <li>the shell pipe {@code psql -c "\copy (SELECT ...) TO STDOUT CSV HEADER" | aws s3 cp - s3://bench/key} to
 *     the same embedded S3 (Debian's {@code awscli}, {@code /usr/bin/aws}, when installed; else {@code aws} on the
 *     PATH), against the PostgreSQL COPY path (CSV), the generic JDBC path ({@code --no-pg-copy}, the one Oracle
 *     uses) and Parquet: the ratio is pipe seconds / export seconds, the median of the per-round ratios;</li>
 * <li>{@code psql \copy ... TO 'file' CSV HEADER} against CSV to a local directory (for comparison);</li>
 * <li>on a 1M-row table, the whole CLI process (JVM start included) against {@code \copy} to a local file, through
 *     the shipped launcher (the target) and through plain {@code java -Xmx256m -jar} (for comparison).</li>
 * </ul>
 * Exports run through {@code trae-oracle/bin/trae-oracle-cli} with {@code JAVA_OPTS=-Xmx256m}: the launcher the
 * module ships, which adds the JVM options measured in its README (serial GC, an AppCDS archive written by its first
 * export: here the untimed warm-up export, into the benchmark's scratch folder).
 * Heap is sampled in the child JVM: the peak live heap after GC against the target, and the peak in use. The
 * CPU seconds of each run are split between the exporter (or the pipe's psql and aws processes), the embedded
 * S3 (in this JVM, sharing the machine's cores) and PostgreSQL (its processes' times from /proc), since on a
 * small machine they compete for the same cores; other agents on the machine are left out of the split.
 */
public final class OracleExportSuite implements BenchSuite {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    public String name() {
        return "oracle";
    }

    /**
     * One kind of export: format, connections, CLI flags, sink (s3 or file), the target ratio against its reference,
     * and whether it runs through the launcher the module ships ({@code trae-oracle/bin/trae-oracle-cli}:
     * serial GC, an AppCDS archive) instead of plain {@code java -Xmx256m -jar}.
     */
    private record Variant(String format, String parallel, List<String> flags, String sink, double target, boolean launcher) {
        Variant(String format, String parallel, List<String> flags, String sink, double target) {
            this(format, parallel, flags, sink, target, false);
        }

        boolean toS3() {
            return sink.equals("s3");
        }
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        long rows = ctx.quick() ? 200_000 : 5_000_000;
        long smallRows = ctx.quick() ? 100_000 : 1_000_000;
        Path cli = Path.of("..", "trae-oracle", "target", "trae-oracle-cli.jar").toAbsolutePath().normalize();
        if (!Files.exists(cli)) {
            throw new IllegalStateException(cli + " is missing: build trae-oracle first (mvn -pl trae-oracle package)");
        }
        Path launcher = Path.of("..", "trae-oracle", "bin", "trae-oracle-cli").toAbsolutePath().normalize();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing or not executable");
        }
        String aws = Files.isExecutable(Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws";
        String table = "trae_bench_oracle.mixed";
        String small = "trae_bench_oracle.small";
        ctx.out().println("   generating " + rows + " + " + smallRows + " rows in PostgreSQL ...");
        // through psql: the benchmark JVM carries no PostgreSQL driver (the export runs in the CLI jar, which does)
        psql("DROP SCHEMA IF EXISTS trae_bench_oracle CASCADE");
        psql("CREATE SCHEMA trae_bench_oracle");
        for (String[] t : new String[][] {{table, Long.toString(rows)}, {small, Long.toString(smallRows)}}) {
            psql("CREATE TABLE " + t[0] + " (id bigint PRIMARY KEY, name text, amount numeric(12,2), qty integer,"
                    + " created timestamptz, active boolean, note text, score double precision)");
            psql("INSERT INTO " + t[0] + " SELECT g, 'customer ' || g, (g % 100000) / 7.0, g % 1000,"
                    + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 3 = 0,"
                    + " CASE WHEN g % 10 = 0 THEN NULL ELSE 'note, \"quoted\" ' || (g % 97) END, g / 3.0"
                    + " FROM generate_series(1, " + t[1] + ") g");
            psql("VACUUM ANALYZE " + t[0]);
        }
        List<BenchResult> out = new ArrayList<>();
        out.add(BenchResult.plain(name(), "reference pipe's S3 client: " + exec(List.of(aws, "--version"), Map.of()).trim(), 0, ""));
        // The machine is shared and its load drifts: the references and the exports run interleaved, round after
        // round, and each ratio is the median of the per-round ratios.
        // -Dtrae.bench.oracle.rounds=N (or ORACLE_ROUNDS) overrides: a loaded machine may not afford three
        int rounds = Integer.parseInt(System.getProperty("trae.bench.oracle.rounds",
                System.getenv().getOrDefault("ORACLE_ROUNDS", ctx.quick() ? "1" : "3")));
        // the exports run through the launcher the module ships (bin/trae-oracle-cli), as the README tells users to
        Variant[] variants = {
            new Variant("csv", "1", List.of(), "s3", 1.25, true),
            new Variant("csv", "2", List.of(), "s3", 1.25, true),
            new Variant("csv", "2", List.of("--no-pg-copy"), "s3", 1.0, true),
            new Variant("parquet", "2", List.of(), "s3", 0.6, true),
            new Variant("csv", "2", List.of(), "file", 0, true)};
        List<Double> pipeSeconds = new ArrayList<>();
        List<Map<String, String>> pipeCpu = new ArrayList<>();
        List<Double> copySeconds = new ArrayList<>();
        List<Double> copyCpu = new ArrayList<>();
        List<List<Map<String, String>>> runs = new ArrayList<>();
        for (int v = 0; v < variants.length; v++) {
            runs.add(new ArrayList<>());
        }
        // a filesystem store: the in-memory one keeps each half-gigabyte export in this JVM's heap until it is
        // deleted, and its garbage collection competes for the machine's cores (about 1 CPU s more per export)
        Path store = ctx.workDir().resolve("oracle-s3");
        List<Double> cliRatios = new ArrayList<>();
        List<Double> cliSeconds = new ArrayList<>();
        List<Double> cliCpu = new ArrayList<>();
        List<Double> jarRatios = new ArrayList<>();
        List<Double> jarSeconds = new ArrayList<>();
        List<Double> jarCpu = new ArrayList<>();
        Variant smallJar = new Variant("csv", "2", List.of(), "file", 0);
        Variant smallLauncher = new Variant("csv", "2", List.of(), "file", 0.7, true);
        List<Double> smallCopySeconds = new ArrayList<>();
        List<Map<String, String>> shardRuns = new ArrayList<>();
        try (EmbeddedS3 s3 = EmbeddedS3.start(store)) {
            s3.createBucket("bench");
            String select = "SELECT id, name, amount, qty, created, active, note, score FROM " + table + " ORDER BY id";
            Path copyFile = ctx.workDir().resolve("copy.csv");
            // S3Proxy runs in this JVM and compiles its request path during the first export it serves; an S3
            // service is warm, so one untimed export and one untimed pipe go first (they also warm PostgreSQL's cache)
            ctx.out().println("   warm-up export and pipe (untimed) ...");
            // The launcher's first export writes its AppCDS archive (once per jar and JVM, as on a user's machine): the
            // warm-up export is that first run
            Files.deleteIfExists(ctx.workDir().resolve("trae-oracle-cli.jsa"));
            export(ctx, cli, s3, table, variants[1]);
            pipe(s3, aws, select, "warm-up");
            for (int round = 1; round <= rounds; round++) {
                Map<String, String> p = pipe(s3, aws, select, "round-" + round);
                pipeSeconds.add(Double.parseDouble(p.get("seconds")));
                pipeCpu.add(p);
                ctx.out().printf("   round %d: pipe (psql \\copy | aws s3 cp -) %s s, CPU s: psql and aws %s, embedded S3 %s, PostgreSQL %s%n",
                        round, p.get("seconds"), p.get("cpu-clients"), p.get("cpu-s3"), p.get("cpu-rest"));
                long busy0 = systemBusyTicks();
                long t0 = System.nanoTime();
                exec(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c",
                        "\\copy (" + select + ") TO '" + copyFile + "' CSV HEADER"), Map.of());
                double cs = (System.nanoTime() - t0) / 1e9;
                copyCpu.add((systemBusyTicks() - busy0) / TICKS);
                Files.deleteIfExists(copyFile);
                copySeconds.add(cs);
                ctx.out().printf("   round %d: \\copy to a local file %.2f s%n", round, cs);
                for (int v = 0; v < variants.length; v++) {
                    Map<String, String> r = export(ctx, cli, s3, table, variants[v]);
                    runs.get(v).add(r);
                    ctx.out().printf("   round %d: %s: %s s (%s), live heap %.0f MB, CPU s: exporter %s, embedded S3 %s, PostgreSQL %s%n",
                            round, label(variants[v]), r.get("seconds"), r.get("path"), Long.parseLong(r.get("peak-live-heap-bytes")) / 1048576.0,
                            r.get("cpu-exporter"), r.get("cpu-s3"), r.get("cpu-rest"));
                }
                // 1M rows: the whole CLI process, JVM start included, against \copy to a local file
                String smallSelect = select.replace(table, small);
                t0 = System.nanoTime();
                exec(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c",
                        "\\copy (" + smallSelect + ") TO '" + copyFile + "' CSV HEADER"), Map.of());
                double sc = (System.nanoTime() - t0) / 1e9;
                Files.deleteIfExists(copyFile);
                smallCopySeconds.add(sc);
                for (Variant v : round % 2 == 1 ? new Variant[] {smallLauncher, smallJar} : new Variant[] {smallJar, smallLauncher}) {
                    t0 = System.nanoTime();
                    Map<String, String> r = export(ctx, cli, s3, small, v);
                    double whole = (System.nanoTime() - t0) / 1e9;
                    (v.launcher() ? cliSeconds : jarSeconds).add(whole);
                    (v.launcher() ? cliRatios : jarRatios).add(sc / whole);
                    (v.launcher() ? cliCpu : jarCpu).add(Double.parseDouble(r.get("cpu-exporter")));
                    ctx.out().printf("   round %d: %d rows: \\copy to a local file %.2f s, whole CLI process (%s) to a local directory %.2f s"
                            + " (exporter CPU %s s): %.2f%n", round, smallRows, sc, v.launcher() ? "bin/trae-oracle-cli" : "java -jar", whole,
                            r.get("cpu-exporter"), sc / whole);
                }
            }
            // a sharded export (plan, N shard processes at once, finish) with 1, 2 and 4 shards: how far it scales on one machine
            for (int n : new int[] {1, 2, 4}) {
                Map<String, String> r = sharded(ctx, cli, s3, table, n);
                shardRuns.add(r);
                ctx.out().printf("   %d shard(s): %s s (plan %s s, shards %s s, finish %s s), %s rows%n", n, r.get("seconds"),
                        r.get("plan"), r.get("run"), r.get("finish"), r.get("rows"));
            }
        } finally {
            psql("DROP SCHEMA IF EXISTS trae_bench_oracle CASCADE");
            deleteTree(store);
        }
        out.add(BenchResult.plain(name(), "pipe psql \\copy | aws s3 cp - to embedded S3: seconds (median of " + rounds + ")",
                median(pipeSeconds), "s"));
        out.add(BenchResult.plain(name(), String.format(Locale.ROOT,
                "pipe: CPU seconds, median (psql and aws %.1f, embedded S3 %.1f, PostgreSQL %.1f)",
                medianOf(pipeCpu, "cpu-clients"), medianOf(pipeCpu, "cpu-s3"), medianOf(pipeCpu, "cpu-rest")),
                medianOf(pipeCpu, "cpu-clients") + medianOf(pipeCpu, "cpu-s3") + medianOf(pipeCpu, "cpu-rest"), "s"));
        out.add(BenchResult.plain(name(), "psql \\copy to a local file: seconds (median of " + rounds + ")", median(copySeconds), "s"));
        if (!copyCpu.isEmpty() && copyCpu.get(0) >= 0) {
            out.add(BenchResult.plain(name(), "psql \\copy to a local file: CPU seconds of the whole machine, median", median(copyCpu), "s"));
        }
        for (int v = 0; v < variants.length; v++) {
            Variant variant = variants[v];
            List<Map<String, String>> rs = runs.get(v);
            List<Double> reference = variant.toS3() ? pipeSeconds : copySeconds;
            String referenceName = variant.toS3() ? "pipe psql \\copy | aws s3 cp - to the same S3, same rounds"
                    : "psql \\copy to a local file, same rounds";
            List<Double> seconds = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            double mbs = 0;
            long live = 0;
            long used = 0;
            for (int k = 0; k < rs.size(); k++) {
                double sec = Double.parseDouble(rs.get(k).get("seconds"));
                seconds.add(sec);
                rates.add(rows / sec);
                ratios.add(reference.get(k) / sec);
                mbs = Math.max(mbs, Long.parseLong(rs.get(k).get("bytes")) / 1e6 / sec);
                live = Math.max(live, Long.parseLong(rs.get(k).get("peak-live-heap-bytes")));
                used = Math.max(used, Long.parseLong(rs.get(k).get("peak-heap-bytes")));
            }
            String label = label(variant) + " (" + rs.get(0).get("path") + ")";
            double ratio = median(ratios);
            boolean target = variant.target() > 0;
            out.add(new BenchResult(name(), label + ": seconds (median of " + rs.size() + "; per-round ratios " + perRound(ratios)
                    + "; " + Math.round(median(rates)) + " rows/s)", median(seconds), "s", referenceName + " (s)", median(reference), ratio,
                    target ? String.format(Locale.ROOT, "ratio >= %.2f", variant.target()) : "", !target || ratio >= variant.target()));
            out.add(BenchResult.plain(name(), label + ": MB/s (best round)", mbs, "MB/s"));
            out.add(BenchResult.plain(name(), String.format(Locale.ROOT,
                    "%s: CPU seconds, median (exporter JVM %.1f, embedded S3 %.1f, PostgreSQL %.1f)", label,
                    medianOf(rs, "cpu-exporter"), medianOf(rs, "cpu-s3"), medianOf(rs, "cpu-rest")),
                    medianOf(rs, "cpu-exporter") + medianOf(rs, "cpu-s3") + medianOf(rs, "cpu-rest"), "s"));
            out.add(new BenchResult(name(), label + ": peak live heap after GC", live / 1048576.0, "MB", "", Double.NaN, Double.NaN,
                    "< 256 MB", live < 256L * 1048576));
            out.add(BenchResult.plain(name(), label + ": peak heap in use incl. garbage (sampled, bounded by -Xmx256m)",
                    used / 1048576.0, "MB"));
        }
        for (Map<String, String> r : shardRuns) {
            out.add(BenchResult.plain(name(), String.format(Locale.ROOT, "sharded CSV export to embedded S3, %s shard process(es) at once"
                    + " on this machine, 8 partitions, 1 connection each: seconds, whole (plan %s + shards %s + finish %s)",
                    r.get("shards"), r.get("plan"), r.get("run"), r.get("finish")), Double.parseDouble(r.get("seconds")), "s"));
        }
        double jarRatio = median(jarRatios);
        out.add(new BenchResult(name(), smallRows + " rows, whole CLI process (JVM start included), java -Xmx256m -jar, to a local"
                + " directory, 2 connections: seconds (median of " + rounds + "; per-round ratios " + perRound(jarRatios)
                + "; exporter CPU s " + String.format(Locale.ROOT, "%.2f", median(jarCpu)) + ")", median(jarSeconds), "s",
                "psql \\copy to a local file, same rounds (s)", median(smallCopySeconds), jarRatio, "", true));
        double cliRatio = median(cliRatios);
        out.add(new BenchResult(name(), smallRows + " rows, whole CLI process (JVM start included), the shipped launcher"
                + " bin/trae-oracle-cli (serial GC, AppCDS; JAVA_OPTS=-Xmx256m), to a local directory, 2 connections:"
                + " seconds (median of " + rounds + "; per-round ratios " + perRound(cliRatios) + "; exporter CPU s "
                + String.format(Locale.ROOT, "%.2f", median(cliCpu)) + ")", median(cliSeconds), "s",
                "psql \\copy to a local file, same rounds (s)", median(smallCopySeconds), cliRatio, "ratio >= 0.70", cliRatio >= 0.7));
        return out;
    }

    /**
     * {@code export plan} (8 partitions), then {@code n} {@code export run --shard i/n} processes at once, then
     * {@code export finish}; each step is a CLI process, timed whole.
     */
    private Map<String, String> sharded(BenchContext ctx, Path cli, EmbeddedS3 s3, String table, int n)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String prefix = "sharded-" + n + "-" + System.nanoTime() + "/";
        List<String> base = List.of(java, "-Xmx256m", "-jar", cli.toString(), "export");
        List<String> common = List.of("--jdbc-url", URL, "--user", "postgres", "--table", table, "--out", "s3://bench/" + prefix,
                "--s3-endpoint", s3.endpoint().toString(), "--no-progress", "--job-id", "bench-sharded");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        Map<String, String> r = new HashMap<>();
        try {
            long t0 = System.nanoTime();
            List<String> plan = new ArrayList<>(base);
            plan.add("plan");
            plan.addAll(common);
            plan.addAll(List.of("--parallel", "8"));
            exec(plan, env);
            long t1 = System.nanoTime();
            List<Process> shards = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<String> run = new ArrayList<>(base);
                run.add("run");
                run.addAll(common);
                run.addAll(List.of("--shard", i + "/" + n, "--parallel", "1"));
                ProcessBuilder pb = new ProcessBuilder(run).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().putAll(env);
                shards.add(pb.start());
            }
            for (Process p : shards) {
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("a shard failed");
                }
            }
            long t2 = System.nanoTime();
            List<String> finish = new ArrayList<>(base);
            finish.add("finish");
            finish.addAll(common);
            String stdout = exec(finish, env);
            long t3 = System.nanoTime();
            for (String line : stdout.split("\n")) {
                if (line.startsWith("rows: ")) {
                    r.put("rows", line.substring(6).trim());
                }
            }
            r.put("shards", Integer.toString(n));
            r.put("seconds", String.format(Locale.ROOT, "%.2f", (t3 - t0) / 1e9));
            r.put("plan", String.format(Locale.ROOT, "%.2f", (t1 - t0) / 1e9));
            r.put("run", String.format(Locale.ROOT, "%.2f", (t2 - t1) / 1e9));
            r.put("finish", String.format(Locale.ROOT, "%.2f", (t3 - t2) / 1e9));
        } finally {
            s3.client().listObjectsV2Paginator(b -> b.bucket("bench").prefix(prefix)).contents()
                    .forEach(o -> s3.client().deleteObject(b -> b.bucket("bench").key(o.key())));
        }
        return r;
    }

    private static String perRound(List<Double> ratios) {
        StringBuilder per = new StringBuilder();
        for (double r : ratios) {
            per.append(per.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", r));
        }
        return per.toString();
    }

    private static double medianOf(List<Map<String, String>> runs, String key) {
        List<Double> v = new ArrayList<>();
        for (Map<String, String> r : runs) {
            v.add(Double.parseDouble(r.get(key)));
        }
        return median(v);
    }

    /**
     * The reference pipe to the embedded S3: psql streams COPY's CSV into {@code aws s3 cp -}. Checksums are asked
     * for only where S3 requires them, as the exporter does against an S3-compatible store. The shell's
     * {@code times} gives the CPU of psql and aws; this JVM's CPU is the embedded S3's.
     */
    private Map<String, String> pipe(EmbeddedS3 s3, String aws, String select, String name) throws IOException, InterruptedException {
        String key = "pipe/" + name + "-" + System.nanoTime() + ".csv";
        String script = "set -o pipefail; psql -h 127.0.0.1 -U postgres -d test -q -c \"\\copy (" + select
                + ") TO STDOUT CSV HEADER\" | " + aws + " s3 cp - s3://bench/" + key + " --endpoint-url " + s3.endpoint()
                + " --only-show-errors && times";
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        env.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        long pg0 = postgresTicks();
        long own0 = ownCpuNanos();
        long t0 = System.nanoTime();
        String stdout;
        try {
            stdout = exec(List.of("bash", "-c", script), env);
        } finally {
            s3.client().deleteObject(b -> b.bucket("bench").key(key));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double embedded = (ownCpuNanos() - own0) / 1e9;
        double pg = pg0 < 0 ? Double.NaN : (postgresTicks() - pg0) / TICKS;
        // times: the shell's own user and system time, then its children's ("0m1.234s 0m0.567s")
        String[] lines = stdout.trim().split("\n");
        double clients = 0;
        for (String f : lines[lines.length - 1].trim().split("\\s+")) {
            int m = f.indexOf('m');
            clients += Double.parseDouble(f.substring(0, m)) * 60 + Double.parseDouble(f.substring(m + 1, f.length() - 1));
        }
        Map<String, String> r = new HashMap<>();
        r.put("seconds", String.format(Locale.ROOT, "%.2f", seconds));
        r.put("cpu-clients", String.format(Locale.ROOT, "%.1f", clients));
        r.put("cpu-s3", String.format(Locale.ROOT, "%.1f", embedded));
        r.put("cpu-rest", String.format(Locale.ROOT, "%.1f", pg));
        return r;
    }

    private static String label(Variant v) {
        return v.format() + (v.toS3() ? " to embedded S3, " : " to a local directory, ") + v.parallel() + " connection(s)"
                + (v.flags().isEmpty() ? "" : ", " + String.join(" ", v.flags())) + ", -Xmx256m"
                + (v.launcher() ? " (bin/trae-oracle-cli)" : " (java -jar)");
    }

    /**
     * CPU ticks of PostgreSQL's processes, read from /proc: every live {@code postgres} process's own user and
     * system time, plus what the postmaster collected from the backends that exited (its children's times), so a
     * backend that ends within the run still counts. -1 where /proc cannot be read. Other users of the same server
     * count too: on a shared machine this is an upper bound.
     */
    private static long postgresTicks() {
        long total = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException e) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < 0 || !stat.substring(open + 1, close).startsWith("postgres")) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                // fields after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
                total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                boolean postmaster = !isPostgres(Long.parseLong(f[1]));
                if (postmaster) {
                    total += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isPostgres(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith("postgres");
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
    private Map<String, String> export(BenchContext ctx, Path cli, EmbeddedS3 s3, String table, Variant variant)
            throws IOException, InterruptedException {
        String format = variant.format();
        String parallel = variant.parallel();
        boolean toS3 = variant.toS3();
        Path jobs = ctx.workDir().resolve("oracle-jobs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String prefix = format + "-p" + parallel + "-" + System.nanoTime() + "/";
        Path dir = ctx.workDir().resolve("oracle-out").resolve(prefix);
        List<String> cmd = new ArrayList<>(variant.launcher()
                ? List.of(cli.getParent().getParent().resolve("bin").resolve("trae-oracle-cli").toString())
                : List.of(java, "-Xmx256m", "-jar", cli.toString()));
        cmd.addAll(List.of("export", "--jdbc-url", URL, "--user", "postgres",
                "--table", table, "--format", format, "--out", toS3 ? "s3://bench/" + prefix : dir.toUri().toString()));
        if (toS3) {
            cmd.addAll(List.of("--s3-endpoint", s3.endpoint().toString()));
        }
        cmd.addAll(List.of("--parallel", parallel, "--no-progress", "--report-heap",
                "--job-dir", jobs.toString(), "--job-id", "bench-" + System.nanoTime()));
        cmd.addAll(variant.flags());
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        if (variant.launcher()) {
            env.put("TRAE_ORACLE_CLI_JAR", cli.toString());
            env.put("JAVA", java);
            env.put("JAVA_OPTS", "-Xmx256m");
            // the archive in the benchmark's scratch folder, not in the user's cache
            env.put("TRAE_ORACLE_CDS", ctx.workDir().resolve("trae-oracle-cli.jsa").toString());
        }
        String stdout;
        long pg0 = postgresTicks();
        long own0 = ownCpuNanos();
        long pg1;
        long own1;
        try {
            stdout = exec(cmd, env);
            pg1 = postgresTicks();
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
        double pg = pg0 < 0 ? Double.NaN : (pg1 - pg0) / TICKS;
        r.put("cpu-exporter", String.format(Locale.ROOT, "%.1f", exporter));
        r.put("cpu-s3", String.format(Locale.ROOT, "%.1f", embedded));
        r.put("cpu-rest", String.format(Locale.ROOT, "%.1f", pg));
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
