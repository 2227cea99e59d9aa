package dev.trae.aws.robotics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.JobStore;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.robotics.model.ArraySimulationResult;
import dev.trae.aws.robotics.model.LogEvent;
import dev.trae.aws.robotics.model.OutputFile;
import dev.trae.aws.robotics.model.Scenario;
import dev.trae.aws.robotics.model.SimulationResult;
import dev.trae.aws.robotics.model.SimulationStatus;
import dev.trae.aws.robotics.model.StatusChange;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.batch.BatchFake;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class SimulationClientTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/SimulationRole";
    static final Duration WAIT = Duration.ofSeconds(60);

    private final TraeLocal local;
    private final BatchFake batch;
    private final CloudWatchLogsFake logs;
    private final TraeConfig config;

    SimulationClientTest(TraeLocal local) {
        this.local = local;
        this.logs = local.fake("logs", new CloudWatchLogsFake());
        this.batch = local.fake("batch", new BatchFake()).logsTo(logs).outputsTo(local.s3().client());
        local.s3().createBucket("sim-out");
        this.config = local.config();
    }

    static SimulationJob.Builder spec(String name) {
        return SimulationJob.builder()
                .name(name)
                .robotApplication(a -> a.image("123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-robot:1.4")
                        .packageName("fuel_robot").launchFile("navigate.launch.py").environment("ROBOT_SPEED", "0.5"))
                .simulationApplication(a -> a.image("123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-world:2.0")
                        .packageName("fuel_world").launchFile("station.launch.py").vcpus(2).memoryMiB(4096))
                .maxJobDuration(Duration.ofMinutes(30))
                .iamRole(ROLE)
                .outputLocation("s3://sim-out/runs");
    }

    SimulationClient client() {
        return client(config, Duration.ofMillis(20));
    }

    SimulationClient client(TraeConfig c, Duration poll) {
        return SimulationClient.builder().config(c).jobQueue("robotics-queue").pollInterval(poll).build();
    }

    FakeAwsServer batchServer() {
        return local.server("batch");
    }

    @Test
    void start_whenJobSucceeds_returnsHistoryExitCodesLogsAndOutputs() {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        try (SimulationClient sims = client()) {
            TraeJob<SimulationResult> job = sims.start(spec("warehouse-nav").build());
            job.onProgress(events::add);
            SimulationResult r = job.await(WAIT);

            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(r.status()).isEqualTo(SimulationStatus.SUCCEEDED);
            assertThat(r.statusHistory()).extracting(StatusChange::status).containsExactly(SimulationStatus.PENDING,
                    SimulationStatus.RUNNABLE, SimulationStatus.STARTING, SimulationStatus.RUNNING, SimulationStatus.SUCCEEDED);
            assertThat(r.exitCodes()).containsExactly(Map.entry("robot", 0), Map.entry("simulation", 0));
            assertThat(r.duration()).isPresent();
            assertThat(r.container("robot").orElseThrow().logLines())
                    .anyMatch(l -> l.contains("starting ros2 launch fuel_robot navigate.launch.py"));
            assertThat(r.container("simulation").orElseThrow().logLines()).isNotEmpty();
            assertThat(r.outputFiles()).extracting(OutputFile::key)
                    .containsExactlyInAnyOrder("runs/" + r.batchJobId() + "/result.json", "runs/" + r.batchJobId() + "/sim.bag");
            assertThat(r.outputBytes()).isGreaterThan(2048);
            assertThat(job.progress().orElseThrow().done()).isEqualTo(SimulationClient.STEPS);
            assertThat(events).extracting(ProgressEvent::phase).contains("REGISTERING", "SUBMITTING", "RUNNING", "SUCCEEDED");
        }
        // the definition is one multi-container ECS task with both applications
        JsonNode def = batchServer().requests("RegisterJobDefinition").get(0).json();
        JsonNode task = def.path("ecsProperties").path("taskProperties").path(0);
        List<String> names = new ArrayList<>();
        task.path("containers").forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).containsExactly("robot", "simulation");
        assertThat(task.path("taskRoleArn").asText()).isEqualTo(ROLE);
        assertThat(task.path("containers").path(0).path("command").toString())
                .isEqualTo("[\"ros2\",\"launch\",\"fuel_robot\",\"navigate.launch.py\"]");
        assertThat(def.path("timeout").path("attemptDurationSeconds").asInt()).isEqualTo(1800);
        JsonNode submit = batchServer().requests("SubmitJob").get(0).json();
        assertThat(submit.path("jobQueue").asText()).isEqualTo("robotics-queue");
        assertThat(submit.path("jobDefinition").asText()).startsWith("arn:aws:batch:");
        assertThat(submit.path("ecsPropertiesOverride").toString()).contains("TRAE_OUTPUT_URI", "s3://sim-out/runs");
        assertThat(batch.submittedJobs()).isEqualTo(1);
    }

    @Test
    void start_whenSameSpecRunsTwice_reusesJobDefinitionAndRegistersOnChange() {
        try (SimulationClient sims = client()) {
            sims.start(spec("reuse").build()).await(WAIT);
            sims.start(spec("reuse").build()).await(WAIT);
            assertThat(batchServer().count("RegisterJobDefinition")).isEqualTo(1);
            SimulationJob changed = spec("reuse").robotApplication(a -> a.image("123456789012.dkr.ecr.us-east-1.amazonaws.com/fuel-robot:1.5")
                    .packageName("fuel_robot").launchFile("navigate.launch.py")).build();
            sims.start(changed).await(WAIT);
            assertThat(batchServer().count("RegisterJobDefinition")).isEqualTo(2);
            assertThat(batch.submittedJobs()).isEqualTo(3);
        }
    }

    @Test
    void start_whenContainerExitsNonZero_failsWithExitCodesAndLogs() {
        batch.failNext("robot", 3);
        try (SimulationClient sims = client()) {
            TraeJob<SimulationResult> job = sims.start(spec("crashing-robot").build());
            assertThatThrownBy(() -> job.await(WAIT)).isInstanceOfSatisfying(SimulationFailedException.class, e -> {
                SimulationResult r = e.result();
                assertThat(r.status()).isEqualTo(SimulationStatus.FAILED);
                assertThat(r.exitCodes()).containsEntry("robot", 3).containsEntry("simulation", 0);
                assertThat(r.statusReason()).contains("Essential container");
                assertThat(r.container("robot").orElseThrow().reason()).contains("3");
                assertThat(r.container("robot").orElseThrow().logLines()).isNotEmpty();
                assertThat(r.outputFiles()).isEmpty();
                assertThat(e.getMessage()).contains("robot=3");
            });
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        }
    }

    @Test
    void start_whenPollingIsThrottledBeyondRetries_keepsPollingAndSubmitsOnce() {
        // 6 throttles: the first poll exhausts its 4 attempts, the next poll absorbs the rest
        batchServer().faults().next("DescribeJobs", 6, Fault.throttle());
        try (SimulationClient sims = client()) {
            SimulationResult r = sims.start(spec("throttled").build()).await(WAIT);
            assertThat(r.succeeded()).isTrue();
        }
        assertThat(batch.submittedJobs()).isEqualTo(1);
        assertThat(batchServer().count("SubmitJob")).isEqualTo(1);
    }

    @Test
    void start_whenSubmitAnswerIsLost_findsTheCreatedJobInsteadOfSubmittingAgain() {
        batchServer().faults().next("SubmitJob", 1, Fault.lostResponse());
        try (SimulationClient sims = client()) {
            SimulationResult r = sims.start(spec("lost-answer").build()).await(WAIT);
            assertThat(r.succeeded()).isTrue();
        }
        assertThat(batchServer().count("SubmitJob")).isEqualTo(1);
        assertThat(batchServer().count("ListJobs")).isEqualTo(1);
        assertThat(batch.submittedJobs()).isEqualTo(1);
    }

    @Test
    void start_whenSubmitIsThrottled_retriesAndCreatesOneJob() {
        batchServer().faults().next("SubmitJob", 2, Fault.throttle());
        try (SimulationClient sims = client()) {
            assertThat(sims.start(spec("throttled-submit").build()).await(WAIT).succeeded()).isTrue();
        }
        assertThat(batchServer().count("SubmitJob")).isEqualTo(3);
        assertThat(batch.submittedJobs()).isEqualTo(1);
    }

    @Test
    void start_whenBatchKeepsFailing_failsAfterPollLimit() {
        TraeConfig c = config.toBuilder().build();
        try (SimulationClient sims = SimulationClient.builder().config(c).jobQueue("robotics-queue")
                .pollInterval(Duration.ofMillis(10)).maxPollFailures(1).build()) {
            batchServer().faults().always("DescribeJobs", Fault.status(500, "ServerException"));
            TraeJob<SimulationResult> job = sims.start(spec("server-down").build());
            assertThatThrownBy(() -> job.await(WAIT)).isInstanceOf(TraeException.class)
                    .isNotInstanceOf(SimulationFailedException.class);
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        } finally {
            batchServer().faults().clear();
        }
    }

    @Test
    void cancel_whenTraeJobIsCancelled_terminatesTheBatchJob() throws Exception {
        CountDownLatch pending = new CountDownLatch(1);
        try (SimulationClient sims = client(config, Duration.ofMillis(300))) {
            TraeJob<SimulationResult> job = sims.start(spec("cancel-me").build());
            job.onProgress(e -> {
                if (e.phase().equals("PENDING")) {
                    pending.countDown();
                }
            });
            assertThat(pending.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(job.cancel()).isTrue();
            assertThatThrownBy(() -> job.await(WAIT)).isInstanceOf(TraeCancelledException.class);
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
            String batchId = config.jobStore().find(job.id()).orElseThrow().checkpoint().get("batchJobId");
            assertThat(batchServer().count("TerminateJob")).isEqualTo(1);
            assertThat(batch.status(batchId)).isEqualTo("FAILED");
            assertThat(batchServer().requests("TerminateJob").get(0).json().path("reason").asText()).contains(job.id());
        }
    }

    @Test
    void cancel_whenJobIsStillQueued_failsWithTheReason() throws Exception {
        CountDownLatch pending = new CountDownLatch(1);
        try (SimulationClient sims = client(config, Duration.ofMillis(500))) {
            TraeJob<SimulationResult> job = sims.start(spec("queued").build());
            job.onProgress(e -> {
                if (e.phase().equals("PENDING")) {
                    pending.countDown();
                }
            });
            assertThat(pending.await(30, TimeUnit.SECONDS)).isTrue();
            String batchId = config.jobStore().find(job.id()).orElseThrow().checkpoint().get("batchJobId");
            sims.cancel(batchId, "operator stopped the run");
            assertThatThrownBy(() -> job.await(WAIT)).isInstanceOfSatisfying(SimulationFailedException.class, e -> {
                assertThat(e.result().statusReason()).isEqualTo("operator stopped the run");
                assertThat(e.result().exitCodes()).isEmpty();
                assertThat(e.result().startedAt()).isEmpty();
            });
        }
    }

    @Test
    void terminate_whenJobIsRunning_stopsContainers() {
        try (SimulationClient sims = client(config, Duration.ofMillis(20))) {
            sims.ensureJobDefinition(spec("direct").build());
            TraeJob<SimulationResult> job = sims.start(spec("direct").build());
            java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
            job.onProgress(e -> {
                if (e.phase().equals("RUNNING") && sent.compareAndSet(false, true)) {
                    String id = config.jobStore().find(job.id()).orElseThrow().checkpoint().get("batchJobId");
                    sims.terminate(id, "safety stop");
                }
            });
            assertThatThrownBy(() -> job.await(WAIT)).isInstanceOfSatisfying(SimulationFailedException.class, e -> {
                assertThat(e.result().statusReason()).isEqualTo("safety stop");
                assertThat(e.result().exitCodes()).containsEntry("robot", 137).containsEntry("simulation", 137);
            });
            assertThat(batchServer().count("RegisterJobDefinition")).isEqualTo(1);
        }
    }

    @Test
    void startArray_whenOneScenarioFails_reportsEveryChild() {
        List<Scenario> scenarios = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            scenarios.add(Scenario.of("speed-" + i, Map.of("ROBOT_SPEED", "0." + (i + 2))));
        }
        batch.failNext("simulation", 2); // the fake fails the last child of the next array job
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        try (SimulationClient sims = client()) {
            TraeJob<ArraySimulationResult> job = sims.startArray(spec("speed-sweep").build(), scenarios);
            job.onProgress(events::add);
            ArraySimulationResult r = job.await(WAIT);
            assertThat(r.status()).isEqualTo(SimulationStatus.FAILED);
            assertThat(r.children()).hasSize(4);
            assertThat(r.succeededCount()).isEqualTo(3);
            assertThat(r.allSucceeded()).isFalse();
            assertThat(r.failed()).singleElement().satisfies(c -> {
                assertThat(c.arrayIndex()).contains(3);
                assertThat(c.exitCodes()).containsEntry("simulation", 2);
                assertThat(r.scenarioOf(c).orElseThrow().name()).isEqualTo("speed-3");
            });
            assertThat(r.statusSummary()).containsEntry("SUCCEEDED", 3).containsEntry("FAILED", 1);
            for (SimulationResult child : r.children()) {
                assertThat(child.batchJobId()).isEqualTo(r.batchJobId() + ":" + child.arrayIndex().orElseThrow());
                assertThat(child.container("robot").orElseThrow().logLines()).isNotEmpty();
                if (child.succeeded()) {
                    assertThat(child.outputFiles()).extracting(OutputFile::key).allMatch(k -> k.startsWith(
                            "runs/" + r.batchJobId() + "/" + child.arrayIndex().orElseThrow() + "/"));
                    assertThat(child.outputFiles()).hasSize(2);
                }
            }
            assertThat(r.meanDuration()).isPresent();
            assertThat(job.progress().orElseThrow().done()).isEqualTo(4);
            assertThat(job.progress().orElseThrow().total()).isEqualTo(4);
        }
        JsonNode submit = batchServer().requests("SubmitJob").get(0).json();
        assertThat(submit.path("arrayProperties").path("size").asInt()).isEqualTo(4);
        assertThat(submit.path("ecsPropertiesOverride").toString()).contains("TRAE_SCENARIOS", "speed-3");
        assertThat(batch.submittedJobs()).isEqualTo(1);
    }

    @Test
    void logs_whenJobFinished_returnsLinesPerContainerAndSearchFilters() {
        try (SimulationClient sims = client()) {
            SimulationResult r = sims.start(spec("logs").build()).await(WAIT);
            Map<String, List<String>> all = sims.logs(r.batchJobId());
            assertThat(all.keySet()).containsExactly("robot", "simulation");
            assertThat(all.get("robot")).isEqualTo(r.container("robot").orElseThrow().logLines());
            List<LogEvent> found = sims.searchLogs(r.batchJobId(), "\"starting ros2\" -fuel_world");
            assertThat(found).singleElement().satisfies(e -> {
                assertThat(e.container()).isEqualTo("robot");
                assertThat(e.message()).contains("fuel_robot");
            });
            assertThat(sims.searchLogs(r.batchJobId(), "")).hasSize(all.get("robot").size() + all.get("simulation").size());
            assertThat(sims.outputFiles(dev.trae.aws.core.S3Location.of("sim-out", "runs"), r.batchJobId()))
                    .hasSize(2);
            assertThat(sims.describe(r.batchJobId()).status()).isEqualTo(SimulationStatus.SUCCEEDED);
        }
    }

    @Test
    void logs_whenStreamIsLongerThanAPage_readsEveryPage() {
        logs.pageSize(2);
        try (SimulationClient sims = client()) {
            SimulationResult r = sims.start(spec("paged").build()).await(WAIT);
            String stream = r.container("robot").orElseThrow().logStreamName();
            int before = logs.lines(BatchFake.LOG_GROUP, stream).size();
            List<String> extra = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                extra.add("step " + i);
            }
            logs.append(BatchFake.LOG_GROUP, stream, extra);
            assertThat(sims.logs(r.batchJobId()).get("robot")).hasSize(before + 7).endsWith("step 5", "step 6");
            assertThat(sims.searchLogs(r.batchJobId(), "step -simulation")).extracting(LogEvent::message)
                    .containsSubsequence("step 0", "step 6").hasSize(7);
        } finally {
            logs.pageSize(50);
        }
    }

    @Test
    void resume_afterTheRunnerDied_followsTheSameBatchJobWithoutResubmitting() throws Exception {
        JobStore store = JobStore.inMemory();
        CountDownLatch runnable = new CountDownLatch(1);
        String jobId;
        JobRunner first = JobRunner.create(store);
        try (SimulationClient sims = SimulationClient.builder().config(config).jobQueue("robotics-queue")
                .pollInterval(Duration.ofMillis(300)).jobRunner(first).build()) {
            TraeJob<SimulationResult> job = sims.start(spec("resumable").build());
            job.onProgress(e -> {
                if (e.phase().equals("RUNNABLE")) {
                    runnable.countDown();
                }
            });
            assertThat(runnable.await(30, TimeUnit.SECONDS)).isTrue();
            jobId = job.id();
            first.close(); // the process "dies": its worker is interrupted mid-poll
            assertThatThrownBy(() -> job.await(WAIT)).isInstanceOf(TraeException.class);
        }
        assertThat(store.find(jobId).orElseThrow().checkpoint()).containsKey("batchJobId");
        try (JobRunner second = JobRunner.create(store);
             SimulationClient sims = SimulationClient.builder().config(config).jobQueue("robotics-queue")
                     .pollInterval(Duration.ofMillis(20)).jobRunner(second).build()) {
            SimulationResult r = sims.resume(jobId, spec("resumable").build()).await(WAIT);
            assertThat(r.succeeded()).isTrue();
            assertThat(r.statusHistory()).extracting(StatusChange::status).startsWith(SimulationStatus.PENDING)
                    .endsWith(SimulationStatus.SUCCEEDED);
        }
        assertThat(batch.submittedJobs()).isEqualTo(1);
        assertThat(batchServer().count("TerminateJob")).isZero();
    }

    @Test
    void describe_whenJobIsUnknown_saysSo() {
        try (SimulationClient sims = client()) {
            assertThatThrownBy(() -> sims.describe("00000000-0000-0000-0000-000000000000"))
                    .isInstanceOf(dev.trae.aws.core.TraeValidationException.class).hasMessageContaining("no Batch job");
            assertThatThrownBy(() -> sims.terminate("00000000-0000-0000-0000-000000000000", "x"))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        }
    }
}
