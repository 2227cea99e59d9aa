package dev.trae.examples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ConsoleProgressBar;
import dev.trae.aws.robotics.RoboMakerMigration;
import dev.trae.aws.robotics.SimulationClient;
import dev.trae.aws.robotics.model.ArraySimulationResult;
import dev.trae.aws.robotics.model.ContainerResult;
import dev.trae.aws.robotics.model.OutputFile;
import dev.trae.aws.robotics.model.Scenario;
import dev.trae.aws.robotics.model.SimulationResult;
import dev.trae.aws.robotics.model.StatusChange;
import dev.trae.aws.robotics.ros.GeneratedPackage;
import dev.trae.aws.robotics.ros.MessageType;
import dev.trae.aws.robotics.ros.RosNodeSpec;
import dev.trae.aws.robotics.ros.RosPackageGenerator;
import dev.trae.aws.robotics.ros.RosPackageSpec;
import dev.trae.aws.robotics.ros.RosVersion;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.aws.batch.BatchFake;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;

/**
 * Robotics: generate a ROS 2 (rclpy) package and list its files; migrate a RoboMaker CreateSimulationJob
 * request to AWS Batch and run it on the Batch fake with a progress bar (status history, exit codes per
 * container, logs, output files in S3); then a three-scenario array job with one failing scenario.
 */
final class RoboticsStep implements DemoStep {
    private static final String ROBOT_ARN = "arn:aws:robomaker:us-east-1:123456789012:robot-application/robot_app/1588888888888";
    private static final String SIM_ARN = "arn:aws:robomaker:us-east-1:123456789012:simulation-application/sim_app/1588888888889";
    /** The request the seed code sends to RoboMaker (its Python kwargs as JSON). */
    private static final String SEED_REQUEST = """
            {
              "maxJobDurationInSeconds": 3600,
              "iamRole": "arn:aws:iam::123456789012:role/RoboMakerSimulationRole",
              "robotApplications": [{"application": "%s", "applicationVersion": "$LATEST",
                "launchConfig": {"packageName": "fuel_station_robot", "launchFile": "fuel_station_robot.launch.py",
                                 "environmentVariables": {"STATION": "Kyiv-12"}}}],
              "simulationApplications": [{"application": "%s", "applicationVersion": "$LATEST",
                "launchConfig": {"packageName": "fuel_station_world", "launchFile": "station.launch.py"}}],
              "dataSources": [{"name": "RoboMakerSimulationLogs", "destination": "s3://trae-demo-sims/run/logs", "type": "LOG"}],
              "outputLocation": {"s3Bucket": "trae-demo-sims", "s3Prefix": "runs"}
            }
            """.formatted(ROBOT_ARN, SIM_ARN);

    @Override
    public String title() {
        return "robotics: ROS 2 package, RoboMaker job migrated to Batch, array scenarios";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        generatePackage(ctx);
        if (ctx.realAws()) {
            ctx.out().println("simulation skipped against real AWS: it needs a Batch job queue and container images; "
                    + "it runs on Trae Local only");
            return;
        }
        // a private CloudWatch Logs fake, so that other steps' "logs" fakes are left alone
        try (FakeAwsServer logsServer = FakeAwsServer.start("logs")) {
            CloudWatchLogsFake logs = new CloudWatchLogsFake();
            logs.install(logsServer);
            BatchFake batch = ctx.local().fake("batch", new BatchFake()).logsTo(logs).outputsTo(ctx.local().s3().client());
            ctx.local().s3().createBucket("trae-demo-sims");
            TraeConfig config = ctx.local().configBuilder().endpoint("logs", logsServer.endpoint()).build();
            try (SimulationClient sims = SimulationClient.builder().config(config).jobQueue("robotics-queue")
                    .pollInterval(Duration.ofMillis(150)).build()) {
                runMigratedJob(ctx, sims);
                runScenarios(ctx, sims, batch);
            }
        }
    }

