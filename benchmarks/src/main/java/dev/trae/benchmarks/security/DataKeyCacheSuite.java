package dev.trae.benchmarks.security;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        out.add(localStreaming(ctx));
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

    private BenchResult localStreaming(BenchContext ctx) throws Exception {
        int mb = ctx.quick() ? 16 : 128;
        Path dir = Files.createDirectories(ctx.workDir().resolve("security"));
        Path key = dir.resolve("bench.key");
        Path file = dir.resolve("stream.enc");
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(key)) {
            long t = System.nanoTime();
            try (OutputStream o = kms.encryptingStream(Files.newOutputStream(file), CTX)) {
                for (int i = 0; i < mb; i++) {
                    o.write(chunk);
                }
            }
            double encSeconds = (System.nanoTime() - t) / 1e9;
            long t2 = System.nanoTime();
            long total = 0;
            try (var in = kms.decryptingStream(Files.newInputStream(file), CTX)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
            }
            double decSeconds = (System.nanoTime() - t2) / 1e9;
            if (total != (long) mb << 20) {
                throw new IllegalStateException("stream round trip lost bytes");
            }
            Files.deleteIfExists(file);
            double enc = mb / encSeconds;
            double dec = mb / decSeconds;
            return new BenchResult(name(), "local keyring streaming decrypt (verify pass + release pass), " + mb + " MiB",
                    dec, "MiB/s", "streaming encrypt", enc, dec / enc, "", true);
        }
    }
}
