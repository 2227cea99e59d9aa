package dev.trae.benchmarks.bedrock;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.bedrock.CostLedger;
import dev.trae.aws.bedrock.ModelPriceTable;
import dev.trae.aws.bedrock.internal.KnownModels;
import dev.trae.aws.bedrock.internal.RequestValidator;
import dev.trae.aws.bedrock.internal.SdkMapper;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.TokenUsage;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeConfig;
import dev.trae.testkit.TraeLocal;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

/**
 * Where the time of {@code TraeBedrockClient.converse} goes, layer by layer, without the network: each Trae
 * layer is timed alone (ns and bytes allocated per call, calling thread), then both full calls are timed
 * against the fake, first with the block method used before (to show its spread), then in randomized
 * pairs (wall, calling-thread CPU, bytes allocated). Run by hand:
 * {@code java -cp <benchmarks class path> dev.trae.benchmarks.bedrock.ConverseOverheadProfile}; the suite
 * reports the same layer sum and pair measure.
 */
public final class ConverseOverheadProfile {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ConverseOverheadProfile() {
    }

    /** Per-call cost of one layer: median ns and mean bytes allocated over {@code n} calls after a warm-up. */
    static double[] layer(Supplier<?> s, int n) {
        Object sink = null;
        for (int i = 0; i < n; i++) {
            sink = s.get();
        }
        long[] t = new long[200];
        long tid = Thread.currentThread().getId();
        long b0 = THREADS.getThreadAllocatedBytes(tid);
        int per = Math.max(1, n / t.length);
        for (int k = 0; k < t.length; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < per; i++) {
                sink = s.get();
            }
            t[k] = (System.nanoTime() - t0) / per;
        }
        long bytes = (THREADS.getThreadAllocatedBytes(tid) - b0) / ((long) per * t.length);
        if (sink == null) {
            throw new IllegalStateException();
        }
        Arrays.sort(t);
        return new double[] {t[t.length / 2], bytes};
    }

    /**
     * The Trae layers of one {@code converse} call, each timed alone without the network: median ns and mean
     * bytes allocated per call, in call order.
     */
    static Map<String, double[]> layers(TraeConfig config, int n) {
        ConverseRequest req = ConverseRequest.builder().modelId("amazon.nova-lite-v1:0").system("Be brief.")
                .user("What is a fuel pump?").inference(i -> i.maxTokens(256)).build();
        ConverseResponse resp = ConverseResponse.builder()
                .output(o -> o.message(m -> m.role(ConversationRole.ASSISTANT).content(ContentBlock.fromText("A fuel pump moves fuel."))))
                .stopReason("end_turn").usage(u -> u.inputTokens(30).outputTokens(40).totalTokens(70)).metrics(m -> m.latencyMs(5L)).build();
        Resilience resilience = AwsClients.of(config).resilience();
        CostLedger ledger = CostLedger.create(ModelPriceTable.defaults());
        TokenUsage usage = new TokenUsage(30, 40, 0, 0);
        Map<String, double[]> out = new LinkedHashMap<>();
        try (TraeBedrockClient client = TraeBedrockClient.create(config)) {
            out.put("build request (lambda builder)", layer(() -> ConverseRequest.builder().modelId("amazon.nova-lite-v1:0")
                    .system("Be brief.").user("What is a fuel pump?").inference(i -> i.maxTokens(256)).build(), n));
            out.put("resolve model id", layer(() -> client.resolve(req.modelId()), n));
            out.put("validate request (incl. token estimate)", layer(() -> {
                RequestValidator.converse(req, KnownModels.capabilities(req.modelId()));
                return req;
            }, n));
            out.put("budget check", layer(() -> {
                ledger.checkBudget(req.app());
                return req;
            }, n));
            out.put("SdkMapper.converse (to SDK request)", layer(() -> SdkMapper.converse(req, req.modelId()), n));
            out.put("Resilience.call (4 decorators, no-op call)", layer(() -> resilience.call("bedrock-runtime", "Converse", () -> req), n));
            out.put("map response (message, usage)", layer(() -> {
                SdkMapper.usage(resp.usage());
                return SdkMapper.message(resp.output().message());
            }, n));
            out.put("CostLedger.record (usage, cost, budget)", layer(() -> ledger.record("default", req.modelId(), usage), n));
        }
        return out;
    }

    public static void main(String[] args) {
        try (TraeLocal local = TraeLocal.start()) {
            local.fake("bedrock-runtime", new dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake());
            double total = 0;
            double bytes = 0;
            for (Map.Entry<String, double[]> e : layers(local.config(), 200_000).entrySet()) {
                print(e.getKey(), e.getValue());
                total += e.getValue()[0];
                bytes += e.getValue()[1];
            }
            print("sum of Trae layers", new double[] {total, bytes});
            ConverseOverheadSuite.Bench b = new ConverseOverheadSuite.Bench();
            b.setUp();
            try {
                // the previous method first, in this fresh JVM: 1,500 warm-up pairs, then 40 rounds of two blocks of 100
                System.out.printf("old method (1,500 warm-up pairs, blocks of 100): ratio %.3f%n", oldMethod(b));
                System.out.printf("old method again (JVM now warm):                  ratio %.3f%n", oldMethod(b));
                ConverseOverheadSuite.Measurement m = ConverseOverheadSuite.pairs(b, 5_000, 20_000, new Random(42));
                System.out.println("randomized pairs: " + m);
                System.out.printf("old method after that:                          ratio %.3f%n", oldMethod(b));
            } finally {
                b.tearDown();
            }
        }
    }

    /** The measure used before: warm-up, then alternating blocks of 100 calls; ratio of the medians. */
    static double oldMethod(ConverseOverheadSuite.Bench b) {
        for (int i = 0; i < 1500; i++) {
            b.rawSdk();
            b.traeClient();
        }
        int rounds = 40;
        int block = 100;
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
                    (doRaw ? rawT : traeT)[n + i] = System.nanoTime() - t0;
                }
            }
            n += block;
        }
        Arrays.sort(rawT);
        Arrays.sort(traeT);
        return (double) traeT[traeT.length / 2] / rawT[rawT.length / 2];
    }

    private static void print(String what, double[] r) {
        System.out.printf("%-36s %10.0f ns %8.0f B%n", what, r[0], r[1]);
    }

    /** Bytes allocated so far by the calling thread. */
    static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** CPU time so far of the calling thread, ns. */
    static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
