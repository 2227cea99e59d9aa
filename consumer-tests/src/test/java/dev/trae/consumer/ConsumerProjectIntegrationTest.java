package dev.trae.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What users get is what we test: for each published module, a throwaway consumer project imports the installed
 * {@code trae-bom} and adds only that module, the machine's {@code mvn} resolves its runtime class path, and
 * the test asserts that
 * <ul>
 *   <li>every {@code software.amazon.awssdk} jar has one version, the one the project builds and tests with
 *       (before the BOM imported the AWS SDK BOM, {@code trae-oracle} alone resolved {@code dynamodb-2.19.1}
 *       through the Encryption SDK beside 2.40.2 for everything else);</li>
 *   <li>every Jackson jar has one version;</li>
 *   <li>a smoke program using the module's public API runs on exactly that class path and prints {@code SMOKE-OK}.</li>
 * </ul>
 * The jar count and size of each runtime tree are written to {@code target/consumer-trees.md} (the module
 * READMEs quote them).
 */
class ConsumerProjectIntegrationTest {
    private static final String VERSION = System.getProperty("trae.version", "0.1.0-SNAPSHOT");
    private static final String AWS_SDK = System.getProperty("aws.sdk.version", "2.40.2");
    private static final String JACKSON = System.getProperty("jackson.version", "2.18.2");
    private static final Pattern M2_JAR = Pattern.compile(".*/repository/(.+)/([^/]+)/([^/]+)/[^/]+\\.jar$");
    private static final Map<String, String> TREES = new ConcurrentHashMap<>();

    private static final List<String> MODULES = List.of("trae-aws-core", "trae-security", "trae-aws-bedrock", "trae-aws-vision",
            "trae-aws-lex", "trae-aws-robotics", "trae-aws-training", "trae-oracle", "trae-ocr", "trae-testkit");

    @TempDir
    static Path work;
    private static Result resolution;

