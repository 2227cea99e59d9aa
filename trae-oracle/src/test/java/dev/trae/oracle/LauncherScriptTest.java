package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped launcher {@code bin/trae-oracle-cli} run for real (/bin/sh) against a stand-in jar whose main prints its
 * arguments and the JVM options it was started with: which options it adds, when it writes and uses the AppCDS archive,
 * that stdout carries only the program's output, and that the exit status comes through.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("bin", "trae-oracle-cli").toAbsolutePath();

    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void standInJar() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && Files.isExecutable(SCRIPT), "needs /bin/sh and the launcher");
        Path src = dir.resolve("src/Main.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "public class Main { public static void main(String[] a) {"
                + " System.out.println(\"args=\" + String.join(\" \", a));"
                + " System.out.println(\"jvm=\" + String.join(\" \", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));"
                + " for (String s : a) { if (s.startsWith(\"exit=\")) { System.exit(Integer.parseInt(s.substring(5))); } } } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        assertThat(javac.run(null, null, null, "-d", classes.toString(), src.toString())).isZero();
        jar = dir.resolve("stand-in.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("Main.class"));
            j.write(Files.readAllBytes(classes.resolve("Main.class")));
            j.closeEntry();
        }
    }

    private record Run(int status, String stdout) {
        String jvm() {
            return stdout.lines().filter(l -> l.startsWith("jvm=")).findFirst().orElse("");
        }
    }

    private static Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TRAE_ORACLE_CLI_JAR", jar.toString());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("JAVA_OPTS", "-Xmx64m");
        pb.environment().remove("TRAE_ORACLE_CDS");
        pb.environment().remove("TRAE_ORACLE_JIT");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static List<Path> files(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void launcher_whenRunTwice_writesTheArchiveOnTheFirstExportAndMapsItAfter() throws Exception {
        Path cache = dir.resolve("cache-twice");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());

        Run help = launch(env, "export", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.jvm()).contains("-XX:+UseSerialGC", "-XX:Tier4InvocationThreshold=20000",
                "-XX:Tier4MinInvocationThreshold=10000", "-XX:Tier4CompileThreshold=25000")
                .doesNotContain("TieredStopAtLevel").doesNotContain("Archive");
        // JAVA_OPTS comes after the launcher's options, so it can override them
        assertThat(help.jvm().indexOf("-Xmx64m")).isGreaterThan(help.jvm().indexOf("-XX:+UseSerialGC"));
        assertThat(files(cache.resolve("trae"))).as("a help request trains no archive").isEmpty();

        Run first = launch(env, "export", "--table", "T");
        assertThat(first.status()).isZero();
        assertThat(first.jvm()).contains("-XX:ArchiveClassesAtExit=");
        // stdout carries only the program's lines (the JVM's CDS warnings go to stderr)
        assertThat(first.stdout().lines()).containsExactly("args=export --table T", first.jvm());
        List<Path> archives = files(cache.resolve("trae"));
        assertThat(archives).hasSize(1);
        assertThat(archives.get(0).getFileName().toString()).startsWith("trae-oracle-cli-").endsWith(".jsa");
        assertThat(Files.size(archives.get(0))).isPositive();

        Run second = launch(env, "export", "--table", "T");
        assertThat(second.status()).isZero();
        assertThat(second.jvm()).contains("-XX:SharedArchiveFile=" + archives.get(0)).doesNotContain("ArchiveClassesAtExit");
        assertThat(second.stdout()).contains("args=export --table T");
    }

    @Test
    void launcher_whenAskedForC1AndNoArchive_addsTieredStopAndNoCdsOption() throws Exception {
        Run r = launch(Map.of("TRAE_ORACLE_JIT", "c1", "TRAE_ORACLE_CDS", "off"), "export", "--table", "T");
        assertThat(r.status()).isZero();
        assertThat(r.jvm()).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC").doesNotContain("Archive");
    }

    @Test
    void launcher_whenTheExportFails_passesItsExitStatusOnInBothModes() throws Exception {
        Path cache = dir.resolve("cache-status");
        Run training = launch(Map.of("XDG_CACHE_HOME", cache.toString()), "export", "exit=3");
        assertThat(training.status()).isEqualTo(3);
        assertThat(training.jvm()).contains("-XX:ArchiveClassesAtExit=");
        assertThat(files(cache.resolve("trae"))).noneMatch(p -> p.toString().endsWith(".tmp"));
        Run mapped = launch(Map.of("XDG_CACHE_HOME", cache.toString()), "export", "exit=4");
        assertThat(mapped.status()).isEqualTo(4);
    }
}
