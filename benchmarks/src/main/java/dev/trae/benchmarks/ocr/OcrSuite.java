package dev.trae.benchmarks.ocr;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import com.sun.management.OperatingSystemMXBean;

import dev.trae.benchmarks.BenchContext;
import dev.trae.benchmarks.BenchResult;
import dev.trae.benchmarks.BenchSuite;
import dev.trae.ocr.OcrEngine;
import dev.trae.ocr.Preprocessing;
import dev.trae.ocr.model.BatchResult;
import dev.trae.ocr.model.FileResult;
import dev.trae.ocr.testing.CharacterErrorRate;
import dev.trae.ocr.testing.PageGenerator;
import dev.trae.ocr.testing.PageGenerator.Degradation;
import dev.trae.ocr.testing.SampleTexts;

/**
 * OCR accuracy and throughput. Builds an evaluation set of degraded pages (Russian, Ukrainian, English; several
 * fonts; skew, impulse noise, shadows, blur, low resolution and all of them at once) with ground truth, then
 * compares the character error rate of trae-ocr against plain {@code tesseract IMG - -l rus+ukr+eng} on the same
 * images, overall and per degradation, measures pages per minute against running the tesseract CLI once per
 * page, and removes one preprocessing step at a time (ablation).
 */
public final class OcrSuite implements BenchSuite {
    private static final String LANGS = "rus+ukr+eng";
    private static final List<Degradation> SET = List.of(Degradation.SKEW, Degradation.NOISE, Degradation.SHADOW,
            Degradation.BLUR, Degradation.LOW_RES, Degradation.COMBINED);

    /** One evaluation image. */
    private record Sample(Path file, Degradation degradation, String truth) {
    }

    @Override
    public String name() {
        return "ocr";
    }

