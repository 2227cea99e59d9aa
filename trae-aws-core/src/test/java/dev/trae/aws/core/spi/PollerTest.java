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

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
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

    @Test
    void builder_whenSettingsInvalid_refusesBeforeAnyWait() {
        assertThatThrownBy(() -> Poller.builder().deadline(Duration.ZERO)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Poller.builder().multiplier(0.5)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Poller.builder().maxAttempts(0)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> Poller.builder().initialDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(1)).build())
                .isInstanceOf(TraeValidationException.class);
    }
}
