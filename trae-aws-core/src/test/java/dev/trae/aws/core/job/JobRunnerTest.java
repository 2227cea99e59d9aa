package dev.trae.aws.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.progress.ProgressEvent;

class JobRunnerTest {

    /** Counts from the checkpoint to {@code to}, checkpointing each step, optionally failing at {@code failAt}. */
    private static JobWork<List<Integer>> counting(int to, int failAt, List<Integer> processed) {
        return ctx -> {
            int next = Integer.parseInt(ctx.checkpoint().getOrDefault("next", "0"));
            ctx.tracker().total(to);
            ctx.tracker().set(next);
            for (int i = next; i < to; i++) {
                ctx.throwIfCancelled();
                if (i == failAt) {
                    throw new IllegalStateException("boom at " + i);
                }
                processed.add(i);
                ctx.saveCheckpoint(Map.of("next", Integer.toString(i + 1)));
                ctx.tracker().advance(1);
            }
            return List.copyOf(processed);
        };
    }

    @Test
    void submit_runsToCompletionWithProgress() {
        try (JobRunner runner = JobRunner.create(JobStore.inMemory())) {
            List<ProgressEvent> events = new CopyOnWriteArrayList<>();
            List<Integer> processed = new CopyOnWriteArrayList<>();
            TraeJob<List<Integer>> job = runner.submit("count", counting(5, -1, processed));
            job.onProgress(events::add);
            assertThat(job.await(Duration.ofSeconds(5))).containsExactly(0, 1, 2, 3, 4);
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.id()).startsWith("count-");
            assertThat(runner.find(job.id())).get().extracting(JobRecord::status).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.progress()).get().satisfies(p -> {
                assertThat(p.done()).isEqualTo(5);
                assertThat(p.total()).isEqualTo(5);
            });
        }
    }

    @Test
    void resume_afterFailure_continuesFromCheckpointWithoutDuplicates(@TempDir Path dir) {
        List<Integer> processed = new CopyOnWriteArrayList<>();
        String id;
        try (JobRunner runner = JobRunner.create(JobStore.directory(dir))) {
            TraeJob<List<Integer>> job = runner.submit("export-7", "export", counting(10, 6, processed));
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(5))).isInstanceOf(TraeClientException.class)
                    .hasMessageContaining("boom at 6");
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            id = job.id();
        }
        // a new process: a new runner on the same directory
        try (JobRunner runner = JobRunner.create(JobStore.directory(dir))) {
            assertThat(runner.find(id)).get().satisfies(r -> {
                assertThat(r.status()).isEqualTo(JobStatus.FAILED);
                assertThat(r.checkpoint()).containsEntry("next", "6");
            });
            TraeJob<List<Integer>> resumed = runner.resume(id, counting(10, -1, processed));
            assertThat(resumed.await(Duration.ofSeconds(5))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThatThrownBy(() -> runner.resume(id, counting(10, -1, processed))).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("already succeeded");
        }
    }

    @Test
    void cancel_stopsRunningJob_andResumeFinishesIt() throws Exception {
        try (JobRunner runner = JobRunner.create(JobStore.inMemory())) {
            CountDownLatch started = new CountDownLatch(1);
            List<Integer> processed = new CopyOnWriteArrayList<>();
            TraeJob<List<Integer>> job = runner.submit("slow", ctx -> {
                int next = Integer.parseInt(ctx.checkpoint().getOrDefault("next", "0"));
                for (int i = next; i < 1000; i++) {
                    ctx.throwIfCancelled();
                    processed.add(i);
                    ctx.saveCheckpoint(Map.of("next", Integer.toString(i + 1)));
                    started.countDown();
                    Thread.sleep(2);
                }
                return List.copyOf(processed);
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(job.cancel()).isTrue();
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(5))).isInstanceOf(TraeCancelledException.class);
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
            int doneBefore = processed.size();
            assertThat(doneBefore).isBetween(1, 999);
            TraeJob<List<Integer>> resumed = runner.resume(job.id(), ctx -> {
                int next = Integer.parseInt(ctx.checkpoint().get("next"));
                assertThat(ctx.resumed()).isTrue();
                for (int i = next; i < 1000; i++) {
                    processed.add(i);
                }
                return List.copyOf(processed);
            });
            List<Integer> all = resumed.await(Duration.ofSeconds(5));
            assertThat(all).hasSize(1000).doesNotHaveDuplicates();
        }
    }

    @Test
    void await_whenTooShort_throwsTimeoutAndJobKeepsRunning() {
        try (JobRunner runner = JobRunner.create(JobStore.inMemory())) {
            CountDownLatch release = new CountDownLatch(1);
            TraeJob<String> job = runner.submit("wait", ctx -> {
                release.await(5, TimeUnit.SECONDS);
                return "done";
            });
            assertThatThrownBy(() -> job.await(Duration.ofMillis(50))).isInstanceOf(TraeTimeoutException.class)
                    .hasMessageContaining("still running");
            release.countDown();
            assertThat(job.await(Duration.ofSeconds(5))).isEqualTo("done");
            assertThat(job.cancel()).isFalse();
        }
    }

    @Test
    void cancel_whenWorkFailsBecauseOfIt_thenCancelledWithThatFailureAsCause() throws Exception {
        try (JobRunner runner = JobRunner.create(JobStore.inMemory())) {
            CountDownLatch started = new CountDownLatch(1);
            TraeJob<String> job = runner.submit("call", ctx -> {
                started.countDown();
                try {
                    Thread.sleep(10_000);
                    return "not reached";
                } catch (InterruptedException e) {
                    // what an SDK call interrupted by the cancel looks like once translated at the boundary
                    throw new TraeClientException("Unable to unmarshall response (interrupted)", e);
                }
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(job.cancel()).isTrue();
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(5))).isInstanceOf(TraeCancelledException.class)
                    .hasCauseInstanceOf(TraeClientException.class);
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        }
    }

    @Test
    void failure_keepsTraeExceptionType() {
        try (JobRunner runner = JobRunner.create(JobStore.inMemory())) {
            TraeJob<String> job = runner.submit("svc", ctx -> {
                throw new TraeServiceException("boom", "sagemaker", 500, "r1", "InternalFailure", true, false, null);
            });
            assertThatThrownBy(() -> job.await(Duration.ofSeconds(5))).isInstanceOf(TraeServiceException.class);
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        }
    }

    @Test
    void ids_areValidatedAgainstPathTraversal(@TempDir Path dir) {
        try (JobRunner runner = JobRunner.create(JobStore.directory(dir))) {
            assertThatThrownBy(() -> runner.submit("../../etc/passwd", "x", ctx -> 1)).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> runner.submit("a/b", "x", ctx -> 1)).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> runner.resume("missing-job", ctx -> 1)).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("no job");
            assertThatThrownBy(() -> runner.submit("Bad Kind", ctx -> 1)).isInstanceOf(TraeValidationException.class);
            TraeJob<Integer> ok = runner.submit("dup", "x", ctx -> 1);
            ok.await(Duration.ofSeconds(5));
            assertThatThrownBy(() -> runner.submit("dup", "x", ctx -> 1)).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("already exists");
        }
        assertThat(Files.exists(dir.getParent().resolve("etc"))).isFalse();
    }

    @Test
    void directoryStore_corruptFile_givesClearError(@TempDir Path dir) throws Exception {
        JobStore store = JobStore.directory(dir);
        Files.writeString(dir.resolve("broken.job"), "status=NOT_A_STATUS\n");
        assertThatThrownBy(() -> store.find("broken")).isInstanceOf(TraeClientException.class).hasMessageContaining("corrupt");
    }
}