    @Override
    public List<BenchResult> run(BenchContext ctx) throws Exception {
        int perDegradation = ctx.quick() ? 2 : 10;
        Path dir = ctx.workDir().resolve("ocr-eval");
        List<Sample> samples = buildSet(dir, perDegradation);
        ctx.out().printf("   evaluation set: %d images in %s (%s)%n", samples.size(), dir, PageGenerator.availableFonts());
        List<BenchResult> out = new ArrayList<>();
        List<Path> files = samples.stream().map(Sample::file).toList();

        // plain tesseract CLI, once per page, one after the other
        long t0 = System.nanoTime();
        List<String> plain = new ArrayList<>();
        for (Path f : files) {
            plain.add(tesseractCli(f));
        }
        double plainSeconds = (System.nanoTime() - t0) / 1e9;

        // trae-ocr: a pool of 2 native instances, batch job
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> ours = new ArrayList<>();
        double oursSeconds;
        try (OcrEngine engine = OcrEngine.builder().languages(LANGS).poolSize(Math.min(2, cores)).keepImages(false).build()) {
            engine.recognize(files.get(0)); // warm-up: JIT and first-use costs, as in a long-running service
            long t1 = System.nanoTime();
            BatchResult r = engine.batch(files).await(Duration.ofMinutes(30));
            oursSeconds = (System.nanoTime() - t1) / 1e9;
            for (FileResult fr : r.files()) {
                ours.add(fr.document().map(d -> d.text()).orElse(""));
            }

            // accuracy
            Map<Degradation, double[]> per = new EnumMap<>(Degradation.class);
            double sumOurs = 0;
            double sumPlain = 0;
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                double o = CharacterErrorRate.of(s.truth(), ours.get(i));
                double p = CharacterErrorRate.of(s.truth(), plain.get(i));
                sumOurs += o;
                sumPlain += p;
                double[] acc = per.computeIfAbsent(s.degradation(), k -> new double[3]);
                acc[0] += o;
                acc[1] += p;
                acc[2]++;
            }
            double cerOurs = sumOurs / samples.size();
            double cerPlain = sumPlain / samples.size();
            out.add(new BenchResult(name(), "CER overall (" + samples.size() + " images)", cerOurs, "CER",
                    "plain tesseract CLI " + LANGS, cerPlain, improvement(cerPlain, cerOurs), "CER <= 0.05", cerOurs <= 0.05));
            for (Map.Entry<Degradation, double[]> e : per.entrySet()) {
                double o = e.getValue()[0] / e.getValue()[2];
                double p = e.getValue()[1] / e.getValue()[2];
                boolean targeted = e.getKey() == Degradation.SKEW || e.getKey() == Degradation.NOISE || e.getKey() == Degradation.SHADOW;
                double ratio = improvement(p, o);
                out.add(new BenchResult(name(), "CER " + e.getKey().name().toLowerCase(Locale.ROOT), o, "CER",
                        "plain tesseract CLI", p, ratio, targeted ? "plain/ours >= 5" : "", !targeted || ratio >= 5));
            }

            // throughput: the machine is shared and its load drifts, so the three ways are timed in interleaved
            // rounds on the same pages and the median of the per-round ratios is reported. The output of the
            // timed runs is scored too, so that speed is never bought with accuracy.
            int rounds = ctx.quick() ? 1 : 5;
            int chunkSize = Math.min(files.size(), ctx.quick() ? 12 : 20);
            List<double[]> ppm = new ArrayList<>();
            double timedCerOurs = 0;
            double timedCerCli = 0;
            int timedPages = 0;
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int round = 0; round < rounds; round++) {
                List<Integer> chunk = new ArrayList<>();
                for (int i = 0; i < chunkSize; i++) {
                    chunk.add((round * chunkSize + i * 3) % files.size());
                }
                List<Path> chunkFiles = chunk.stream().map(files::get).toList();
                long a = System.nanoTime();
                List<String> cliOut = new ArrayList<>();
                for (Path f : chunkFiles) {
                    cliOut.add(tesseractCli(f));
                }
                double seq = chunk.size() / ((System.nanoTime() - a) / 1e9) * 60;
                // for reference: the CLI with OpenMP off, which is faster than its default on a busy machine
                long a1 = System.nanoTime();
                for (Path f : chunkFiles) {
                    tesseractCli(f, true);
                }
                double seqOmp1 = chunk.size() / ((System.nanoTime() - a1) / 1e9) * 60;
                long cpu0 = os.getProcessCpuTime();
                long b = System.nanoTime();
                BatchResult timed = engine.batch(chunkFiles).await(Duration.ofMinutes(10));
                double oursSecs = (System.nanoTime() - b) / 1e9;
                double coresUsed = (os.getProcessCpuTime() - cpu0) / 1e9 / oursSecs;
                double mine = chunk.size() / oursSecs * 60;
                double par = parallelCli(chunkFiles, Math.min(2, cores), false);
                double parOmp1 = parallelCli(chunkFiles, Math.min(2, cores), true);
                ppm.add(new double[] {mine, seq, par, seqOmp1, parOmp1});
                for (int i = 0; i < chunk.size(); i++) {
                    String truth = samples.get(chunk.get(i)).truth();
                    timedCerOurs += CharacterErrorRate.of(truth, timed.files().get(i).document().map(d -> d.text()).orElse(""));
                    timedCerCli += CharacterErrorRate.of(truth, cliOut.get(i));
                    timedPages++;
                }
                ctx.out().printf("   throughput round %d: ours %.1f (%.2f cores busy), CLI sequential %.1f, CLI 2 parallel %.1f,"
                        + " with OMP_THREAD_LIMIT=1: CLI sequential %.1f, CLI 2 parallel %.1f pages/min%n", round + 1, mine, coresUsed,
                        seq, par, seqOmp1, parOmp1);
            }
            double oursPpm = median(ppm, 0);
            double plainPpm = median(ppm, 1);
            double parallelPpm = median(ppm, 2);
            double ratioSeq = medianRatio(ppm, 0, 1);
            double ratioPar = medianRatio(ppm, 0, 2);
            double omp1Ppm = median(ppm, 3);
            double ratioOmp1 = medianRatio(ppm, 0, 3);
            ctx.out().printf("   (the first full pass: ours %.1f pages/min in the batch, plain CLI %.1f pages/min)%n",
                    files.size() / oursSeconds * 60, files.size() / plainSeconds * 60);
            out.add(new BenchResult(name(), "throughput, pool of " + engine.poolSize() + " on " + cores + " cores (median of "
                    + rounds + " rounds)", oursPpm, "pages/min", "tesseract CLI once per page, sequential", plainPpm, ratioSeq,
                    "ratio >= 1.5", ratioSeq >= 1.5));
            out.add(new BenchResult(name(), "throughput vs 2 CLI processes at once", oursPpm, "pages/min",
                    "tesseract CLI once per page, 2 in parallel", parallelPpm, ratioPar, "", true));
            out.add(new BenchResult(name(), "throughput vs CLI with OMP_THREAD_LIMIT=1 (reference)", oursPpm, "pages/min",
                    "tesseract CLI once per page, sequential, OpenMP off", omp1Ppm, ratioOmp1, "", true));
            out.add(new BenchResult(name(), "throughput vs 2 CLI processes with OMP_THREAD_LIMIT=1 (reference)", oursPpm,
                    "pages/min", "tesseract CLI once per page, 2 in parallel, OpenMP off", median(ppm, 4), medianRatio(ppm, 0, 4), "",
                    true));
            double cerTimed = timedCerOurs / timedPages;
            double cerTimedCli = timedCerCli / timedPages;
            out.add(new BenchResult(name(), "CER of the timed rounds' output (" + timedPages + " pages)", cerTimed, "CER",
                    "plain tesseract CLI, same timed pages", cerTimedCli, improvement(cerTimedCli, cerTimed), "CER <= 0.05",
                    cerTimed <= 0.05));

