package dev.trae.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import dev.trae.oracle.cli.ExportCli;
import dev.trae.testkit.JobTemplates;

/**
 * The README's templates for a sharded export ("Past one machine"), checked without an AWS account, a cluster or
 * Docker: the AWS Batch job definition against the Batch API model, the Kubernetes Indexed Job against the Job rules,
 * each step's command through the CLI's own parser, and the Dockerfile against the build's output.
 */
class JobTemplateTest {
    private static final Path README = Path.of("README.md");

    /** The parse result of the innermost subcommand (export plan|run|finish). */
    private static CommandLine.ParseResult parse(List<String> args) {
        CommandLine.ParseResult r = new CommandLine(new ExportCli()).parseArgs(args.toArray(String[]::new));
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r;
    }

    @Test
    void batchJobDefinition_isValidForTheApi_andPlanRunAndFinishParse() throws Exception {
        List<String> json = JobTemplates.fencedBlocks(README, "json").stream().filter(b -> b.contains("jobDefinitionName")).toList();
        assertThat(json).as("the README's Batch job definition").hasSize(1);
        JsonNode def = new ObjectMapper().readTree(json.get(0));
        // the README's submit-job commands pass step and parallel
        assertThat(JobTemplates.batchJobDefinitionProblems(def, List.of("step", "parallel"))).isEmpty();
        for (String step : List.of("plan", "run", "finish")) {
            CommandLine.ParseResult r = parse(JobTemplates.resolvedCommand(def, Map.of("step", step, "parallel", "2")));
            assertThat(r.commandSpec().name()).isEqualTo(step);
            assertThat(r.matchedOptionValue("--out", "")).startsWith("s3://");
        }
        // run's default --shard auto reads the array job's variables
        CommandLine.ParseResult run = parse(JobTemplates.resolvedCommand(def, Map.of()));
        assertThat(run.commandSpec().name()).isEqualTo("run");
        assertThat(run.hasMatchedOption("--shard")).isFalse();
    }

    @Test
    void kubernetesIndexedJob_isValid_andItsArgumentsParse() throws Exception {
        List<String> yaml = JobTemplates.fencedBlocks(README, "yaml");
        assertThat(yaml).as("the README's Indexed Job").hasSize(1);
        JsonNode job = new YAMLMapper().readTree(yaml.get(0));
        assertThat(JobTemplates.indexedJobProblems(job)).isEmpty();
        CommandLine.ParseResult args = parse(JobTemplates.containerArgs(job));
        assertThat(args.commandSpec().name()).isEqualTo("run");
        assertThat(args.matchedOptionValue("--shard", "")).isEqualTo("auto");
    }

    @Test
    void dockerfile_runsTheShadedJar_asAnUnprivilegedUser() throws Exception {
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<outputFile>${project.build.directory}/trae-oracle-cli.jar</outputFile>");
        assertThat(JobTemplates.dockerfileProblems(Path.of("Dockerfile"), "target/trae-oracle-cli.jar")).isEmpty();
    }
}
