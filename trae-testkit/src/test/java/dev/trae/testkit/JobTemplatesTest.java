package dev.trae.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String GOOD = """
            {"jobDefinitionName": "x", "type": "container", "platformCapabilities": ["FARGATE"],
             "parameters": {"step": "--shard=auto"},
             "containerProperties": {"image": "i", "command": ["Ref::step", "--results", "s3://b/p/"],
               "resourceRequirements": [{"type": "VCPU", "value": "2"}, {"type": "MEMORY", "value": "4096"}]}}""";

    @Test
    void aValidDefinitionHasNoProblems_andItsCommandResolvesWithSubmissionParametersFirst() throws Exception {
        JsonNode d = JSON.readTree(GOOD);
        assertThat(JobTemplates.batchJobDefinitionProblems(d, List.of())).isEmpty();
        assertThat(JobTemplates.resolvedCommand(d, Map.of())).containsExactly("--shard=auto", "--results", "s3://b/p/");
        assertThat(JobTemplates.resolvedCommand(d, Map.of("step", "--finish"))).containsExactly("--finish", "--results", "s3://b/p/");
    }

    @Test
    void parametersInsideContainerProperties_anUnresolvedRef_aBadEnum_andAMissingTypeAreReported() throws Exception {
        JsonNode misplaced = JSON.readTree(GOOD.replace("\"parameters\": {\"step\": \"--shard=auto\"},", "")
                .replace("\"image\": \"i\",", "\"image\": \"i\", \"parameters\": {\"step\": \"--shard=auto\"},"));
        assertThat(JobTemplates.batchJobDefinitionProblems(misplaced, List.of()))
                .contains("RegisterJobDefinition has no member containerProperties.parameters")
                .anyMatch(p -> p.contains("Ref::step"));
        // given at submission only, the Ref is fine
        assertThat(JobTemplates.batchJobDefinitionProblems(misplaced, List.of("step")))
                .containsExactly("RegisterJobDefinition has no member containerProperties.parameters");
        JsonNode badEnum = JSON.readTree(GOOD.replace("\"FARGATE\"", "\"LAMBDA\"").replace("\"type\": \"container\",", ""));
        assertThat(String.join("\n", JobTemplates.batchJobDefinitionProblems(badEnum, List.of())))
                .contains("platformCapabilities").contains("type");
    }

    @Test
    void fargateSizesFollowTheDocumentedPairs() {
        assertThat(JobTemplates.fargatePairProblem("2", "4096")).isNull();
        assertThat(JobTemplates.fargatePairProblem("2", "16384")).isNull();
        assertThat(JobTemplates.fargatePairProblem("0.25", "512")).isNull();
        assertThat(JobTemplates.fargatePairProblem("8", "20480")).isNull();
        assertThat(JobTemplates.fargatePairProblem("2", "2048")).contains("not a Fargate size");
        assertThat(JobTemplates.fargatePairProblem("8", "18432")).contains("not a Fargate size");
        assertThat(JobTemplates.fargatePairProblem("3", "8192")).contains("not a Fargate size");
        assertThat(JobTemplates.fargatePairProblem("2", null)).contains("needs both");
    }

    @Test
    void indexedJobRules(@TempDir Path dir) throws Exception {
        String ok = """
                # a README
                ```yaml
                apiVersion: batch/v1
                kind: Job
                spec:
                  completionMode: Indexed
                  completions: 4
                  parallelism: 4
                  backoffLimitPerIndex: 2
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: c
                          image: i
                          args: ["--shard", "auto", "--shards", "4"]
                ```
                ```json
                {}
                ```
                """;
        Path md = Files.writeString(dir.resolve("README.md"), ok);
        List<String> blocks = JobTemplates.fencedBlocks(md, "yaml");
        assertThat(blocks).hasSize(1);
        assertThat(JobTemplates.fencedBlocks(md, "json")).containsExactly("{}\n");
        JsonNode job = new YAMLMapper().readTree(blocks.get(0));
        assertThat(JobTemplates.indexedJobProblems(job)).isEmpty();
        assertThat(JobTemplates.containerArgs(job)).containsExactly("--shard", "auto", "--shards", "4");
        JsonNode bad = new YAMLMapper().readTree(blocks.get(0).replace("Indexed", "NonIndexed").replace("parallelism: 4", "parallelism: 9")
                .replace("restartPolicy: Never", "restartPolicy: OnFailure"));
        assertThat(JobTemplates.indexedJobProblems(bad)).hasSize(3);
        JsonNode wrongCount = new YAMLMapper().readTree(blocks.get(0).replace("\"--shards\", \"4\"", "\"--shards\", \"3\""));
        assertThat(JobTemplates.indexedJobProblems(wrongCount)).containsExactly("--shards 3 differs from completions 4");
    }

    @Test
    void dockerfile_theEntrypointJarMustBeCopiedFromTheBuildOutput_andTheImageMustNotRunAsRoot(@TempDir Path dir) throws Exception {
        String good = """
                FROM debian:bookworm-slim
                RUN apt-get update \\
                 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \\
                        tesseract-ocr \\
                 && rm -rf /var/lib/apt/lists/*
                COPY target/cli.jar /opt/cli.jar
                USER app
                ENTRYPOINT ["java", "-XX:+UseSerialGC", "-jar", "/opt/cli.jar"]
                """;
        Path f = Files.writeString(dir.resolve("Dockerfile"), good);
        assertThat(JobTemplates.dockerfileProblems(f, "target/cli.jar")).isEmpty();
        assertThat(JobTemplates.aptPackages(f)).containsExactly("openjdk-17-jre-headless", "tesseract-ocr");
        assertThat(JobTemplates.dockerfileProblems(f, "target/other.jar")).singleElement().asString().contains("the build writes target/other.jar");
        Files.writeString(f, good.replace("/opt/cli.jar\"]", "/opt/x.jar\"]").replace("USER app\n", ""));
        assertThat(JobTemplates.dockerfileProblems(f, "target/cli.jar")).hasSize(2);
    }
}
