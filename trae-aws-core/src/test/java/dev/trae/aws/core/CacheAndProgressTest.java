package dev.trae.aws.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.trae.aws.core.cache.CacheKey;
import dev.trae.aws.core.cache.ContentCache;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.aws.core.progress.ProgressTracker;

class CacheAndProgressTest {

    @Test
    void cacheKey_isStableAndSensitiveToEveryPart() {
        byte[] img = "image".getBytes(StandardCharsets.UTF_8);
        CacheKey a = CacheKey.builder("rekognition:DetectLabels").add("min", 80).add(img).build();
        CacheKey b = CacheKey.builder("rekognition:DetectLabels").add("min", 80).add(img).build();
        CacheKey c = CacheKey.builder("rekognition:DetectLabels").add("min", 81).add(img).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(a.hex()).hasSize(64).matches("[0-9a-f]+");
        // length prefixes: different splits of the same bytes differ
        assertThat(CacheKey.builder("n").add("ab").add("c").build()).isNotEqualTo(CacheKey.builder("n").add("a").add("bc").build());
    }

    @Test
    void contentCache_loadsOncePerKey() {
        ContentCache<String> cache = ContentCache.create(CacheSettings.defaults(), String::length);
        AtomicInteger loads = new AtomicInteger();
        CacheKey k = CacheKey.of("ns", new byte[] {1});
        assertThat(cache.get(k, x -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.get(k, x -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        assertThat(loads).hasValue(1);
        assertThat(cache.hitCount()).isEqualTo(1);
        assertThat(cache.missCount()).isEqualTo(1);
    }

    @Test
    void contentCache_isBoundedByBytes() {
        ContentCache<byte[]> cache = ContentCache.create(CacheSettings.of(1000, 10_000, Duration.ofMinutes(1)), v -> v.length);
        for (int i = 0; i < 100; i++) {
            cache.put(CacheKey.of("ns", new byte[] {(byte) i}), new byte[1000]);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void contentCache_disabled_alwaysLoads() {
        ContentCache<String> cache = ContentCache.create(CacheSettings.disabled(), String::length);
        AtomicInteger loads = new AtomicInteger();
        CacheKey k = CacheKey.of("ns", new byte[] {1});
        cache.get(k, x -> "v" + loads.incrementAndGet());
        cache.get(k, x -> "v" + loads.incrementAndGet());
        assertThat(loads).hasValue(2);
    }

    @Test
    void progressTracker_reportsRateEtaAndSurvivesBadListener() {
        ProgressTracker t = new ProgressTracker("job-1", "rows", 100);
        AtomicInteger seen = new AtomicInteger();
        t.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        t.addListener(e -> seen.incrementAndGet());
        t.advance(25);
        t.advance(25);
        ProgressEvent e = t.last();
        assertThat(seen).hasValue(2);
        assertThat(e.done()).isEqualTo(50);
        assertThat(e.fraction()).hasValue(0.5);
        assertThat(e.ratePerSecond()).isPositive();
        assertThat(e.eta()).isPresent();
        assertThat(e.toString()).contains("50/100 rows");
    }

    @Test
    void progressEvent_unknownTotal_hasNoEta() {
        ProgressEvent e = new ProgressEvent("j", "", 10, -1, "files", 5, Duration.ofSeconds(2), "");
        assertThat(e.fraction()).isEmpty();
        assertThat(e.eta()).isEmpty();
    }

    @Test
    void linesListener_printsFinalLine() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ProgressTracker t = new ProgressTracker("j", "pages", 2);
        t.addListener(ProgressListener.lines(new PrintStream(bos, true, StandardCharsets.UTF_8), 60_000));
        t.advance(1);
        t.advance(1);
        assertThat(bos.toString(StandardCharsets.UTF_8)).contains("2/2 pages");
    }
}
