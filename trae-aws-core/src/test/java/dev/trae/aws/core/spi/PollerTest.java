package dev.trae.aws.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollerTest {
    /** A clock the fake sleeper advances, so no test waits in real time. */
    private static final class FakeTime extends Clock {
        Instant now = Instant.parse("2026-12-03T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        Poller.Sleeper sleeper() {
            return d -> {
                sleeps.add(d);
                now = now.plus(d);
            };
        }
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static Poller.Builder poller(FakeTime t) {
        return Poller.builder().clock(t).sleeper(t.sleeper()).initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(4))
                .multiplier(2).deadline(Duration.ofSeconds(60));
    }

    @Test
    void await_whenStateBecomesDone_returnsItAfterBackoffThatGrowsToTheMaximum() {
        FakeTime t = new FakeTime();
        Iterator<String> states = List.of("PENDING", "PENDING", "PENDING", "PENDING", "ACTIVE").iterator();
        List<String> progress = new ArrayList<>();
        String r = poller(t).progress((what, status, n, waited) -> progress.add(status + "@" + n)).build()
                .await("block", states::next, s -> s.equals("ACTIVE") ? Poller.State.done() : Poller.State.waiting(s));
        assertThat(r).isEqualTo("ACTIVE");
        assertThat(t.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(progress).containsExactly("PENDING@1", "PENDING@2", "PENDING@3", "PENDING@4");
    }

    @Test
    void await_whenFailed_throwsWithTheReason() {
        FakeTime t = new FakeTime();
        assertThatThrownBy(() -> poller(t).build().await("training job j1", () -> "FAILED",
                s -> Poller.State.failed("ResourceLimitExceeded: no capacity")))
                .isInstanceOfSatisfying(Poller.PollFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("ResourceLimitExceeded: no capacity");
                    assertThat(e.getMessage()).isEqualTo("training job j1 failed: ResourceLimitExceeded: no capacity");
                });
    }

    @Test
    void await_whenDeadlinePasses_throwsTimeoutNamingLastStatusAndNeverSleepsPastIt() {
        FakeTime t = new FakeTime();
        assertThatThrownBy(() -> poller(t).deadline(Duration.ofSeconds(10)).build()
                .await("capacity block cr-1", () -> "scheduled", Poller.State::waiting))
                .isInstanceOfSatisfying(TraeTimeoutException.class, e -> {
                    assertThat(e.getMessage()).contains("capacity block cr-1").contains("last status: scheduled");
                    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(10));
                });
        assertThat(t.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void await_whenMaxAttemptsReached_endsAfterThatManyFetchesWithoutALastSleep() {
        FakeTime t = new FakeTime();
        int[] fetches = {0};
        assertThatThrownBy(() -> poller(t).maxAttempts(3).build().await("stop of job j1", () -> {
            fetches[0]++;
            return "Stopping";
        }, Poller.State::waiting))
                .isInstanceOfSatisfying(TraeTimeoutException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("stop of job j1 did not finish after 3 checks in PT3S (last status: Stopping); "
                            + "it may still be running on AWS");
                    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(3));
                });
        assertThat(fetches[0]).isEqualTo(3);
        assertThat(t.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void await_whenDeadlinePassesBeforeMaxAttempts_theDeadlineNamesTheEnd() {
        FakeTime t = new FakeTime();
        assertThatThrownBy(() -> poller(t).maxAttempts(100).deadline(Duration.ofSeconds(5)).build()
                .await("job", () -> "RUNNING", Poller.State::waiting))
                .isInstanceOf(TraeTimeoutException.class).hasMessageStartingWith("job did not finish within PT5S");
    }

    @Test
    void await_whenTimedOutWithOnTimeout_throwsTheModulesExceptionWithWhatLastStatusFetchesAndTimeWaited() {
        FakeTime t = new FakeTime();
        List<String> seen = new ArrayList<>();
        Iterator<String> states = List.of("Creating", "Creating", "Updating", "Updating", "Updating").iterator();
        assertThatThrownBy(() -> poller(t).deadline(Duration.ofSeconds(7)).onTimeout((what, last, fetches, waited) -> {
            seen.add(what + "|" + last + "|" + fetches + "|" + waited);
            return new IllegalStateException("deployment d1 was not Active within 7 s; it was deleted");
        }).build().await("deployment d1", states::next, Poller.State::waiting))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("deployment d1 was not Active within 7 s; it was deleted");
        // sleeps 1, 2, 4 reach 7 s: the fourth fetch sees the deadline passed
        assertThat(seen).containsExactly("deployment d1|Updating|4|PT7S");
        assertThat(t.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void toBuilder_withOtherDeadline_theDefaultTimeoutNamesTheNewDeadline() {
        FakeTime t = new FakeTime();
        Poller base = poller(t).build();
        assertThatThrownBy(() -> base.toBuilder().deadline(Duration.ofSeconds(3)).build().await("job", () -> "RUNNING", Poller.State::waiting))
                .isInstanceOfSatisfying(TraeTimeoutException.class, e -> {
                    assertThat(e.getMessage()).startsWith("job did not finish within PT3S");
                    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(3));
                });
    }

    @Test
    void await_whenClassifyThrows_itsExceptionPropagatesUnchanged() {
        FakeTime t = new FakeTime();
        IllegalStateException own = new IllegalStateException("model customization job j1 failed: bad data");
        assertThatThrownBy(() -> poller(t).build().await("job", () -> "Failed", s -> {
            throw own;
        })).isSameAs(own);
        assertThat(t.sleeps).isEmpty();
    }

    @Test
    void await_whenCancelled_stopsBeforeTheNextFetch() {
        FakeTime t = new FakeTime();
        AtomicBoolean cancel = new AtomicBoolean();
        int[] fetches = {0};
        assertThatThrownBy(() -> poller(t).cancelled(cancel::get).build().await("job", () -> {
            fetches[0]++;
            cancel.set(true);
            return "RUNNING";
        }, Poller.State::waiting))
                .isInstanceOf(TraeCancelledException.class).hasMessageContaining("last status: RUNNING");
        assertThat(fetches[0]).isEqualTo(1);
    }

    // ------------------------------------------------------------------ awaitOrLast: the last state instead of a timeout

    @Test
    void awaitOrLast_whenDone_returnsTheDoneValueWithTheFetchCount() {
        FakeTime t = new FakeTime();
        Iterator<String> states = List.of("shutting-down", "terminated").iterator();
        Poller.Outcome<String> o = poller(t).build().awaitOrLast("termination", states::next,
                s -> s.equals("terminated") ? Poller.State.done() : Poller.State.waiting(s));
        assertThat(o).isEqualTo(new Poller.Outcome<>("terminated", true, "done", 2, Duration.ofSeconds(1)));
    }

    @Test
    void awaitOrLast_whenDeadlinePasses_returnsTheLastValueInsteadOfThrowingAndDoesNotCallOnTimeout() {
        FakeTime t = new FakeTime();
        AtomicInteger n = new AtomicInteger();
        List<String> handled = new ArrayList<>();
        Poller.Outcome<Integer> o = poller(t).deadline(Duration.ofSeconds(7)).onTimeout((what, last, fetches, waited) -> {
            handled.add(what);
            return new IllegalStateException("not called by awaitOrLast");
        }).build().awaitOrLast("termination of 3 instances", n::incrementAndGet, i -> Poller.State.waiting(i + " alive"));
        // sleeps 1, 2, 4 reach 7 s: the fourth fetch sees the deadline passed and is the one returned
        assertThat(o.value()).isEqualTo(4);
        assertThat(o.done()).isFalse();
        assertThat(o.lastStatus()).isEqualTo("4 alive");
        assertThat(o.fetches()).isEqualTo(4);
        assertThat(o.waited()).isEqualTo(Duration.ofSeconds(7));
        assertThat(handled).isEmpty();
        assertThat(t.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void awaitOrLast_whenMaxAttemptsReached_returnsTheLastValueWithoutALastSleep() {
        FakeTime t = new FakeTime();
        AtomicInteger n = new AtomicInteger();
        Poller.Outcome<Integer> o = poller(t).maxAttempts(5).build().awaitOrLast("instances by tag", n::incrementAndGet,
                i -> Poller.State.waiting("none new"));
        assertThat(o.done()).isFalse();
        assertThat(o.value()).isEqualTo(5);
        assertThat(o.fetches()).isEqualTo(5);
        assertThat(t.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    @Test
    void awaitOrLast_whenFailed_stillThrows() {
        FakeTime t = new FakeTime();
        assertThatThrownBy(() -> poller(t).build().awaitOrLast("job", () -> "FAILED", s -> Poller.State.failed("no capacity")))
                .isInstanceOf(Poller.PollFailedException.class).hasMessage("job failed: no capacity");
    }

    // ------------------------------------------------------------------ a service error as "keep waiting"

    @Test
    void await_whenFetchCatchesAServiceErrorAndReportsIt_keepsWaitingWithTheErrorAsStatus() {
        FakeTime t = new FakeTime();
        AtomicInteger calls = new AtomicInteger();
        List<String> progress = new ArrayList<>();
        String r = poller(t).progress((what, status, n, waited) -> progress.add(status)).build().await("termination", () -> {
            try {
                if (calls.incrementAndGet() <= 2) {
                    throw new TraeServiceException("ec2 DescribeInstances failed: UnauthorizedOperation", "ec2", 400, "r1",
                            "UnauthorizedOperation", false, false, null);
                }
                return "terminated";
            } catch (TraeServiceException e) {
                return "error: " + e.errorCode().orElseThrow();
            }
        }, s -> s.equals("terminated") ? Poller.State.done() : Poller.State.waiting(s));
        assertThat(r).isEqualTo("terminated");
        assertThat(progress).containsExactly("error: UnauthorizedOperation", "error: UnauthorizedOperation");
    }

    @Test
    void await_whenFetchThrows_theExceptionEndsTheWaitUnchanged() {
        FakeTime t = new FakeTime();
        TraeServiceException e = new TraeServiceException("denied", "ec2", 403, "r1", "UnauthorizedOperation", false, false, null);
        assertThatThrownBy(() -> poller(t).build().awaitOrLast("termination", () -> {
            throw e;
        }, s -> Poller.State.done())).isSameAs(e);
    }

    // ------------------------------------------------------------------ interrupts

    @Test
    void await_whenInterruptedWhileSleeping_endsWithCancelledAndKeepsTheFlag() {
        FakeTime t = new FakeTime();
        Poller p = poller(t).sleeper(d -> {
            throw new InterruptedException();
        }).build();
        assertThatThrownBy(() -> p.await("job", () -> "RUNNING", Poller.State::waiting))
                .isInstanceOf(TraeCancelledException.class).hasMessageContaining("was interrupted");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void await_whenTheFlagIsSetBeforeTheWait_endsBeforeTheFirstFetch() {
        FakeTime t = new FakeTime();
        AtomicInteger fetches = new AtomicInteger();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> poller(t).build().await("job", fetches::incrementAndGet, i -> Poller.State.waiting("RUNNING")))
                .isInstanceOf(TraeCancelledException.class);
        assertThat(fetches.get()).isZero();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void keepWaitingWhenInterrupted_whenASleepIsInterrupted_sleepsTheRestAndSetsTheFlagWhenTheWaitEnds() {
        FakeTime t = new FakeTime();
        AtomicInteger interrupts = new AtomicInteger(1);
        List<Boolean> flagDuringWait = new ArrayList<>();
        Poller p = poller(t).keepWaitingWhenInterrupted(true).sleeper(d -> {
            flagDuringWait.add(Thread.currentThread().isInterrupted());
            if (d.equals(Duration.ofSeconds(2)) && interrupts.getAndDecrement() > 0) {
                // as Thread.sleep: half the time passes, then the interrupt ends it (and clears the flag)
                t.sleeps.add(d);
                t.now = t.now.plus(d.dividedBy(2));
                throw new InterruptedException();
            }
            t.sleeper().sleep(d);
        }).build();
        Iterator<String> states = List.of("shutting-down", "shutting-down", "shutting-down", "terminated").iterator();
        String r = p.await("termination", states::next, s -> s.equals("terminated") ? Poller.State.done() : Poller.State.waiting(s));
        assertThat(r).isEqualTo("terminated");
        // sleeps 1, 2, 4; the 2 s sleep is interrupted after 1 s and the other 1 s is slept before the next fetch
        assertThat(t.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4));
        assertThat(flagDuringWait).containsOnly(false);
        assertThat(Thread.interrupted()).as("the flag is set again when the wait ends").isTrue();
    }

    @Test
    void keepWaitingWhenInterrupted_whenTheFlagIsSetBeforeTheWait_waitsWithTheFlagTakenAndSetsItAgainEvenWhenTheWaitThrows() {
        FakeTime t = new FakeTime();
        List<Boolean> flagSeenByFetch = new ArrayList<>();
        Thread.currentThread().interrupt();
        Poller.Outcome<String> o = poller(t).keepWaitingWhenInterrupted(true).maxAttempts(3).build().awaitOrLast("termination", () -> {
            flagSeenByFetch.add(Thread.currentThread().isInterrupted());
            return "shutting-down";
        }, Poller.State::waiting);
        assertThat(o.fetches()).isEqualTo(3);
        assertThat(flagSeenByFetch).containsExactly(false, false, false);
        assertThat(Thread.interrupted()).isTrue();

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> poller(t).keepWaitingWhenInterrupted(true).build().await("job", () -> "FAILED",
                s -> Poller.State.failed("gone"))).isInstanceOf(Poller.PollFailedException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void keepWaitingWhenInterrupted_stillEndsWhenCancelled() {
        FakeTime t = new FakeTime();
        AtomicBoolean cancel = new AtomicBoolean();
        assertThatThrownBy(() -> poller(t).keepWaitingWhenInterrupted(true).cancelled(cancel::get).build().await("job", () -> {
            cancel.set(true);
            return "RUNNING";
        }, Poller.State::waiting)).isInstanceOf(TraeCancelledException.class);
    }

    @Test
    void keepWaitingWhenInterrupted_withARealSleepInterruptedByAnotherThread_sleepsItsFullTime() throws Exception {
        Thread waiter = Thread.currentThread();
        Poller p = Poller.builder().initialDelay(Duration.ofMillis(300)).maxDelay(Duration.ofMillis(300)).deadline(Duration.ofSeconds(30))
                .keepWaitingWhenInterrupted(true).build();
        Thread interrupter = new Thread(() -> {
            while (waiter.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            waiter.interrupt();
        });
        AtomicInteger fetches = new AtomicInteger();
        long start = System.nanoTime();
        interrupter.start();
        Poller.Outcome<Integer> o = p.awaitOrLast("termination", fetches::incrementAndGet,
                i -> i == 2 ? Poller.State.done() : Poller.State.waiting("shutting-down"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        interrupter.join();
        assertThat(o.done()).isTrue();
        assertThat(o.fetches()).isEqualTo(2);
        assertThat(tookMs).as("the interrupted sleep went on for the rest of its 300 ms").isGreaterThanOrEqualTo(300);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void builder_whenSettingsInvalid_refusesBeforeAnyWait() {
        assertThatThrownBy(() -> Poller.builder().deadline(Duration.ZERO)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Poller.builder().multiplier(0.5)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Poller.builder().maxAttempts(0)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Poller.builder().initialDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(1)).build())
                .isInstanceOf(TraeValidationException.class);
    }
}
