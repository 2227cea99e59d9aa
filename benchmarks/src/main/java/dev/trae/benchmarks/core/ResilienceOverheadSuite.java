package dev.trae.benchmarks.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.ResiliencePolicy;
import dev.trae.benchmarks.BenchContext;
import dev.trae.benchmarks.BenchResult;
import dev.trae.benchmarks.BenchSuite;

/**
 * Overhead of the resilience decorators (retry, circuit breaker, rate limiter, bulkhead, exception
 * translation) around a no-op call, against the bare call, measured with JMH in the same run.
 */
public final class ResilienceOverheadSuite implements BenchSuite {

    @Override
    public String name() {
        return "core";
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        Options opts = new OptionsBuilder()
                .include(java.util.regex.Pattern.quote(Bench.class.getCanonicalName() + "."))
                .forks(1)
                .warmupIterations(ctx.quick() ? 1 : 3).warmupTime(TimeValue.seconds(ctx.quick() ? 1 : 2))
                .measurementIterations(ctx.quick() ? 2 : 5).measurementTime(TimeValue.seconds(ctx.quick() ? 1 : 2))
                .jvmArgs("-Xmx512m")
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        double bare = Double.NaN;
        double decorated = Double.NaN;
        double limited = Double.NaN;
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (label.endsWith(".bare")) {
                bare = score;
            } else if (label.endsWith(".decorated")) {
                decorated = score;
            } else if (label.endsWith(".decoratedWithRateLimiter")) {
                limited = score;
            }
        }
        List<BenchResult> out = new ArrayList<>();
        out.add(BenchResult.plain(name(), "bare no-op call", bare, "ns/op"));
        double overhead = decorated - bare;
        out.add(new BenchResult(name(), "decorated no-op call (retry+breaker+bulkhead+translation)", decorated, "ns/op",
                "bare no-op call", bare, decorated / bare, "overhead < 2000 ns/call", overhead < 2000));
        // The limiter is set to LIMITED_TPS, far below what one thread can do, so this measures pacing accuracy:
        // the achieved rate as a share of the configured limit (1.0 = exactly at the limit, never above).
        double achievedTps = 1e9 / limited;
        double share = achievedTps / Bench.LIMITED_TPS;
        out.add(new BenchResult(name(), "rate-limited calls: achieved TPS at a " + (int) Bench.LIMITED_TPS + " TPS limit",
                achievedTps, "calls/s", "configured limit", Bench.LIMITED_TPS, share, "0.95 <= achieved/limit <= 1.01",
                share >= 0.95 && share <= 1.01));
        return out;
    }

    /** The JMH benchmarks. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public static class Bench {
        private final Resilience resilience = Resilience.of(ResiliencePolicy.defaults());
        static final double LIMITED_TPS = 20_000;
        private final Resilience limitedResilience = Resilience.of(ResiliencePolicy.builder().rateLimit("svc", LIMITED_TPS).build());
        private long counter;

        private Long noop() {
            return ++counter;
        }

        @Benchmark
        public Long bare() {
            return noop();
        }

        @Benchmark
        public Long decorated() {
            return resilience.call("svc", "Noop", this::noop);
        }

        @Benchmark
        public Long decoratedWithRateLimiter() {
            return limitedResilience.call("svc", "Noop", this::noop);
        }
    }
}