            // ablation: every step removed in turn, on a subset
            if (!ctx.quick()) {
                List<Sample> subset = new ArrayList<>();
                Map<Degradation, Integer> taken = new EnumMap<>(Degradation.class);
                for (Sample s : samples) {
                    if (taken.merge(s.degradation(), 1, Integer::sum) <= 4) {
                        subset.add(s);
                    }
                }
                double full = meanCer(engine, subset, Preprocessing.defaults(), null);
                out.add(new BenchResult(name(), "ablation: all default steps (" + subset.size() + " images)", full, "CER", "", Double.NaN,
                        Double.NaN, "", true));
                for (Preprocessing.Step step : Preprocessing.Step.values()) {
                    Preprocessing p = Preprocessing.defaults().has(step) ? Preprocessing.defaults().without(step)
                            : Preprocessing.defaults().with(step);
                    String label = (Preprocessing.defaults().has(step) ? "ablation: without " : "ablation: with ") + step;
                    Map<Degradation, Double> byDeg = new LinkedHashMap<>();
                    double cer = meanCer(engine, subset, p, byDeg);
                    ctx.out().printf("   %s: CER %.4f, per degradation %s%n", label, cer, byDeg);
                    out.add(new BenchResult(name(), label, cer, "CER", "all default steps", full, cer / Math.max(full, 1e-3), "", true));
                }
                double none = meanCer(engine, subset, Preprocessing.none(), null);
                out.add(new BenchResult(name(), "ablation: no preprocessing (same engine)", none, "CER", "all default steps", full,
                        none / Math.max(full, 1e-3), "", true));
            }
        }
        return out;
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        return v[v.length / 2];
    }

    private static double medianRatio(List<double[]> rows, int num, int den) {
        double[] v = rows.stream().mapToDouble(r -> r[num] / r[den]).sorted().toArray();
        return v[v.length / 2];
    }

    /** How many times lower our CER is (plain / ours), with ours floored at 0.001 so that a perfect score stays finite. */
    private static double improvement(double plain, double ours) {
        return plain / Math.max(ours, 0.001);
    }

    private static double meanCer(OcrEngine engine, List<Sample> subset, Preprocessing p, Map<Degradation, Double> byDeg) {
        double sum = 0;
        Map<Degradation, double[]> acc = new EnumMap<>(Degradation.class);
        for (Sample s : subset) {
            String text;
            try {
                text = engine.recognize(s.file(), p).text();
            } catch (RuntimeException e) {
                text = "";
            }
            double c = CharacterErrorRate.of(s.truth(), text);
            sum += c;
            double[] a = acc.computeIfAbsent(s.degradation(), k -> new double[2]);
            a[0] += c;
            a[1]++;
        }
        if (byDeg != null) {
            acc.forEach((k, v) -> byDeg.put(k, Math.round(v[0] / v[1] * 10000) / 10000.0));
        }
        return sum / subset.size();
    }

    private static List<Sample> buildSet(Path dir, int perDegradation) throws IOException {
        Files.createDirectories(dir);
        List<String> fonts = PageGenerator.availableFonts();
        SampleTexts.Language[] langs = SampleTexts.Language.values();
        float[] sizes = {10, 11, 12};
        List<Sample> out = new ArrayList<>();
        int n = 0;
        for (Degradation d : SET) {
            for (int i = 0; i < perDegradation; i++, n++) {
                SampleTexts.Language lang = langs[n % langs.length];
                String font = fonts.get((n / langs.length + i) % fonts.size());
                long seed = 1000L * d.ordinal() + i;
                PageGenerator.Page page = PageGenerator.samplePage(lang, 8, font, sizes[i % sizes.length], seed);
                Path f = dir.resolve(String.format(Locale.ROOT, "%s-%02d-%s.png", d.name().toLowerCase(Locale.ROOT), i, lang.code()));
                ImageIO.write(PageGenerator.degrade(page.image(), d, seed + 17), "png", f.toFile());
                Files.writeString(dir.resolve(f.getFileName() + ".gt.txt"), page.groundTruth(), StandardCharsets.UTF_8);
                out.add(new Sample(f, d, page.groundTruth()));
            }
        }
        return out;
    }

    /**
     * Runs the CLI as a user would: with the environment this JVM started with. Setting it explicitly matters:
     * a child process otherwise inherits the live C environment, which native libraries may have changed
     * (an OpenMP limit, for example).
     */
    private static String tesseractCli(Path image) throws IOException, InterruptedException {
        return tesseractCli(image, false);
    }

    private static String tesseractCli(Path image, boolean openMpOff) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("tesseract", image.toString(), "-", "-l", LANGS)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(System.getenv());
        if (openMpOff) {
            pb.environment().put("OMP_THREAD_LIMIT", "1");
        }
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            return "";
        }
        return text;
    }

    private static double parallelCli(List<Path> files, int threads, boolean openMpOff) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<String>> fs = new ArrayList<>();
            for (Path f : files) {
                fs.add(pool.submit(() -> tesseractCli(f, openMpOff)));
            }
            for (Future<String> f : fs) {
                f.get();
            }
            return files.size() / ((System.nanoTime() - t0) / 1e9) * 60;
        } finally {
            pool.shutdownNow();
        }
    }
}
