package dev.trae.benchmarks.vision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.vision.VisionBatchResult;
import dev.trae.aws.vision.ImageSource;
import dev.trae.aws.vision.VisionClient;
import dev.trae.aws.vision.model.Label;
import dev.trae.benchmarks.BenchContext;
import dev.trae.benchmarks.BenchResult;
import dev.trae.benchmarks.BenchSuite;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.rekognition.VisionScenes;

/**
 * Batch label detection against the Rekognition fake with 50 ms of service latency under a 20-TPS limit:
 * <ul>
 *   <li>achieved TPS of a 300-image batch (quick: 60) as a ratio of the limit, target at least 0.95;
 *       baseline in the same run: the same client called sequentially (one call at a time);</li>
 *   <li>throttling errors surfaced to the caller while the service throttles a burst of calls, target 0;</li>
 *   <li>calls made by a second pass over the same images, target 0 (content cache).</li>
 * </ul>
 */
public final class VisionBatchSuite implements BenchSuite {
    private static final double TPS = 20;

    @Override
    public String name() {
        return "vision";
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? 60 : 300;
        int sequential = ctx.quick() ? 20 : 60;
        int storm = ctx.quick() ? 40 : 100;
        List<BenchResult> out = new ArrayList<>();
        try (TraeLocal local = TraeLocal.start()) {
            local.fake("rekognition", new RekognitionFake());
            FakeAwsServer server = local.server("rekognition");
            server.faults().always("*", Fault.latency(Duration.ofMillis(50)));
            List<ImageSource> images = images(0, n);
            List<ImageSource> seqImages = images(100_000, sequential);
            List<ImageSource> stormImages = images(200_000, storm);
            try (VisionClient vision = VisionClient.builder().config(local.config()).rekognitionTps(TPS).parallelism(8).build()) {
                // warm-up: JIT, connections, limiter (not measured)
                vision.detectLabelsBatch(images(300_000, 10), null);

                long t0 = System.nanoTime();
                for (ImageSource s : seqImages) {
                    vision.detectLabels(s);
                }
                double seqTps = sequential / ((System.nanoTime() - t0) / 1e9);

                int before = server.count("DetectLabels");
                long t1 = System.nanoTime();
                VisionBatchResult<List<Label>> r = vision.detectLabelsBatch(images, null);
                double secs = (System.nanoTime() - t1) / 1e9;
                int calls = server.count("DetectLabels") - before;
                double tps = calls / secs;
                ctx.out().printf("batch: %d images, %d calls in %.2f s = %.2f calls/s (limit %.0f), %d failed%n", n, calls, secs, tps, TPS, r.failed());
                out.add(new BenchResult(name(), "batch achieved TPS (" + n + " images, 50 ms latency)", tps, "calls/s",
                        "rate limit", TPS, tps / TPS, "ratio >= 0.95", tps / TPS >= 0.95 && r.failed() == 0));
                out.add(new BenchResult(name(), "sequential TPS (same client, one call at a time)", seqTps, "calls/s",
                        "batch achieved TPS", tps, seqTps / tps, "", true));

                server.faults().next("DetectLabels", storm / 4, Fault.throttle());
                VisionBatchResult<List<Label>> s = vision.detectLabelsBatch(stormImages, null);
                long surfaced = s.items().stream().filter(i -> i.error().filter(e -> e instanceof TraeServiceException se && se.throttled()).isPresent()).count();
                ctx.out().printf("storm: %d images, %d throttles injected, %d throttling errors surfaced, %d failed%n", storm, storm / 4, surfaced, s.failed());
                out.add(new BenchResult(name(), "throttling errors surfaced (" + storm / 4 + " throttles injected)", surfaced, "errors",
                        "", Double.NaN, Double.NaN, "= 0", surfaced == 0 && s.failed() == 0));

                int beforeSecond = server.count("DetectLabels");
                long t2 = System.nanoTime();
                VisionBatchResult<List<Label>> again = vision.detectLabelsBatch(images, null);
                double secondMs = (System.nanoTime() - t2) / 1e6;
                int secondCalls = server.count("DetectLabels") - beforeSecond;
                ctx.out().printf("second pass: %d calls, %d from cache, %.1f ms%n", secondCalls, again.fromCache(), secondMs);
                out.add(new BenchResult(name(), "second pass calls (" + n + " cached images)", secondCalls, "calls",
                        "", Double.NaN, Double.NaN, "= 0", secondCalls == 0 && again.fromCache() == n));
                out.add(BenchResult.plain(name(), "second pass wall time", secondMs, "ms"));
            }
        }
        return out;
    }

    private static List<ImageSource> images(int seed, int count) {
        List<ImageSource> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(ImageSource.bytes("img-" + (seed + i), VisionScenes.photo(seed + i, 160, 120, i % 2 == 0)));
        }
        return list;
    }
}
