package dev.trae.ocr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.trae.aws.core.job.Shard;
import dev.trae.ocr.testing.CharacterErrorRate;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import picocli.CommandLine;

/**
 * {@code trae-ocr-cli --shard auto} and {@code --finish}: four shards as four processes with the variables AWS Batch
 * (https://docs.aws.amazon.com/batch/latest/userguide/job_env_vars.html) and Kubernetes Indexed Jobs
 * (https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode) set, one killed mid-way and run
 * again; then every input is in the merged file exactly once. And the same over S3 (the embedded S3).
 */
class ShardedCliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int SHARDS = 4;

    @TempDir
    static Path dir;
    static final Map<String, String> truth = new LinkedHashMap<>();
    static Path list;

    @BeforeAll
    static void pages() throws Exception {
        String font = PageGenerator.availableFonts().get(0);
        String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima"};
        StringBuilder names = new StringBuilder("# inputs of the sharded test run\n");
        for (int i = 0; i < 16; i++) {
            List<String> lines = List.of("Page " + (i + 1) + " of the archive", words[i % words.length] + " " + words[(i + 5) % words.length]
                    + " " + words[(i + 7) % words.length]);
            Path f = dir.resolve(String.format("scan-%02d.png", i));
            ImageIO.write(PageGenerator.render(lines, font, 12, 300).image(), "png", f.toFile());
            truth.put(f.toString(), String.join("\n", lines));
            names.append(f).append('\n');
        }
        list = dir.resolve("inputs.txt");
        Files.writeString(list, names);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run inJvm(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OcrCli cli = new OcrCli();
        cli.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        cli.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        cli.env = env;
        int code = new CommandLine(cli).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Process shardProcess(int index, Path results, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), OcrCli.class.getName(),
                "--shard", "auto", "--results", results.toString(), "--list", list.toString(), "--lang", "eng", "--threads", "1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("AWS_BATCH_JOB_ARRAY_INDEX");
        pb.environment().remove("JOB_COMPLETION_INDEX");
        if (index == SHARDS - 1) {
            // a Kubernetes Indexed Job: the index only, the count as --shards
            pb.environment().put("JOB_COMPLETION_INDEX", String.valueOf(index));
            cmd.addAll(List.of("--shards", String.valueOf(SHARDS)));
            pb.command(cmd);
        } else {
            pb.environment().put("AWS_BATCH_JOB_ARRAY_INDEX", String.valueOf(index));
            pb.environment().put("AWS_BATCH_JOB_ARRAY_SIZE", String.valueOf(SHARDS));
        }
        return pb.start();
    }

    @Test
    void fourShardProcesses_whenOneIsKilledAndRunAgain_thenEveryInputMergedExactlyOnce() throws Exception {
        Path results = dir.resolve("results");
        // the shard with the most inputs is killed after its first record
        int victim = 0;
        int most = -1;
        for (int s = 0; s < SHARDS; s++) {
            int n = 0;
            for (String in : truth.keySet()) {
                n += Shard.of(s, SHARDS).owns(in) ? 1 : 0;
            }
            if (n > most) {
                most = n;
                victim = s;
            }
        }
        assertThat(most).as("the victim shard needs several inputs to be killed mid-way").isGreaterThanOrEqualTo(3);
        List<String> victimIds = truth.keySet().stream().filter(Shard.of(victim, SHARDS)::owns).map(ShardedRun::id).toList();

        Process[] p = new Process[SHARDS];
        Path[] logs = new Path[SHARDS];
        for (int s = 0; s < SHARDS; s++) {
            logs[s] = dir.resolve("shard-" + s + ".log");
            p[s] = shardProcess(s, results, logs[s]);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (recorded(results, victimIds) == 0 && p[victim].isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p[victim].destroyForcibly().waitFor(20, TimeUnit.SECONDS); // SIGKILL: nothing of the shard's own runs after it
        int recordedBeforeKill = recorded(results, victimIds);
        assertThat(recordedBeforeKill).as("killed after its first record, before its last; log: %s", Files.readString(logs[victim]))
                .isBetween(1, victimIds.size() - 1);
        for (int s = 0; s < SHARDS; s++) {
            if (s != victim) {
                assertThat(p[s].waitFor(5, TimeUnit.MINUTES)).isTrue();
                assertThat(p[s].exitValue()).as("shard %d: %s", s, Files.readString(logs[s])).isZero();
            }
        }

        // finish while the killed shard's inputs are missing: named, exit 1
        Path merged = dir.resolve("merged.jsonl");
        Run early = inJvm(Map.of(), "--finish", "--results", results.toString(), "--list", list.toString(), "-o", merged.toString());
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.err().lines().filter(l -> l.startsWith("missing: ")).count()).isEqualTo(victimIds.size() - recordedBeforeKill);

        // the killed shard runs again (a retry): it skips what it recorded and reads the rest
        Path again = dir.resolve("shard-again.log");
        Process retry = shardProcess(victim, results, again);
        assertThat(retry.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(retry.exitValue()).as(Files.readString(again)).isZero();
        assertThat(Files.readString(again)).contains(recordedBeforeKill + " already recorded");

        Run done = inJvm(Map.of(), "--finish", "--results", results.toString(), "--list", list.toString(), "-o", merged.toString());
        assertThat(done.code()).as(done.err()).isZero();
        assertThat(done.err()).contains("16 of 16 inputs merged").contains("0 missing");
        List<String> lines = Files.readAllLines(merged, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(truth.size());
        List<String> order = new ArrayList<>();
        for (String line : lines) {
            JsonNode rec = MAPPER.readTree(line);
            String input = rec.get("input").asText();
            order.add(input);
            assertThat(rec.has("error")).as(line).isFalse();
            String text = rec.get("document").get("text").asText();
            assertThat(CharacterErrorRate.of(truth.get(input), text)).as(input + ": " + text).isLessThan(0.05);
        }
        // every input exactly once, in input order
        assertThat(order).containsExactlyElementsOf(new ArrayList<>(truth.keySet()));
    }

    private static int recorded(Path results, List<String> ids) {
        int n = 0;
        for (String id : ids) {
            n += Files.exists(results.resolve("results").resolve(id)) ? 1 : 0;
        }
        return n;
    }

    @Test
    void s3PrefixInAndOut_whenTwoShardsAndARetry_thenMergedOnceEach() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"))) {
            s3.createBucket("scans");
            List<String> keys = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, String> e : truth.entrySet()) {
                if (i++ >= 4) {
                    break;
                }
                String key = "in/" + Path.of(e.getKey()).getFileName();
                s3.client().putObject(b -> b.bucket("scans").key(key), software.amazon.awssdk.core.sync.RequestBody.fromFile(Path.of(e.getKey())));
                keys.add(key);
            }
            System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
            try {
                String[] common = {"--s3-endpoint", s3.endpoint().toString(), "--results", "s3://scans/out/", "--lang", "eng", "--threads", "1",
                        "s3://scans/in/"};
                for (int s = 0; s < 2; s++) {
                    Map<String, String> env = new HashMap<>(Map.of("JOB_COMPLETION_INDEX", String.valueOf(s)));
                    List<String> args = new ArrayList<>(List.of("--shard", "auto", "--shards", "2"));
                    args.addAll(List.of(common));
                    Run r = inJvm(env, args.toArray(String[]::new));
                    assertThat(r.code()).as(r.err()).isZero();
                }
                // a retry of shard 0 reads nothing again
                Run retry = inJvm(Map.of(), concat(new String[] {"--shard", "0/2"}, common));
                assertThat(retry.err()).containsPattern("\\d+ already recorded, 0 to read");
                Run fin = inJvm(Map.of(), concat(new String[] {"--finish"}, common));
                assertThat(fin.code()).as(fin.err()).isZero();
                String merged = s3.client().getObjectAsBytes(b -> b.bucket("scans").key("out/results.jsonl")).asUtf8String();
                List<String> inputs = merged.lines().map(l -> {
                    try {
                        return MAPPER.readTree(l).get("input").asText();
                    } catch (Exception e) {
                        throw new AssertionError(l, e);
                    }
                }).toList();
                assertThat(inputs).containsExactlyElementsOf(keys.stream().map(k -> "s3://scans/" + k).toList());
                assertThat(merged).contains("Page 1 of the archive").contains("Page 4 of the archive");
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }

    @Test
    void badUsage_whenNoIndexNoResultsOrAnotherFormat_thenExitTwoSayingWhat() {
        Run noIndex = inJvm(Map.of(), "--shard", "auto", "--results", dir.resolve("r").toString(), "--list", list.toString());
        assertThat(noIndex.code()).isEqualTo(2);
        assertThat(noIndex.err()).contains("AWS_BATCH_JOB_ARRAY_INDEX").contains("JOB_COMPLETION_INDEX");
        Run k8sNoCount = inJvm(Map.of("JOB_COMPLETION_INDEX", "1"), "--shard", "auto", "--results", dir.resolve("r").toString(),
                "--list", list.toString());
        assertThat(k8sNoCount.code()).isEqualTo(2);
        assertThat(k8sNoCount.err()).contains("--shards N");
        Run noResults = inJvm(Map.of(), "--finish", "--list", list.toString());
        assertThat(noResults.code()).isEqualTo(2);
        assertThat(noResults.err()).contains("--results");
        Run pdf = inJvm(Map.of(), "--shard", "0/2", "--format", "pdf", "--results", dir.resolve("r").toString(), "--list", list.toString());
        assertThat(pdf.code()).isEqualTo(2);
        assertThat(pdf.err()).contains("JSON");
        Run both = inJvm(Map.of(), "--shard", "0/2", "--finish", "--results", dir.resolve("r").toString(), "--list", list.toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("r"))).as("nothing written on bad usage").isFalse();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