    private void generatePackage(DemoContext ctx) throws IOException, InterruptedException {
        Path parent = ctx.outDir().resolve("ros2");
        deleteTree(parent.resolve("fuel_station_robot")); // a previous demo run's output
        RosPackageSpec spec = RosPackageSpec.builder("fuel_station_robot", RosVersion.ROS2_PYTHON)
                .description("Patrols the fuel station forecourt and reports pump pressure")
                .maintainer("Trae Robotics", "robotics@example.com")
                .version("0.1.0")
                .node(RosNodeSpec.builder("pump_inspector")
                        .publisher("pump_pressure", MessageType.of("std_msgs/Float64"))
                        .publisher("cmd_vel", MessageType.of("geometry_msgs/Twist"))
                        .subscriber("scan", MessageType.of("sensor_msgs/LaserScan"))
                        .subscriber("odom", MessageType.of("nav_msgs/Odometry"))
                        .service("start_inspection", MessageType.service("std_srvs/Trigger"))
                        .client("/map_server/map", MessageType.service("nav_msgs/GetMap"))
                        .timer(Duration.ofMillis(500))
                        .parameter("pressure_limit_bar", 3.5)
                        .parameter("station", "Kyiv-12")
                        .build())
                .build();
        GeneratedPackage pkg = new RosPackageGenerator().write(spec, parent);
        ctx.out().println("generated ROS 2 package " + pkg.root() + ":");
        for (Path f : pkg.files()) {
            ctx.out().printf("  %-45s %6d bytes%n", pkg.root().relativize(f), Files.size(f));
        }
        List<String> py = pkg.files().stream().map(Path::toString).filter(s -> s.endsWith(".py")).toList();
        if (pythonAvailable()) {
            List<String> cmd = new ArrayList<>(List.of("python3", "-m", "py_compile"));
            cmd.addAll(py);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("generated Python does not compile: " + out);
            }
            ctx.out().println("python3 -m py_compile: " + py.size() + " Python files compile");
        } else {
            ctx.out().println("python3 not found: skipped compiling the generated Python files");
        }
    }

    private void runMigratedJob(DemoContext ctx, SimulationClient sims) {
        RoboMakerMigration.Result migrated = RoboMakerMigration.builder()
                .image(ROBOT_ARN, "123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-station-robot:0.1.0")
                .image(SIM_ARN, "123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-station-world:0.1.0")
                .jobQueue("robotics-queue").name("forecourt-patrol").build()
                .migrate(SEED_REQUEST);
        ctx.out().println("migrated the RoboMaker CreateSimulationJob request to a Batch multi-container job "
                + migrated.submission().jobDefinition().jobDefinitionName() + " ("
                + migrated.submission().jobDefinition().ecsProperties().taskProperties().get(0).containers().size() + " containers)");
        migrated.warnings().forEach(w -> ctx.out().println("  warning: " + w));

        TraeJob<SimulationResult> job = sims.start(migrated.job());
        SimulationResult r;
        try (ConsoleProgressBar bar = ConsoleProgressBar.create("simulation", ctx.out())) {
            job.onProgress(bar);
            r = job.await(Duration.ofMinutes(2));
        }
        ctx.out().println(r.summary());
        Instant t0 = r.statusHistory().isEmpty() ? r.createdAt() : r.statusHistory().get(0).observedAt();
        for (StatusChange c : r.statusHistory()) {
            ctx.out().printf("  +%5d ms  %s%n", Duration.between(t0, c.observedAt()).toMillis(), c.status());
        }
        for (ContainerResult c : r.containers()) {
            ctx.out().println("  container " + c.name() + " (" + c.image() + "): exit " + c.exitCode().map(String::valueOf).orElse("-")
                    + ", " + c.logLines().size() + " log lines");
            c.logLines().stream().limit(3).forEach(l -> ctx.out().println("    | " + l));
        }
        for (OutputFile f : r.outputFiles()) {
            ctx.out().println("  output " + f.uri() + " (" + f.size() + " bytes)");
        }
        if (!r.succeeded() || r.outputFiles().isEmpty() || r.exitCodes().size() != 2) {
            throw new IllegalStateException("the simulation did not produce the expected results: " + r.summary());
        }
    }

    private void runScenarios(DemoContext ctx, SimulationClient sims, BatchFake batch) {
        RoboMakerMigration.Result base = RoboMakerMigration.builder()
                .image(ROBOT_ARN, "123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-station-robot:0.1.0")
                .image(SIM_ARN, "123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-station-world:0.1.0")
                .jobQueue("robotics-queue").name("speed-sweep").build().migrate(SEED_REQUEST);
        List<Scenario> scenarios = List.of(
                Scenario.of("slow", Map.of("ROBOT_SPEED", "0.3")),
                Scenario.of("normal", Map.of("ROBOT_SPEED", "0.6")),
                Scenario.of("fast", Map.of("ROBOT_SPEED", "1.2")));
        batch.failNext("robot", 4); // the fake fails the last scenario: the robot "collides" at full speed
        TraeJob<ArraySimulationResult> job = sims.startArray(base.job(), scenarios);
        ArraySimulationResult r;
        try (ConsoleProgressBar bar = ConsoleProgressBar.create("scenarios", ctx.out())) {
            job.onProgress(bar);
            r = job.await(Duration.ofMinutes(2));
        }
        ctx.out().println("array job " + r.batchJobId() + ": " + r.status() + ", " + r.succeededCount() + " of "
                + r.children().size() + " scenarios succeeded, summary " + r.statusSummary());
        for (SimulationResult child : r.children()) {
            ctx.out().printf("  %-7s %-10s exit codes %s, %d output file(s)%n", r.scenarioOf(child).map(Scenario::name).orElse("?"),
                    child.status(), child.exitCodes(), child.outputFiles().size());
        }
        if (r.children().size() != 3 || r.succeededCount() != 2) {
            throw new IllegalStateException("expected two of three scenarios to succeed");
        }
    }

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
