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
        out.add(BenchResult.plain(name(), "raw AWS SDK converse p50", raw, "us/op"));
        double ratio = trae / raw;
        out.add(new BenchResult(name(), "BedrockClient.converse p50", trae, "us/op", "raw AWS SDK converse p50", raw, ratio,
                "ratio <= 1.05", ratio <= 1.05));
        out.add(new BenchResult(name(), "BedrockClient.converse p90", traeP90, "us/op", "raw AWS SDK converse p90", rawP90,
                traeP90 / rawP90, "", true));
        return out;
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
