package dev.trae.ocr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import dev.trae.testkit.JobTemplates;

/**
 * The README's templates for running the CLI past one machine ("OCR beyond one machine"), checked without an AWS
 * account, a cluster or Docker: the AWS Batch job definition against the Batch API model, the Kubernetes Indexed
 * Job against the Job rules, every command they run through the CLI's own parser, and the Dockerfile against the
 * build's output and Debian's package lists.
 */
class JobTemplateTest {
    private static final Path README = Path.of("README.md");

    private static CommandLine.ParseResult parse(List<String> args) {
        return new CommandLine(new OcrCli()).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
    }

    @Test
    void batchJobDefinition_isValidForTheApi_andBothStepsParse() throws Exception {
        List<String> json = JobTemplates.fencedBlocks(README, "json");
        assertThat(json).as("the README's Batch job definition").hasSize(1);
        JsonNode def = new ObjectMapper().readTree(json.get(0));
        // the finish step is submitted with --parameters step=--finish
        assertThat(JobTemplates.batchJobDefinitionProblems(def, List.of("step"))).isEmpty();

        CommandLine.ParseResult shard = parse(JobTemplates.resolvedCommand(def, Map.of()));
        assertThat(shard.matchedOptionValue("--shard", "")).isEqualTo("auto");
        assertThat(shard.matchedOptionValue("--results", "")).startsWith("s3://");
        CommandLine.ParseResult finish = parse(JobTemplates.resolvedCommand(def, Map.of("step", "--finish")));
        assertThat(finish.hasMatchedOption("--finish")).isTrue();
        assertThat(finish.hasMatchedOption("--shard")).isFalse();
    }

    @Test
    void kubernetesIndexedJob_isValid_andItsArgumentsParse() throws Exception {
        List<String> yaml = JobTemplates.fencedBlocks(README, "yaml");
        assertThat(yaml).as("the README's Indexed Job").hasSize(1);
        JsonNode job = new YAMLMapper().readTree(yaml.get(0));
        assertThat(JobTemplates.indexedJobProblems(job)).isEmpty();
        CommandLine.ParseResult args = parse(JobTemplates.containerArgs(job));
        assertThat(args.matchedOptionValue("--shard", "")).isEqualTo("auto");
    }

    @Test
    void dockerfile_runsTheShadedJar_asAnUnprivilegedUser_withPackagesDebianHas() throws Exception {
        Path dockerfile = Path.of("Dockerfile");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>trae-ocr-cli</finalName>");
        assertThat(JobTemplates.dockerfileProblems(dockerfile, "target/trae-ocr-cli.jar")).isEmpty();
        List<String> packages = JobTemplates.aptPackages(dockerfile);
        assertThat(packages).contains("tesseract-ocr", "tesseract-ocr-eng", "tesseract-ocr-rus", "tesseract-ocr-ukr");
        Path aptCache = Path.of("/usr/bin/apt-cache");
        assumeThat(Files.isExecutable(aptCache)).as("apt-cache (Debian) checks the package names").isTrue();
        for (String p : packages) {
            Process proc = new ProcessBuilder(aptCache.toString(), "show", "--no-all-versions", p).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes());
            assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(proc.exitValue()).as("apt-cache show %s:%n%s", p, out).isZero();
            assertThat(out).contains("Package: " + p);
        }
    }
}
