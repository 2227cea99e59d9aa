package dev.trae.aws.robotics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.robotics.model.Application;
import dev.trae.aws.robotics.model.DataSource;
import dev.trae.aws.robotics.model.RosGeneration;
import dev.trae.aws.robotics.model.SimulationResult;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.batch.BatchFake;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.batch.model.TaskContainerOverrides;
import software.amazon.awssdk.services.batch.model.TaskContainerProperties;

@ExtendWith(TraeLocalExtension.class)
class RoboMakerMigrationTest {
    static final String SEED_ROBOT = "arn:aws:robomaker:us-east-1:123456789012:robot-application/robot_app/1588888888888";
    static final String SEED_SIM = "arn:aws:robomaker:us-east-1:123456789012:simulation-application/sim_app/1588888888889";
    static final String ROBOT = "arn:aws:robomaker:us-east-1:123456789012:robot-application/fuel_robot/1600000000000";
    static final String SIM = "arn:aws:robomaker:us-east-1:123456789012:simulation-application/fuel_world/1600000000001";
    static final String ROBOT_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-robot:1.4";
    static final String SIM_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-world:2.0";

    static String resource(String name) throws IOException {
        try (InputStream in = RoboMakerMigrationTest.class.getResourceAsStream("/robomaker/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static RoboMakerMigration migration() {
        return RoboMakerMigration.builder().image(SEED_ROBOT, ROBOT_IMAGE).image(SEED_SIM, SIM_IMAGE)
                .image(ROBOT, ROBOT_IMAGE).image(SIM + ":7", SIM_IMAGE).jobQueue("robotics-queue").name("nightly").build();
    }

    @Test
    void migrate_whenSeedRequest_mapsApplicationsAndDropsPseudoDataSources() throws IOException {
        RoboMakerMigration.Result r = migration().migrate(resource("seed-create-simulation-job.json"));
        SimulationJob job = r.job();
        assertThat(job.maxJobDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(job.iamRole()).isEqualTo("arn:aws:iam::123456789012:role/RoboMakerSimulationRole");
        Application robot = job.robotApplication().orElseThrow();
        assertThat(robot.image()).isEqualTo(ROBOT_IMAGE);
        assertThat(robot.rosVersion()).isEqualTo(RosGeneration.ROS1);
        assertThat(robot.launchCommand()).containsExactly("roslaunch", "robot_app_package", "launch_simulation.launch");
        assertThat(job.simulationApplication().orElseThrow().image()).isEqualTo(SIM_IMAGE);
        assertThat(job.outputLocation().orElseThrow().uri()).isEqualTo("s3://fuel-sim-results/run-1");
        assertThat(job.dataSources()).isEmpty();
        assertThat(r.warnings()).hasSize(2).allMatch(w -> w.contains("not a RoboMaker input"));

        List<TaskContainerProperties> containers = r.submission().jobDefinition().ecsProperties().taskProperties().get(0).containers();
        assertThat(containers).extracting(TaskContainerProperties::name).containsExactly("robot", "simulation");
        assertThat(r.submission().jobDefinition().timeout().attemptDurationSeconds()).isEqualTo(3600);
        assertThat(r.submission().submitJob().jobQueue()).isEqualTo("robotics-queue");
        assertThat(r.submission().submitJob().jobName()).isEqualTo("nightly");
    }

    @Test
    void migrate_whenFullRequest_carriesEverythingAndWarnsAboutTheRest() throws IOException {
        RoboMakerMigration.Result r = migration().migrate(resource("full-create-simulation-job.json"));
        SimulationJob job = r.job();
        Application robot = job.robotApplication().orElseThrow();
        assertThat(robot.environment()).containsEntry("ROBOT_SPEED", "0.5").containsEntry("MAP_NAME", "station-12");
        assertThat(robot.rosVersion()).isEqualTo(RosGeneration.ROS2);
        assertThat(robot.launchCommand()).containsExactly("ros2", "launch", "fuel_robot", "navigate.launch.py");
        Application sim = job.simulationApplication().orElseThrow();
        assertThat(sim.vcpus()).isEqualTo(8);
        assertThat(sim.memoryMiB()).isEqualTo(8 * 2048);
        assertThat(job.outputLocation().orElseThrow().key()).isEqualTo("nightly");
        assertThat(job.dataSources()).hasSize(2);
        DataSource maps = job.dataSources().get(0);
        assertThat(maps.type()).isEqualTo(DataSource.Type.FILE);
        assertThat(maps.s3Keys()).containsExactly("maps/station-12.yaml", "maps/station-12.pgm");
        assertThat(maps.destination()).isEqualTo("/opt/maps");
        assertThat(job.dataSources().get(1).s3Keys()).containsExactly("models/");
        assertThat(job.dataSources().get(1).destination()).isEqualTo("/opt/robomaker/datasources/models");
        assertThat(job.tags()).containsEntry("team", "robotics").containsEntry("trae-client-request-token", "run-2024-05-01-a")
                .doesNotContainKey("aws:reserved");
        assertThat(String.join("\n", r.warnings())).contains("failureBehavior", "recordAllRosTopics", "vpcConfig", "portForwardingConfig",
                "streamUI", "uploadConfigurations", "tools", "worldConfigs", "simulationUnitLimit", "aws:reserved", "clientRequestToken");
        TaskContainerOverrides override = r.submission().submitJob().ecsPropertiesOverride().taskProperties().get(0).containers().get(0);
        assertThat(override.environment()).anySatisfy(kv -> {
            assertThat(kv.name()).isEqualTo("TRAE_DATA_SOURCES");
            assertThat(kv.value()).contains("station-12.pgm", "/opt/maps");
        });
    }

    @Test
    void migrate_thenRunOnTheBatchFake_succeeds(TraeLocal local) throws IOException {
        CloudWatchLogsFake logs = local.fake("logs", new CloudWatchLogsFake());
        local.fake("batch", new BatchFake()).logsTo(logs).outputsTo(local.s3().client());
        local.s3().createBucket("fuel-sim-results");
        RoboMakerMigration.Result r = migration().migrate(resource("seed-create-simulation-job.json"));
        try (SimulationClient sims = SimulationClient.builder().config(local.config()).pollInterval(Duration.ofMillis(20)).build()) {
            SimulationResult result = sims.start(r.job()).await(Duration.ofSeconds(60));
            assertThat(result.succeeded()).isTrue();
            assertThat(result.outputFiles()).hasSize(2)
                    .allMatch(f -> f.key().startsWith("run-1/" + result.batchJobId() + "/"));
            assertThat(result.container("robot").orElseThrow().logLines()).anyMatch(l -> l.contains("roslaunch robot_app_package"));
        }
    }

    @Test
    void migrate_whenInputIsBad_namesTheField() throws IOException {
        RoboMakerMigration m = migration();
        ObjectMapper json = new ObjectMapper();
        String seed = resource("seed-create-simulation-job.json");

        assertBad(() -> m.migrate((String) null), "request");
        assertBad(() -> m.migrate(""), "request");
        assertBad(() -> m.migrate("{\"maxJobDurationInSeconds\": 3600,"), "request");
        assertBad(() -> m.migrate("[1,2]"), "request");
        assertBad(() -> m.migrate("x".repeat(RoboMakerMigration.MAX_REQUEST_CHARS + 1)), "request");

        ObjectNode noRole = (ObjectNode) json.readTree(seed);
        noRole.remove("iamRole");
        assertBad(() -> m.migrate(noRole), "iamRole");

        ObjectNode longRun = (ObjectNode) json.readTree(seed);
        longRun.put("maxJobDurationInSeconds", 1_209_601);
        assertBad(() -> m.migrate(longRun), "maxJobDurationInSeconds");
        longRun.put("maxJobDurationInSeconds", "3600");
        assertBad(() -> m.migrate(longRun), "maxJobDurationInSeconds");

        ObjectNode unmapped = (ObjectNode) json.readTree(seed.replace("robot_app/1588888888888", "other/1"));
        assertThatThrownBy(() -> m.migrate(unmapped)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("no container image mapped");

        ObjectNode two = (ObjectNode) json.readTree(seed);
        two.withArray("robotApplications").add(two.withArray("robotApplications").get(0).deepCopy());
        assertBad(() -> m.migrate(two), "robotApplications");

        ObjectNode none = (ObjectNode) json.readTree(seed);
        none.remove("robotApplications");
        none.remove("simulationApplications");
        assertBad(() -> m.migrate(none), "robotApplications");

        ObjectNode hostilePkg = (ObjectNode) json.readTree(seed.replace("robot_app_package", "pkg; rm -rf /"));
        assertBad(() -> m.migrate(hostilePkg), "robotApplications[0].launchConfig.packageName");

        ObjectNode traversal = (ObjectNode) json.readTree(seed.replace("\"launch_simulation.launch\"", "\"../../etc/passwd\""));
        assertBad(() -> m.migrate(traversal), "launchFile");

        ObjectNode reservedEnv = (ObjectNode) json.readTree(seed);
        ((ObjectNode) reservedEnv.withArray("robotApplications").get(0).path("launchConfig")).putObject("environmentVariables")
                .put("AWS_BATCH_JOB_ID", "spoof");
        assertBad(() -> m.migrate(reservedEnv), "environment");

        ObjectNode badSource = (ObjectNode) json.readTree(seed);
        badSource.putArray("dataSources").addObject().put("name", "maps").put("s3Bucket", "fuel-sim-inputs")
                .put("type", "Torrent").putArray("s3Keys").add("a");
        assertBad(() -> m.migrate(badSource), "dataSources.type");

        ObjectNode halfSource = (ObjectNode) json.readTree(seed);
        halfSource.putArray("dataSources").addObject().put("name", "maps").put("s3Bucket", "fuel-sim-inputs");
        assertBad(() -> m.migrate(halfSource), "dataSources[0]");

        ObjectNode token = (ObjectNode) json.readTree(seed);
        token.put("clientRequestToken", "not valid because of spaces");
        assertBad(() -> m.migrate(token), "clientRequestToken");

        assertBad(() -> RoboMakerMigration.builder().build(), "jobQueue");
        assertBad(() -> RoboMakerMigration.builder().jobQueue("q").name("bad name!").build(), "name");
        assertBad(() -> RoboMakerMigration.builder().image(SEED_ROBOT, "NOT AN IMAGE;"), "imageUri");
    }

    @Test
    void migrate_whenDurationIsUnderBatchMinimum_raisesItWithAWarning() throws IOException {
        ObjectNode req = (ObjectNode) new ObjectMapper().readTree(resource("seed-create-simulation-job.json"));
        req.put("maxJobDurationInSeconds", 30);
        RoboMakerMigration.Result r = migration().migrate(req);
        assertThat(r.job().maxJobDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.warnings()).anyMatch(w -> w.contains("raised to 60"));
    }

    static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String parameter) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TraeValidationException.class,
                e -> assertThat(e.parameter()).contains(parameter));
    }
}
