package dev.trae.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.trae.aws.core.AuditSink;
import dev.trae.security.EncryptedFileSecretsProvider;
import dev.trae.security.EnvelopeKeyProvider;
import dev.trae.security.LocalKeyring;
import dev.trae.testkit.aws.kms.KmsFake;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 point 4, secrets never in logs: runs the whole demo ({@link Demo}, what {@code make demo} runs) in a JVM
 * with every logger at DEBUG (slf4j's default level, and java.util.logging at ALL, which carries the Apache HTTP
 * client's {@code org.apache.http.wire} and {@code org.apache.http.headers} logs through commons-logging) and the AWS
 * SDK's request logging ({@code software.amazon.awssdk.request}), plus the command-line tools with {@code --help} and
 * with bad arguments. It collects all their output (exception messages included: the demo and the CLIs print them),
 * every file the demo wrote (its output folder and its {@code java.io.tmpdir}) except envelopes ({@code *.enc}) and
 * key files ({@code *.key}, which hold the key material by design), and asserts that none of the demo's secrets
 * appears anywhere, raw, base64 (standard, URL-safe, any alignment) or hex.
 *
 * <p>The secrets: the local keyring keys (read from the key files after the run), the database password the demo
 * stores in its encrypted secrets file (read back with the key), every plaintext data key the KMS fake handed out
 * (recorded through {@link KmsFake#DATA_KEY_LOG}), the Trae Local secret access key, and a password the test gives the
 * export CLI through {@code --password-env} and a bearer token the MCP server gets through {@code --token-env}. {@link SecretScannerTest} shows that planted leaks are found.
 */
class NoSecretsInDemoOutputTest {
    private static final String CLI_PASSWORD = "Cli-Canary-Pa55word-" + Long.toHexString(System.nanoTime());
    private static final String MCP_TOKEN = "Mcp-Canary-Token-" + Long.toHexString(System.nanoTime());

    @Test
    void demo_whenEveryLoggerAtDebug_neverOutputsASecret() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "secret-scan")).toAbsolutePath();
        deleteTree(root);
        Path outDir = Files.createDirectories(root.resolve("demo-output"));
        Path javaTmp = Files.createDirectories(root.resolve("java-tmp"));
        Path logs = Files.createDirectories(root.resolve("logs"));
        Path dataKeys = root.resolve("kms-data-keys.txt");
        Path julConfig = root.resolve("logging.properties");
        Files.writeString(julConfig, "handlers=java.util.logging.ConsoleHandler\n.level=ALL\njava.util.logging.ConsoleHandler.level=ALL\n");
        // inherited by every JVM the demo starts (the MCP server too)
        String toolOptions = String.join(" ",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-Djava.util.logging.config.file=" + julConfig,
                "-Djava.io.tmpdir=" + javaTmp,
                "-D" + KmsFake.DATA_KEY_LOG + "=" + dataKeys);

        List<Path> outputs = new ArrayList<>();
        Path demoLog = logs.resolve("demo.log");
        int demoExit = run(toolOptions, Map.of(), demoLog, 600, Demo.class.getName(), outDir.toString());
        outputs.add(demoLog);
        String demoText = Files.readString(demoLog, StandardCharsets.UTF_8);
        assertThat(demoExit).as("demo exit code; log: %s", demoLog).isZero();
        assertThat(demoText).contains("Demo finished: " + Demo.STEPS.size() + " step(s), 0 failed");
        // the loggers were really at DEBUG: AWS SDK request logging and the Apache client's wire log are in the output
        assertThat(demoText).contains("software.amazon.awssdk.request");
        assertThat(demoText).contains("http-outgoing");

        // the CLIs: help and bad arguments (the export CLI also gets a real password through its environment)
        Map<String, String> env = Map.of("TRAE_SCAN_DB_PASSWORD", CLI_PASSWORD, "TRAE_SCAN_MCP_TOKEN", MCP_TOKEN);
        String[][] cliRuns = {
                {"dev.trae.oracle.cli.ExportCli", "--help"},
                {"dev.trae.oracle.cli.ExportCli", "export", "--help"},
                {"dev.trae.oracle.cli.ExportCli", "export", "--no-such-option", "x"},
                {"dev.trae.oracle.cli.ExportCli", "export", "--jdbc-url", "jdbc:h2:mem:scan;USER=sa;PASSWORD=" + "x", "--user", "sa",
                        "--password-env", "TRAE_SCAN_DB_PASSWORD", "--table", "NO_SUCH_TABLE", "--out", root.resolve("export").toUri().toString()},
                {"dev.trae.oracle.cli.ExportCli", "export", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "--user", "app",
                        "--password-env", "TRAE_SCAN_DB_PASSWORD", "--table", "T", "--out", "s3://no-bucket/x/"},
                {"dev.trae.ocr.cli.OcrCli", "--help"},
                {"dev.trae.ocr.cli.OcrCli", "--psm", "NOPE", "x.png"},
                {"dev.trae.ocr.cli.OcrCli", root.resolve("missing.png").toString()},
                {"dev.trae.mcp.TraeMcpServer", "--help"},
                {"dev.trae.mcp.TraeMcpServer", "--no-such-option"},
                {"dev.trae.mcp.TraeMcpServer", "--token-env", "TRAE_SCAN_MCP_TOKEN", "--http", "not-a-port"},
        };
        int i = 0;
        for (String[] cli : cliRuns) {
            Path log = logs.resolve("cli-" + (i++) + ".log");
            String[] args = java.util.Arrays.copyOfRange(cli, 1, cli.length);
            int code = run(toolOptions, env, log, 120, cli[0], args);
            outputs.add(log);
            assertThat(Files.size(log)).as("%s %s printed something (exit %d)", cli[0], String.join(" ", args), code).isPositive();
        }

        // the secrets
        SecretScanner scanner = new SecretScanner();
        scanner.add("Trae Local secret access key", EmbeddedS3.SECRET_KEY);
        scanner.add("export CLI password (--password-env)", CLI_PASSWORD);
        scanner.add("MCP server bearer token (--token-env)", MCP_TOKEN);
        List<Path> keyFiles = files(outDir).stream().filter(p -> p.toString().endsWith(".key")).toList();
        assertThat(keyFiles).as("the demo's key files").isNotEmpty();
        for (Path keyFile : keyFiles) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(keyFile)) {
                p.load(in);
            }
            for (String name : p.stringPropertyNames()) {
                if (name.endsWith("key")) {
                    scanner.add("key material " + name + " of " + outDir.relativize(keyFile), Base64.getDecoder().decode(p.getProperty(name)));
                }
            }
        }
        Path security = outDir.resolve("security");
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(security.resolve("local.key"), AuditSink.noop())) {
            String password = EncryptedFileSecretsProvider.open(security.resolve("secrets.enc"), kms)
                    .databaseCredential("oracle/export").password();
            scanner.add("database password in the encrypted secrets file", password);
        }
        List<String> keys = Files.exists(dataKeys) ? Files.readAllLines(dataKeys) : List.of();
        assertThat(keys).as("plaintext data keys the KMS fake handed out").isNotEmpty();
        for (String k : keys.stream().distinct().toList()) {
            scanner.add("KMS data key " + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(k))).substring(0, 8), Base64.getDecoder().decode(k));
        }

        // everything to scan
        List<Path> scanned = new ArrayList<>(outputs);
        List<String> skipped = new ArrayList<>();
        for (Path f : concat(files(outDir), files(javaTmp))) {
            String n = f.getFileName().toString();
            if (n.endsWith(".enc") || n.endsWith(".key")) {
                skipped.add(root.relativize(f).toString());
            } else {
                scanned.add(f);
            }
        }
        List<SecretScanner.Finding> findings = new ArrayList<>();
        long bytes = 0;
        for (Path f : scanned) {
            byte[] data = Files.readAllBytes(f);
            bytes += data.length;
            findings.addAll(scanner.scan(root.relativize(f).toString(), data));
        }
        System.out.printf("secret scan: %d secrets, %d files (%d bytes) scanned, skipped (envelopes and key files): %s%n",
                scanner.size(), scanned.size(), bytes, skipped);
        assertThat(scanned.size()).isGreaterThan(outputs.size());
        assertThat(findings).as("secrets found in the demo's output and files").isEmpty();
    }

    private static int run(String toolOptions, Map<String, String> env, Path log, int timeoutSeconds, String mainClass,
                           String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.directory(Path.of("").toAbsolutePath().toFile());
        pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(mainClass + " did not finish within " + timeoutSeconds + " s; log: " + log);
        }
        return p.exitValue();
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
