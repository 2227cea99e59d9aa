package dev.trae.benchmarks.bedrock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import dev.trae.aws.bedrock.BedrockClient;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.core.AwsClients;
import dev.trae.aws.core.TraeConfig;
import dev.trae.benchmarks.BenchContext;
import dev.trae.benchmarks.BenchResult;
import dev.trae.benchmarks.BenchSuite;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.bedrock.BedrockRuntimeFake;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * SDK overhead per converse call: {@code BedrockClient.converse} (validation, mapping, resilience
 * decorators, usage and cost booking) against a raw AWS SDK {@code BedrockRuntimeClient.converse} to the
 * same Trae Local fake, both in one JMH run (sample mode, medians compared). Target: at most 5% at the median.
 */
public final class ConverseOverheadSuite implements BenchSuite {

    @Override
    public String name() {
        return "bedrock";
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        Options opts = new OptionsBuilder()
                .include(java.util.regex.Pattern.quote(Bench.class.getCanonicalName() + "."))
                // each benchmark runs in its own JVM per fork; several forks average out JIT and scheduling luck
                .forks(ctx.quick() ? 1 : 3)
                .warmupIterations(ctx.quick() ? 1 : 3).warmupTime(TimeValue.seconds(ctx.quick() ? 2 : 3))
                .measurementIterations(ctx.quick() ? 2 : 5).measurementTime(TimeValue.seconds(ctx.quick() ? 2 : 4))
                .jvmArgs("-Xmx512m")
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        double raw = Double.NaN;
        double trae = Double.NaN;
        double rawP90 = Double.NaN;
        double traeP90 = Double.NaN;
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            double p50 = r.getPrimaryResult().getStatistics().getPercentile(50);
            double p90 = r.getPrimaryResult().getStatistics().getPercentile(90);
            if (label.endsWith(".rawSdk")) {
                raw = p50;
                rawP90 = p90;
            } else if (label.endsWith(".traeClient")) {
                trae = p50;
                traeP90 = p90;
            }
        }
        List<BenchResult> out = new ArrayList<>();
        out.addAll(interleaved(ctx));
        out.add(BenchResult.plain(name(), "raw AWS SDK converse p50 (JMH, separate forks)", raw, "us/op"));
        double ratio = trae / raw;
        out.add(new BenchResult(name(), "BedrockClient.converse p50 (JMH, separate forks)", trae, "us/op",
                "raw AWS SDK converse p50 (JMH, separate forks)", raw, ratio, "", true));
        out.add(new BenchResult(name(), "BedrockClient.converse p90", traeP90, "us/op", "raw AWS SDK converse p90", rawP90,
                traeP90 / rawP90, "", true));
        return out;
    }

    /**
     * The primary measure: both clients against one fake in one JVM, alternating blocks of calls so that
     * whatever else the machine is doing hits both alike; medians of per-call times.
     */
    private List<BenchResult> interleaved(BenchContext ctx) {
        Bench b = new Bench();
        b.setUp();
        try {
            int rounds = ctx.quick() ? 10 : 40;
            int block = 100;
            for (int i = 0; i < 1500; i++) {
                b.rawSdk();
                b.traeClient();
            }
            long[] rawT = new long[rounds * block];
            long[] traeT = new long[rounds * block];
            int n = 0;
            for (int r = 0; r < rounds; r++) {
                boolean rawFirst = r % 2 == 0;
                for (int pass = 0; pass < 2; pass++) {
                    boolean doRaw = (pass == 0) == rawFirst;
                    for (int i = 0; i < block; i++) {
                        long t0 = System.nanoTime();
                        if (doRaw) {
                            b.rawSdk();
                        } else {
                            b.traeClient();
                        }
                        long dt = System.nanoTime() - t0;
                        (doRaw ? rawT : traeT)[n + i] = dt;
                    }
                }
                n += block;
            }
            double rawMed = median(rawT) / 1000.0;
            double traeMed = median(traeT) / 1000.0;
            double ratio = traeMed / rawMed;
            return List.of(
                    BenchResult.plain(name(), "raw AWS SDK converse p50 (interleaved, same JVM)", rawMed, "us/op"),
                    new BenchResult(name(), "BedrockClient.converse p50 (interleaved, same JVM)", traeMed, "us/op",
                            "raw AWS SDK converse p50 (interleaved, same JVM)", rawMed, ratio, "ratio <= 1.05", ratio <= 1.05));
        } finally {
            b.tearDown();
        }
    }

    private static double median(long[] v) {
        long[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2.0;
    }

    /** The JMH benchmarks: one loopback fake, the two clients. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public static class Bench {
        private TraeLocal local;
        private BedrockClient trae;
        private BedrockRuntimeClient raw;

        @Setup(Level.Trial)
        public void setUp() {
            local = TraeLocal.start();
            local.fake("bedrock-runtime", new BedrockRuntimeFake());
            TraeConfig config = local.config();
            trae = BedrockClient.create(config);
            raw = AwsClients.of(config).sync("bedrock-runtime", BedrockRuntimeClient::builder, AwsClients.Profile.GENERATIVE, b -> { });
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            trae.close();
            raw.close();
            local.close();
        }

        @Benchmark
        public ConverseResult traeClient() {
            return trae.converse(c -> c.modelId("amazon.nova-lite-v1:0").system("Be brief.").user("What is a fuel pump?")
                    .inference(i -> i.maxTokens(256)));
        }

        @Benchmark
        public ConverseResponse rawSdk() {
            return raw.converse(b -> b.modelId("amazon.nova-lite-v1:0")
                    .system(s -> s.text("Be brief."))
                    .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("What is a fuel pump?")).build())
                    .inferenceConfig(i -> i.maxTokens(256)));
        }
    }
}
