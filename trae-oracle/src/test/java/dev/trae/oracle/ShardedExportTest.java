package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trae.oracle.cli.ExportCli;
import dev.trae.oracle.model.Manifest;
import dev.trae.oracle.model.ManifestFile;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.s3.EmbeddedS3;

/**
 * A sharded export as AWS Batch or Kubernetes would run it: {@code export plan}, then 4 shards that find their
 * index in the environment (AWS_BATCH_JOB_ARRAY_INDEX and _SIZE, or JOB_COMPLETION_INDEX with --shards), then
 * {@code export finish}. Shards 0, 2 and 3 run in this JVM on threads, each with its own environment; shard 1 runs
 * as a separate process that is killed (SIGKILL, no clean-up) after its first file, and is then run again. The
 * rows that come out are checked against the table row for row, every id exactly once.
 */
@ExtendWith(TraeLocalExtension.class)
class ShardedExportTest {
    private static final int ROWS = 20_000;
    private final TraeLocal local;
    private String schema;
    private Path processLog;

    ShardedExportTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() throws Exception {
        TestDb.assumePg();
        schema = TestDb.pgSchema();
        local.s3().createBucket("shards");
        TestDb.exec(TestDb.PG_URL, "CREATE TABLE " + schema + ".events (id bigint PRIMARY KEY, body text)",
                "INSERT INTO " + schema + ".events SELECT g, 'body \"' || g || E'\",\\n' || md5(g::text) FROM generate_series(1, " + ROWS + ") g",
                // a pause every 250 rows, so that the shard that is killed is still writing when it is killed
                "CREATE FUNCTION " + schema + ".slow(bigint) RETURNS boolean LANGUAGE sql AS"
                        + " $$ SELECT CASE WHEN $1 % 250 = 0 THEN pg_sleep(0.05) IS NOT NULL OR true ELSE true END $$");
    }

    @AfterEach
    void tearDown() throws Exception {
        TestDb.dropPgSchema(schema);
        if (processLog != null) {
            java.nio.file.Files.deleteIfExists(processLog);
        }
    }

    private String[] args(String step, String... more) {
        List<String> a = new ArrayList<>(List.of("export", step, "--jdbc-url", TestDb.PG_URL, "--user", "postgres",
                "--query", "SELECT id, body FROM " + schema + ".events WHERE " + schema + ".slow(id)", "--key", "id",
                "--out", "s3://shards/" + schema + "/", "--s3-endpoint", local.s3().endpoint().toString(),
                "--max-rows-per-file", "500", "--no-progress", "--job-id", "sharded-1"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    /** Runs the CLI in this JVM with {@code env}; returns exit code and output. */
    private static String[] cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> e = new HashMap<>(env);
        int code = ExportCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), e);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)};
    }

    private List<String> keys(String prefix) {
        return local.s3().client().listObjectsV2(b -> b.bucket("shards").prefix(schema + "/" + prefix)).contents().stream()
                .map(o -> o.key().substring(schema.length() + 1)).toList();
    }

    @Test
    void shards_whenOneIsKilledAndRunAgain_thenFinishFindsEveryRowExactlyOnce() throws Exception {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
        try {
            String[] plan = cli(Map.of(), args("plan", "--parallel", "8"));
            assertThat(plan[0]).as(plan[1]).isEqualTo("0");
            assertThat(keys("_plan.json")).hasSize(1);

            // shard 1 of 4 in its own process, killed after its first file
            Process killed = shardProcess();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (keys("part-00001-").isEmpty() && killed.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(keys("part-00001-")).as("the killed shard wrote a file first; its output: %s",
                    java.nio.file.Files.exists(processLog) ? java.nio.file.Files.readString(processLog) : "").isNotEmpty();
            assertThat(keys("_partition-00005.json")).as("the shard was killed before it finished").isEmpty();
            List<String> leftBehind = new ArrayList<>(keys("part-0000"));

            // shards 0, 2 (AWS Batch) and 3 (Kubernetes) at once
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<String[]>> runs = List.of(
                        pool.submit(() -> cli(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "0", "AWS_BATCH_JOB_ARRAY_SIZE", "4"), args("run", "--shard", "auto"))),
                        pool.submit(() -> cli(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "2", "AWS_BATCH_JOB_ARRAY_SIZE", "4"), args("run"))),
                        pool.submit(() -> cli(Map.of("JOB_COMPLETION_INDEX", "3"), args("run", "--shards", "4"))));
                for (Future<String[]> f : runs) {
                    String[] r = f.get(2, TimeUnit.MINUTES);
                    assertThat(r[0]).as(r[1]).isEqualTo("0");
                }
            } finally {
                pool.shutdownNow();
            }

            // shard 1 has not finished: finish refuses and writes nothing
            String[] early = cli(Map.of(), args("finish"));
            assertThat(early[0]).isEqualTo("1");
            assertThat(early[1]).contains("partition 5 has no record");
            assertThat(keys("_manifest.json")).isEmpty();

            // the retry of shard 1 (AWS Batch's retry strategy runs the same index again)
            String[] retry = cli(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "1", "AWS_BATCH_JOB_ARRAY_SIZE", "4"), args("run"));
            assertThat(retry[0]).as(retry[1]).isEqualTo("0");

            String[] finish = cli(Map.of(), args("finish"));
            assertThat(finish[0]).as(finish[1]).isEqualTo("0");
            assertThat(finish[1]).contains("rows: " + ROWS);
            Manifest m = Manifest.parse(local.s3().client().getObjectAsBytes(b -> b.bucket("shards").key(schema + "/_manifest.json")).asByteArray());
            assertThat(m.files()).extracting(ManifestFile::partition).containsOnly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(m.totalRows()).isEqualTo(ROWS);
            // what the killed attempt left is gone or was rewritten: every stored part file is in the manifest
            assertThat(keys("part-")).containsExactlyInAnyOrderElementsOf(m.files().stream().map(ManifestFile::path).toList());
            assertThat(leftBehind).isNotEmpty();

            Map<Long, String> got = new HashMap<>();
            for (ManifestFile f : m.files()) {
                String text = local.s3().client().getObjectAsBytes(b -> b.bucket("shards").key(schema + "/" + f.path())).asUtf8String();
                List<List<String>> rows = ReadBack.csv(text, ',');
                assertThat(rows.size() - 1).as(f.path()).isEqualTo((int) f.rows());
                for (List<String> row : rows.subList(1, rows.size())) {
                    assertThat(got.put(Long.parseLong(row.get(0)), row.get(1))).as("id %s exported twice", row.get(0)).isNull();
                }
            }
            Map<Long, String> expected = new HashMap<>();
            try (Connection c = TestDb.pg(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, body FROM " + schema + ".events")) {
                while (rs.next()) {
                    expected.put(rs.getLong(1), rs.getString(2));
                }
            }
            assertThat(got).isEqualTo(expected);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    /** {@code export run} as shard 1 of 4 of an AWS Batch array job, in a JVM of its own. */
    private Process shardProcess() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ExportCli.class.getName()));
        cmd.addAll(List.of(args("run", "--shard", "auto")));
        processLog = java.nio.file.Files.createTempFile("trae-shard-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(processLog.toFile());
        pb.environment().put("AWS_BATCH_JOB_ARRAY_INDEX", "1");
        pb.environment().put("AWS_BATCH_JOB_ARRAY_SIZE", "4");
        pb.environment().put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        return pb.start();
    }
}