    /** One Maven run resolves every consumer project (one aggregator, one child per module): one JVM start, not ten. */
    @BeforeAll
    static void resolveEveryConsumerProject() throws Exception {
        StringBuilder modules = new StringBuilder();
        for (String m : MODULES) {
            Path dir = Files.createDirectories(work.resolve(m));
            Files.writeString(dir.resolve("pom.xml"), pom(m));
            modules.append("    <module>").append(m).append("</module>\n");
        }
        Files.writeString(work.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>example</groupId><artifactId>consumers</artifactId><version>1</version><packaging>pom</packaging>\n"
                + "  <modules>\n" + modules + "  </modules>\n</project>\n");
        resolution = run(work, 600, "mvn", "-B", "-q", "-ntp", "dependency:build-classpath");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trae-aws-core", "trae-security", "trae-aws-bedrock", "trae-aws-vision", "trae-aws-lex",
            "trae-aws-robotics", "trae-aws-training", "trae-oracle", "trae-ocr", "trae-testkit"})
    void consumerProject_withBomAndOneModule_resolvesOneAwsSdkVersionAndRunsTheSmokeProgram(String module) throws Exception {
        assertThat(MODULES).contains(module);
        Path dir = work.resolve(module);
        Path cpFile = dir.resolve("cp.txt");
        assertThat(resolution.exit).as("mvn for the consumer projects:%n%s", resolution.output).isZero();
        List<String> jars = List.of(Files.readString(cpFile).trim().split(java.io.File.pathSeparator));

        Map<String, TreeSet<String>> awsVersions = new TreeMap<>();
        Map<String, TreeSet<String>> jacksonVersions = new TreeMap<>();
        long bytes = 0;
        for (String jar : jars) {
            bytes += Files.size(Path.of(jar));
            Matcher m = M2_JAR.matcher(jar.replace('\\', '/'));
            if (!m.matches()) {
                continue;
            }
            String group = m.group(1).replace('/', '.');
            if (group.equals("software.amazon.awssdk")) {
                awsVersions.computeIfAbsent(m.group(3), v -> new TreeSet<>()).add(m.group(2));
            } else if (group.startsWith("com.fasterxml.jackson")) {
                jacksonVersions.computeIfAbsent(m.group(3), v -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertThat(awsVersions.keySet()).as("software.amazon.awssdk versions in %s's runtime tree: %s", module, awsVersions)
                .containsExactly(AWS_SDK);
        if (!jacksonVersions.isEmpty()) {
            assertThat(jacksonVersions.keySet()).as("Jackson versions in %s's runtime tree: %s", module, jacksonVersions)
                    .containsExactly(JACKSON);
        }
        TREES.put(module, String.format("| `%s` | %d | %.1f |", module, jars.size(), bytes / 1_048_576.0));

        Path smoke = dir.resolve("Smoke.java");
        try (InputStream in = getClass().getResourceAsStream("/smoke/" + module + ".java")) {
            assertThat(in).as("smoke program for %s", module).isNotNull();
            Files.write(smoke, in.readAllBytes());
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Result r = run(dir, 180, javaBin, "-cp", String.join(java.io.File.pathSeparator, jars), smoke.toString());
        assertThat(r.exit).as("smoke program of %s:%n%s", module, r.output).isZero();
        assertThat(r.output).contains("SMOKE-OK");
    }

    /**
     * Every module jar that has a {@code module-info} works on the module path: a tiny JPMS application that
     * {@code requires} the module is compiled and run with the consumer project's runtime tree as its module path
     * (the module system resolves the whole graph at start-up, so a missing {@code requires}, an unexported API
     * package or a split package fails here).
     */
    @ParameterizedTest
    @ValueSource(strings = {"trae-aws-core:dev.trae.aws.core:dev.trae.aws.core.TraeConfig",
            "trae-aws-bedrock:dev.trae.aws.bedrock:dev.trae.aws.bedrock.TraeBedrockClient",
            "trae-aws-vision:dev.trae.aws.vision:dev.trae.aws.vision.VisionClient",
            "trae-aws-lex:dev.trae.aws.lex:dev.trae.aws.lex.LexClient",
            "trae-aws-robotics:dev.trae.aws.robotics:dev.trae.aws.robotics.SimulationClient",
            "trae-aws-training:dev.trae.aws.training:dev.trae.aws.training.TrainingClient",
            "trae-ocr:dev.trae.ocr:dev.trae.ocr.OcrEngine"})
    void modulePath_tinyApplicationRequiringTheModule_startsAndSeesItsApi(String spec) throws Exception {
        String[] s = spec.split(":");
        String module = s[0];
        String name = s[1];
        String api = s[2];
        assertThat(resolution.exit).as("mvn for the consumer projects:%n%s", resolution.output).isZero();
        String modulePath = Files.readString(work.resolve(module).resolve("cp.txt")).trim();
        Path app = Files.createDirectories(work.resolve("jpms-" + module));
        Path src = Files.createDirectories(app.resolve("src/smoke.app/smoke"));
        Files.writeString(app.resolve("src/smoke.app/module-info.java"), "module smoke.app { requires " + name + "; }\n");
        Files.writeString(src.resolve("Main.java"), "package smoke;\n"
                + "public class Main {\n"
                + "    public static void main(String[] args) {\n"
                + "        Class<?> api = " + api + ".class;\n"
                + "        System.out.println(\"JPMS-OK \" + api.getModule().getName() + \" \" + Main.class.getModule().isNamed()\n"
                + "                + \" \" + dev.trae.aws.core.TraeConfig.class.getModule().getName());\n"
                + "    }\n"
                + "}\n");
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        Result javac = run(app, 180, bin + "/javac", "-d", "out", "--module-path", modulePath, "--module-source-path", "src",
                "-m", "smoke.app");
        assertThat(javac.exit).as("javac of a JPMS app requiring %s:%n%s", name, javac.output).isZero();
        Result r = run(app, 120, bin + "/java", "--module-path", "out" + java.io.File.pathSeparator + modulePath, "-m", "smoke.app/smoke.Main");
        assertThat(r.exit).as("JPMS app requiring %s:%n%s", name, r.output).isZero();
        assertThat(r.output).contains("JPMS-OK " + name + " true dev.trae.aws.core");
    }

    /**
     * trae-security on the module path. Its tree holds the AWS Cryptographic Material Providers 1.0.2 jar, which ships
     * five classes of package {@code dafny} ({@code Function0..3}, {@code Array1}) that its other dependency,
     * DafnyRuntime 4.2.0, does not have; both are automatic modules, and one package in two modules is refused by the
     * module system. So a JPMS application that {@code requires dev.trae.security} with the unmodified tree does not
     * compile ("reads package dafny from both"): asserted here, so that this test fails (and the README must change)
     * the day an MPL release stops splitting the package. The documented workaround is then proven: the MPL jar
     * without its {@code dafny} classes and {@code --patch-module DafnyRuntime=<those classes>} compile, start, and
     * encrypt and decrypt a message with the local keyring.
     */
    @org.junit.jupiter.api.Test
    void modulePath_security_isRefusedForTheSplitDafnyPackage_andRunsWithThePatchedRuntime() throws Exception {
        assertThat(resolution.exit).as("mvn for the consumer projects:%n%s", resolution.output).isZero();
        List<String> modulePath = new ArrayList<>(List.of(Files.readString(work.resolve("trae-security").resolve("cp.txt")).trim()
                .split(java.io.File.pathSeparator)));
        Path app = Files.createDirectories(work.resolve("jpms-trae-security"));
        Path src = Files.createDirectories(app.resolve("src/smoke.app/smoke"));
        Files.writeString(app.resolve("src/smoke.app/module-info.java"), "module smoke.app { requires dev.trae.security; }\n");
        Files.writeString(src.resolve("Main.java"), "package smoke;\n"
                + "public class Main {\n"
                + "    public static void main(String[] args) {\n"
                + "        var kms = dev.trae.security.LocalKeyring.of(\"jpms\", new byte[32], dev.trae.aws.core.AuditSink.noop());\n"
                + "        byte[] box = kms.encrypt(\"hello\".getBytes(), java.util.Map.of(\"purpose\", \"jpms\"));\n"
                + "        System.out.println(\"JPMS-OK \" + kms.getClass().getModule().getName() + \" \" + Main.class.getModule().isNamed()\n"
                + "                + \" \" + new String(kms.decrypt(box, java.util.Map.of(\"purpose\", \"jpms\"))));\n"
                + "    }\n"
                + "}\n");
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        String sep = java.io.File.pathSeparator;
        Result refused = run(app, 180, bin + "/javac", "-d", "out", "--module-path", String.join(sep, modulePath),
                "--module-source-path", "src", "-m", "smoke.app");
        assertThat(refused.exit).as("javac with the unmodified tree:%n%s", refused.output).isNotZero();
        assertThat(refused.output).contains("reads package dafny from both");

        // the workaround of the README: MPL without its dafny classes, which patch the DafnyRuntime module instead
        String mpl = modulePath.stream().filter(j -> j.contains("aws-cryptographic-material-providers")).findFirst().orElseThrow();
        Path stripped = Files.createDirectories(app.resolve("patched")).resolve(Path.of(mpl).getFileName().toString());
        Path extra = Files.createDirectories(app.resolve("dafny-extra"));
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(Path.of(mpl)));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(stripped))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().startsWith("dafny/")) {
                    if (!e.isDirectory()) {
                        Path f = extra.resolve(e.getName());
                        Files.createDirectories(f.getParent());
                        Files.write(f, bytes);
                    }
                    continue;
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        modulePath.replaceAll(j -> j.equals(mpl) ? stripped.toString() : j);
        Result javac = run(app, 180, bin + "/javac", "-d", "out", "--module-path", String.join(sep, modulePath),
                "--module-source-path", "src", "-m", "smoke.app");
        assertThat(javac.exit).as("javac with the patched tree:%n%s", javac.output).isZero();
        Result r = run(app, 120, bin + "/java", "--patch-module", "DafnyRuntime=" + extra, "--module-path",
                "out" + sep + String.join(sep, modulePath), "-m", "smoke.app/smoke.Main");
        assertThat(r.exit).as("JPMS app requiring dev.trae.security:%n%s", r.output).isZero();
        assertThat(r.output).contains("JPMS-OK dev.trae.security true hello");
    }

    @AfterAll
    static void writeTrees() throws IOException {
        List<String> lines = new ArrayList<>(List.of("| module | runtime jars | MB |", "|---|---|---|"));
        new TreeMap<>(TREES).values().forEach(lines::add);
        Path out = Path.of("target", "consumer-trees.md");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    private static String pom(String module) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>example</groupId><artifactId>consumer-" + module + "</artifactId><version>1</version>\n"
                + "  <properties><maven.compiler.release>17</maven.compiler.release></properties>\n"
                + "  <dependencyManagement><dependencies>\n"
                + "    <dependency><groupId>dev.trae</groupId><artifactId>trae-bom</artifactId><version>" + VERSION
                + "</version><type>pom</type><scope>import</scope></dependency>\n"
                + "  </dependencies></dependencyManagement>\n"
                + "  <dependencies>\n"
                + "    <dependency><groupId>dev.trae</groupId><artifactId>" + module + "</artifactId></dependency>\n"
                + "  </dependencies>\n"
                + "  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>"
                + "<version>3.8.1</version><configuration><outputFile>${project.basedir}/cp.txt</outputFile>"
                + "<includeScope>runtime</includeScope></configuration></plugin></plugins></build>\n"
                + "</project>\n";
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, int timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }
}
