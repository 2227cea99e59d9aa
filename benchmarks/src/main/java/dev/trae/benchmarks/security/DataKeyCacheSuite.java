package dev.trae.benchmarks.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.trae.benchmarks.BenchContext;
import dev.trae.benchmarks.BenchResult;
import dev.trae.benchmarks.BenchSuite;
import dev.trae.security.DataKeyCachePolicy;
import dev.trae.security.EnvelopeKeyProvider;
import dev.trae.security.EnvelopeOptions;
import dev.trae.security.KmsKeyProviders;
import dev.trae.security.LocalKeyring;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.aws.kms.KmsFake;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Bulk envelope encryption against the Trae Local KMS fake: KMS calls (GenerateDataKey + Decrypt) and
 * throughput with a data-key cache (5 minutes, 500 envelopes per key) against the same work without a
 * cache, in the same run; plus streaming throughput of the local raw AES keyring.
 */
public final class DataKeyCacheSuite implements BenchSuite {
    static final Map<String, String> CTX = Map.of("purpose", "bench-bulk");

    @Override
    public String name() {
        return "security";
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int objects = ctx.quick() ? 200 : 2_000;
        byte[][] payloads = new byte[objects][];
        Random r = new Random(42);
        for (int i = 0; i < objects; i++) {
            payloads[i] = new byte[4096];
            r.nextBytes(payloads[i]);
        }
        List<BenchResult> out = new ArrayList<>();
        try (TraeLocal local = TraeLocal.start()) {
            KmsFake kms = local.fake("kms", new KmsFake());
            String arn = kms.createKey("alias/bench");
            // warm-up of both paths (JIT, connection pool)
            try (EnvelopeKeyProvider warm = KmsKeyProviders.awsKms(local.config(), arn)) {
                for (int i = 0; i < 30; i++) {
                    warm.decrypt(warm.encrypt(payloads[i], CTX), CTX);
                }
            }
            kms.resetCounts();
            long t0 = System.nanoTime();
            try (EnvelopeKeyProvider plain = KmsKeyProviders.awsKms(local.config(), arn)) {
                bulk(plain, payloads);
            }
            double plainSeconds = (System.nanoTime() - t0) / 1e9;
            int plainCalls = kms.cryptoCalls();

            kms.resetCounts();
            long t1 = System.nanoTime();
            try (EnvelopeKeyProvider cached = KmsKeyProviders.awsKms(local.config(), arn,
                    DataKeyCachePolicy.of(Duration.ofMinutes(5), 500))) {
                bulk(cached, payloads);
            }
            double cachedSeconds = (System.nanoTime() - t1) / 1e9;
            int cachedCalls = kms.cryptoCalls();

            double ratio = (double) cachedCalls / plainCalls;
            out.add(new BenchResult(name(), "KMS calls to encrypt+decrypt " + objects + " x 4 KiB, data-key cache (500 uses, 5 min)",
                    cachedCalls, "calls", "no cache (one data key per object)", plainCalls, ratio,
                    "ratio <= 0.02", ratio <= 0.02));
            double plainRate = objects / plainSeconds;
            double cachedRate = objects / cachedSeconds;
            out.add(new BenchResult(name(), "bulk encrypt+decrypt throughput with data-key cache (loopback KMS)",
                    cachedRate, "objects/s", "no cache", plainRate, cachedRate / plainRate, "ratio >= 1.0", cachedRate >= plainRate));

            long t2 = System.nanoTime();
            try (EnvelopeKeyProvider unsigned = KmsKeyProviders.awsKms(local.config(), arn,
                    DataKeyCachePolicy.of(Duration.ofMinutes(5), 500), EnvelopeOptions.defaults().signed(false))) {
                bulk(unsigned, payloads);
            }
            double unsignedRate = objects / ((System.nanoTime() - t2) / 1e9);
            out.add(new BenchResult(name(), "bulk throughput, data-key cache + unsigned suite (no ECDSA P-384)",
                    unsignedRate, "objects/s", "data-key cache, signed suite", cachedRate, unsignedRate / cachedRate, "", true));
        }
        out.addAll(streaming(ctx));
        return out;
    }

