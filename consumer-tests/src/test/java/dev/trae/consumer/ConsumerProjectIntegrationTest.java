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
    /** The local repository the build uses ({@code -Dmaven.repo.local} included); the consumer projects resolve into it too. */
    private static final Path REPO = Path.of(System.getProperty("maven.repo.local", "").isBlank()
            ? System.getProperty("user.home") + "/.m2/repository" : System.getProperty("maven.repo.local")).toAbsolutePath();
    /** group path, artifact, version of a jar's path relative to {@link #REPO}. */
    private static final Pattern M2_JAR = Pattern.compile("(.+)/([^/]+)/([^/]+)/[^/]+\\.jar$");
    private static final String PARQUET = System.getProperty("parquet.version", "1.16.0");
    private static final String H2 = System.getProperty("h2.version", "2.3.232");
    private static final String PGJDBC = System.getProperty("postgresql.version", "42.7.4");
    private static final String ZSTD = System.getProperty("zstd.version", "1.5.6-8");
    /**
     * Extra throwaway projects for the JPMS application of trae-oracle: what a user adds beside the module (a JDBC
     * driver, Parquet as its README says), each resolved on its own so that the test chooses module path or class path.
     */
    private static final Map<String, String> EXTRAS = Map.of(
            "extra-h2", "<groupId>com.h2database</groupId><artifactId>h2</artifactId><version>" + H2 + "</version>",
            "extra-pgjdbc", "<groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>" + PGJDBC + "</version>",
            "extra-zstd", "<groupId>com.github.luben</groupId><artifactId>zstd-jni</artifactId><version>" + ZSTD + "</version>",
            "extra-parquet", "<groupId>org.apache.parquet</groupId><artifactId>parquet-hadoop</artifactId><version>" + PARQUET + "</version>");
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
        for (Map.Entry<String, String> e : new TreeMap<>(EXTRAS).entrySet()) {
            Path dir = Files.createDirectories(work.resolve(e.getKey()));
            Files.writeString(dir.resolve("pom.xml"), extraPom(e.getKey(), e.getValue()));
            modules.append("    <module>").append(e.getKey()).append("</module>\n");
        }
        Files.writeString(work.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>example</groupId><artifactId>consumers</artifactId><version>1</version><packaging>pom</packaging>\n"
                + "  <modules>\n" + modules + "  </modules>\n</project>\n");
        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "-ntp", "-Dmaven.repo.local=" + REPO, "dependency:build-classpath"));
        resolution = run(work, 600, mvn.toArray(String[]::new));
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
            Matcher m = coordinates(jar);
            if (m == null) {
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
     * trae-security on the module path, with the plain tree a user resolves. Its Encryption SDK (3.0.1) used to bring the
     * AWS Cryptographic Material Providers 1.0.2, whose jar shipped five classes of package {@code dafny}
     * ({@code Function0..3}, {@code Array1}) that its DafnyRuntime 4.2.0 did not have: one package in two automatic
     * modules, which the module system refuses ("reads package dafny from both"). The Encryption SDK 3.0.2 with the
     * Material Providers 1.7.0 it is built on no longer ships them (DafnyRuntime 4.8.0 has them), so the application
     * compiles and runs unpatched: no package of the tree is in two jars, and it encrypts and decrypts a message with
     * the local keyring.
     */
    @org.junit.jupiter.api.Test
    void modulePath_security_plainTree_compilesStartsAndEncrypts() throws Exception {
        assertThat(resolution.exit).as("mvn for the consumer projects:%n%s", resolution.output).isZero();
        List<String> modulePath = tree("trae-security");
        Map<String, TreeSet<String>> owners = new TreeMap<>();
        for (String jar : modulePath) {
            try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar)) {
                z.stream().map(java.util.zip.ZipEntry::getName)
                        .filter(n -> n.endsWith(".class") && n.indexOf('/') > 0 && !n.startsWith("META-INF/"))
                        .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                        .distinct()
                        .forEach(pkg -> owners.computeIfAbsent(pkg, k -> new TreeSet<>()).add(Path.of(jar).getFileName().toString()));
            }
        }
        owners.values().removeIf(jars -> jars.size() < 2);
        assertThat(owners).as("packages in more than one jar of trae-security's runtime tree").isEmpty();

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
        Result javac = run(app, 180, bin + "/javac", "-d", "out", "--module-path", String.join(sep, modulePath),
                "--module-source-path", "src", "-m", "smoke.app");
        assertThat(javac.exit).as("javac with the unmodified tree:%n%s", javac.output).isZero();
        Result r = run(app, 120, bin + "/java", "--module-path", "out" + sep + String.join(sep, modulePath), "-m", "smoke.app/smoke.Main");
        assertThat(r.exit).as("JPMS app requiring dev.trae.security:%n%s", r.output).isZero();
        assertThat(r.output).contains("JPMS-OK dev.trae.security true hello");
    }

    /**
     * trae-oracle on the module path. Parquet cannot be a module (parquet-common, parquet-column and parquet-hadoop all
     * hold classes of package {@code org.apache.parquet}), so {@code dev.trae.oracle} names none of it in its
     * {@code module-info} and reads the class path instead (it adds that read edge itself before touching an optional
     * class). A JPMS application that {@code requires dev.trae.oracle} runs with the module's runtime tree and the H2
     * driver on the module path and Parquet (as the README says to add it), zstd-jni and pgjdbc on the class path:
     * <ul>
     *   <li>a CSV export, a zstd-compressed CSV export and a Parquet export of an H2 table to a local directory (the Parquet file read back by its magic
     *       and row count; a JDBC driver on the module path found by {@code DriverManager});</li>
     *   <li>with PostgreSQL on 127.0.0.1:5432, a CSV export through pgjdbc's COPY API, the driver on the class path (the
     *       named module calls {@code org.postgresql} classes); without it, an error from pgjdbc itself, not "no suitable
     *       driver";</li>
     *   <li>without the Parquet jars and zstd-jni, Parquet and zstd exports refused before any connection with a
     *       {@code TraeValidationException} that says what to add, on the module path and on the class path alike.</li>
     * </ul>
     */
    @org.junit.jupiter.api.Test
    void modulePath_oracle_exportsCsvAndParquet_withParquetAndPgjdbcOnTheClassPath() throws Exception {
        assertThat(resolution.exit).as("mvn for the consumer projects:%n%s", resolution.output).isZero();
        List<String> oracle = tree("trae-oracle");
        java.util.Set<String> onModulePath = new java.util.HashSet<>();
        oracle.forEach(j -> onModulePath.add(ga(j)));
        assertThat(onModulePath).as("Parquet is optional: not in trae-oracle's runtime tree").noneMatch(ga -> ga.startsWith("org.apache.parquet:"));
        List<String> modulePath = new ArrayList<>(oracle);
        modulePath.addAll(tree("extra-h2"));
        List<String> parquet = tree("extra-parquet").stream().filter(j -> !onModulePath.contains(ga(j))).toList();
        assertThat(parquet).as("the Parquet tree").anyMatch(j -> j.contains("parquet-hadoop")).anyMatch(j -> j.contains("parquet-column"));
        List<String> pgjdbc = tree("extra-pgjdbc");

        Path app = Files.createDirectories(work.resolve("jpms-trae-oracle"));
        Path src = Files.createDirectories(app.resolve("src/smoke.app/smoke"));
        Files.writeString(app.resolve("src/smoke.app/module-info.java"), "module smoke.app { requires dev.trae.oracle; }\n");
        try (InputStream in = getClass().getResourceAsStream("/jpms/OracleMain.java")) {
            assertThat(in).as("the JPMS application of trae-oracle").isNotNull();
            Files.write(src.resolve("Main.java"), in.readAllBytes());
        }
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        String sep = java.io.File.pathSeparator;
        Result javac = run(app, 180, bin + "/javac", "-d", "out", "--module-path", String.join(sep, oracle),
                "--module-source-path", "src", "-m", "smoke.app");
        assertThat(javac.exit).as("javac of a JPMS app requiring dev.trae.oracle:%n%s", javac.output).isZero();

        boolean pgUp;
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 5432), 2000);
            pgUp = true;
        } catch (IOException e) {
            pgUp = false;
        }
        List<String> classPath = new ArrayList<>(parquet);
        classPath.addAll(pgjdbc);
        tree("extra-zstd").stream().filter(j -> !classPath.contains(j)).forEach(classPath::add);
        Result r = run(app, 180, bin + "/java", "--module-path", "out" + sep + String.join(sep, modulePath),
                "-cp", String.join(sep, classPath), "-m", "smoke.app/smoke.Main", "parquet", app.resolve("export").toString(),
                "jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(r.exit).as("JPMS app requiring dev.trae.oracle:%n%s", r.output).isZero();
        assertThat(r.output).contains("JPMS-OK dev.trae.oracle true")
                .contains("CSV 3 rows 1 files jdbc [ID,CUSTOMER,AMOUNT|1,ada,12.50|2,,3.00|3,linus,7.25]")
                .contains("ZSTD 3 rows 28b52ffd")
                .contains("PARQUET 3 rows 1 files PAR1 PAR1")
                .doesNotContain("No suitable driver");
        if (pgUp) {
            assertThat(r.output).contains("PG 5 rows postgresql-copy");
        } else {
            assertThat(r.output).contains("PG-FAILED org.postgresql.util.PSQLException");
        }

        // no Parquet jar anywhere: refused before any connection, saying what to add; on the module path ...
        Result none = run(app, 180, bin + "/java", "--module-path", "out" + sep + String.join(sep, modulePath),
                "-m", "smoke.app/smoke.Main", "none", app.resolve("export-none").toString());
        assertThat(none.exit).as("JPMS app without Parquet:%n%s", none.output).isZero();
        assertThat(none.output).contains("CSV 3 rows 1 files")
                .contains("NO-PARQUET TraeValidationException")
                .contains("org.apache.parquet:parquet-hadoop")
                .contains("on the class path")
                .contains("nothing written: true")
                .contains("NO-ZSTD TraeValidationException: compression: zstd needs com.github.luben:zstd-jni");
        // ... and on the class path (the same application, unnamed)
        List<String> plain = new ArrayList<>(List.of(app.resolve("out/smoke.app").toString()));
        plain.addAll(modulePath);
        Result cp = run(app, 180, bin + "/java", "-cp", String.join(sep, plain), "smoke.Main", "none", app.resolve("export-cp").toString());
        assertThat(cp.exit).as("the same application on the class path without Parquet:%n%s", cp.output).isZero();
        assertThat(cp.output).contains("JPMS-OK unnamed false").contains("NO-PARQUET TraeValidationException")
                .contains("org.apache.parquet:parquet-hadoop").contains("nothing written: true")
                .contains("NO-ZSTD TraeValidationException");
    }

    @AfterAll
    static void writeTrees() throws IOException {
        List<String> lines = new ArrayList<>(List.of("| module | runtime jars | MB |", "|---|---|---|"));
        new TreeMap<>(TREES).values().forEach(lines::add);
        Path out = Path.of("target", "consumer-trees.md");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    /** group path, artifact, version of a jar in the local repository; null for a jar elsewhere. */
    private static Matcher coordinates(String jar) {
        Path p = Path.of(jar).toAbsolutePath();
        if (!p.startsWith(REPO)) {
            return null;
        }
        Matcher m = M2_JAR.matcher(REPO.relativize(p).toString().replace('\\', '/'));
        return m.matches() ? m : null;
    }

    /** group:artifact of a jar in the local repository (the jar's path elsewhere). */
    private static String ga(String jar) {
        Matcher m = coordinates(jar);
        return m == null ? jar : m.group(1).replace('/', '.') + ":" + m.group(2);
    }

    private static List<String> tree(String project) throws IOException {
        return List.of(Files.readString(work.resolve(project).resolve("cp.txt")).trim().split(java.io.File.pathSeparator));
    }

    private static String extraPom(String name, String dependency) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>example</groupId><artifactId>consumer-" + name + "</artifactId><version>1</version>\n"
                + "  <dependencies><dependency>" + dependency + "</dependency></dependencies>\n"
                + "  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>"
                + "<version>3.8.1</version><configuration><outputFile>${project.basedir}/cp.txt</outputFile>"
                + "<includeScope>runtime</includeScope></configuration></plugin></plugins></build>\n"
                + "</project>\n";
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