    private static void bulk(EnvelopeKeyProvider p, byte[][] payloads) {
        List<byte[]> boxes = new ArrayList<>(payloads.length);
        for (byte[] b : payloads) {
            boxes.add(p.encrypt(b, CTX));
        }
        for (int i = 0; i < payloads.length; i++) {
            if (!Arrays.equals(p.decrypt(boxes.get(i), CTX), payloads[i])) {
                throw new IllegalStateException("round trip mismatch at " + i);
            }
        }
    }

    /**
     * One JMH run of {@link StreamingBench} at the default frame size: Trae's stream encrypt and verified decrypt against
     * the raw ESDK at the same settings (targets: >= 200 MiB/s encrypt, >= 100 MiB/s verified decrypt, overhead <= 10%).
     */
    private List<BenchResult> streaming(BenchContext ctx) throws Exception {
        int mib = ctx.quick() ? 16 : 128;
        Options opts = new OptionsBuilder().include(java.util.regex.Pattern.quote(StreamingBench.class.getCanonicalName() + "."))
                .param("frameSize", Integer.toString(EnvelopeOptions.defaults().frameSize())).param("mib", Integer.toString(mib))
                .forks(1).warmupIterations(ctx.quick() ? 1 : 2).measurementIterations(ctx.quick() ? 2 : 5)
                .jvmArgs("-Xmx3g").build();
        Map<String, Double> ms = new java.util.HashMap<>();
        for (RunResult r : new Runner(opts).run()) {
            String b = r.getParams().getBenchmark();
            ms.put(b.substring(b.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        double traeEnc = mib / (ms.get("traeEncrypt") / 1000);
        double esdkEnc = mib / (ms.get("esdkEncrypt") / 1000);
        double traeDec = mib / (ms.get("traeDecryptVerified") / 1000);
        double traeDecMem = mib / (ms.get("traeDecryptVerifiedInMemory") / 1000);
        double esdkDec = mib / (ms.get("esdkDecryptVerified") / 1000);
        double esdkDecUnverified = mib / (ms.get("esdkDecryptStreamUnverified") / 1000);
        String frame = EnvelopeOptions.defaults().frameSize() / 1024 + " KiB frames";
        List<BenchResult> out = new ArrayList<>();
        out.add(new BenchResult(name(), "#17.7 stream encrypt, local keyring, signed suite, " + mib + " MiB, " + frame, traeEnc, "MiB/s",
                "raw ESDK encrypting stream, same suite/frame/keyring/commitment", esdkEnc, traeEnc / esdkEnc,
                ">= 200 MiB/s and >= 0.9x ESDK", traeEnc >= 200 && traeEnc / esdkEnc >= 0.9));
        // like for like: Trae's default stream against the ESDK's own decrypting stream (same suite, frame size, keyring and
        // commitment policy, both streaming with bounded memory; the ESDK's stream does less, as it releases frames before
        // the signature check), and the in-memory variant against the ESDK's in-memory decryptData
        out.add(new BenchResult(name(), "#17.7 verified stream decrypt, defaults (one pass; plaintext over 8 MiB held sealed in a temp file), "
                + mib + " MiB, " + frame, traeDec, "MiB/s", "raw ESDK decrypting input stream, same suite/frame/keyring/commitment "
                + "(releases frames before the signature check)", esdkDecUnverified, traeDec / esdkDecUnverified,
                ">= 100 MiB/s and >= 0.9x ESDK", traeDec >= 100 && traeDec / esdkDecUnverified >= 0.9));
        out.add(new BenchResult(name(), "#17.7 verified stream decrypt, plaintext held in memory (releaseMemoryBytes >= payload), "
                + mib + " MiB, " + frame, traeDecMem, "MiB/s", "raw ESDK decryptData (whole message in memory, verified), same settings",
                esdkDec, traeDecMem / esdkDec, ">= 100 MiB/s and >= 0.9x ESDK", traeDecMem >= 100 && traeDecMem / esdkDec >= 0.9));
        out.add(new BenchResult(name(), "#17.7 reference: Trae's default stream against raw ESDK decryptData (in memory: a different "
                + "memory setting, shown for completeness)", traeDec, "MiB/s", "raw ESDK decryptData", esdkDec, traeDec / esdkDec, "", true));
        out.add(new BenchResult(name(), "#17.7 reference: raw ESDK decrypting input stream against its own decryptData, "
                + mib + " MiB, " + frame, esdkDecUnverified, "MiB/s", "raw ESDK decryptData", esdkDec, esdkDecUnverified / esdkDec, "", true));
        return out;
    }
}
