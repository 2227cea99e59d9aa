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
import dev.trae.ocr.testing.PhotoGenerator;
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

    /**
     * Which parts run: {@code accuracy, throughput, ablation, photos, cost, cli} (all by default); the environment
     * variable {@code OCR_BENCH_PARTS} picks some, comma-separated, for a shorter run on a busy machine.
     */
    private static boolean part(String name) {
        String parts = System.getenv("OCR_BENCH_PARTS");
        return parts == null || parts.isBlank() || List.of(parts.split(",")).contains(name);
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
            plain.add(part("accuracy") ? tesseractCli(f) : "");
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

            if (part("accuracy")) {
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
                out.add(new BenchResult(name(), "CER overall, scan set (" + samples.size() + " images)", cerOurs, "CER",
                        "plain tesseract CLI " + LANGS, cerPlain, improvement(cerPlain, cerOurs), "CER <= 0.006 (#21)", cerOurs <= 0.006));
                for (Map.Entry<Degradation, double[]> e : per.entrySet()) {
                    double o = e.getValue()[0] / e.getValue()[2];
                    double p = e.getValue()[1] / e.getValue()[2];
                    boolean targeted = e.getKey() == Degradation.SKEW || e.getKey() == Degradation.NOISE || e.getKey() == Degradation.SHADOW;
                    double ratio = improvement(p, o);
                    out.add(new BenchResult(name(), "CER " + e.getKey().name().toLowerCase(Locale.ROOT), o, "CER",
                            "plain tesseract CLI", p, ratio, targeted ? "plain/ours >= 5" : "", !targeted || ratio >= 5));
                }
            }

            // throughput: the machine is shared and its load drifts, so the three ways are timed in interleaved
            // rounds on the same pages and the median of the per-round ratios is reported. The output of the
            // timed runs is scored too, so that speed is never bought with accuracy.
            int rounds = !part("throughput") ? 0 : ctx.quick() ? 1 : 5;
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
            if (rounds == 0) {
                return photoAndCli(ctx, engine, files, samples, out);
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
            if (!ctx.quick() && part("ablation")) {
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
            return photoAndCli(ctx, engine, files, samples, out);
        }
    }

    private List<BenchResult> photoAndCli(BenchContext ctx, OcrEngine engine, List<Path> files, List<Sample> samples,
                                          List<BenchResult> out) throws Exception {
        if (part("photos")) {
            out.addAll(photos(ctx, engine));
        }
        if (part("cost")) {
            out.addAll(photoPipelineCost(ctx, engine, files));
        }
        if (part("cli")) {
            out.addAll(cliThroughput(ctx, samples));
        }
        return out;
    }

    // ------------------------------------------------------------------ photos (#21)

    /** One photo of the photo set. */
    private record PhotoSample(Path file, PhotoGenerator.Kind kind, String truth) {
    }

    private static List<PhotoSample> buildPhotoSet(Path dir, int perKind) throws IOException {
        Files.createDirectories(dir);
        List<String> fonts = PageGenerator.availableFonts();
        SampleTexts.Language[] langs = SampleTexts.Language.values();
        float[] sizes = {10, 11, 12};
        List<PhotoSample> out = new ArrayList<>();
        int n = 0;
        for (PhotoGenerator.Kind k : PhotoGenerator.Kind.values()) {
            for (int i = 0; i < perKind; i++, n++) {
                SampleTexts.Language lang = langs[n % langs.length];
                long seed = 5000L + 100L * k.ordinal() + i;
                PageGenerator.Page page = PageGenerator.samplePage(lang, 12, fonts.get((n / langs.length + i) % fonts.size()),
                        sizes[i % sizes.length], seed);
                PhotoGenerator.Photo photo = PhotoGenerator.photo(page.image(), k, seed + 3);
                Path f = dir.resolve(String.format(Locale.ROOT, "photo-%s-%02d-%s.%s", k.name().toLowerCase(Locale.ROOT), i, lang.code(),
                        photo.ext()));
                Files.write(f, photo.bytes());
                Files.writeString(dir.resolve(f.getFileName() + ".gt.txt"), page.groundTruth(), StandardCharsets.UTF_8);
                out.add(new PhotoSample(f, k, page.groundTruth()));
            }
        }
        return out;
    }

    /**
     * The photo set: every degradation of #21 (keystone, curl, dark warm light, Gaussian noise, motion blur, JPEG
     * q30-45, 55 % downscale, and all at once), CER per category against plain tesseract on the same files, and
     * the ablation of the photo steps.
     */
    private List<BenchResult> photos(BenchContext ctx, OcrEngine engine) throws Exception {
        int perKind = ctx.quick() ? 1 : 6;
        List<PhotoSample> set = buildPhotoSet(ctx.workDir().resolve("ocr-photos"), perKind);
        List<Path> files = set.stream().map(PhotoSample::file).toList();
        ctx.out().printf("   photo set: %d photos (%d per category)%n", set.size(), perKind);
        BatchResult r = engine.batch(files).await(Duration.ofMinutes(30));
        Map<PhotoGenerator.Kind, double[]> per = new EnumMap<>(PhotoGenerator.Kind.class);
        double sumOurs = 0;
        double sumPlain = 0;
        for (int i = 0; i < set.size(); i++) {
            PhotoSample s = set.get(i);
            double o = CharacterErrorRate.of(s.truth(), r.files().get(i).document().map(d -> d.text()).orElse(""));
            double p = CharacterErrorRate.of(s.truth(), tesseractCli(s.file()));
            sumOurs += o;
            sumPlain += p;
            double[] acc = per.computeIfAbsent(s.kind(), k -> new double[3]);
            acc[0] += o;
            acc[1] += p;
            acc[2]++;
            ctx.out().printf("   %s: CER %.4f (plain %.4f) %s%n", s.file().getFileName(), o, p,
                    r.files().get(i).document().map(d -> d.pages().get(0).preprocessing().applied().toString()).orElse("failed"));
        }
        List<BenchResult> out = new ArrayList<>();
        double o = sumOurs / set.size();
        double p = sumPlain / set.size();
        out.add(new BenchResult(name(), "photo set CER overall (" + set.size() + " photos)", o, "CER", "plain tesseract CLI " + LANGS, p,
                improvement(p, o), "CER <= 0.02", o <= 0.02));
        for (Map.Entry<PhotoGenerator.Kind, double[]> e : per.entrySet()) {
            double co = e.getValue()[0] / e.getValue()[2];
            double cp = e.getValue()[1] / e.getValue()[2];
            out.add(new BenchResult(name(), "photo CER " + e.getKey().name().toLowerCase(Locale.ROOT), co, "CER", "plain tesseract CLI", cp,
                    improvement(cp, co), "CER <= 0.04", co <= 0.04));
        }
        if (!ctx.quick() && part("ablation")) {
            // on every other photo (3 per category) to keep the run short
            List<PhotoSample> sub = new ArrayList<>();
            for (int i = 0; i < set.size(); i += 2) {
                sub.add(set.get(i));
            }
            double full = meanPhotoCer(engine, sub, Preprocessing.defaults());
            for (Preprocessing.Step step : List.of(Preprocessing.Step.RECTIFY, Preprocessing.Step.DEWARP, Preprocessing.Step.DENOISE,
                    Preprocessing.Step.FLATTEN_BACKGROUND, Preprocessing.Step.DESKEW, Preprocessing.Step.RESCALE)) {
                double cer = meanPhotoCer(engine, sub, Preprocessing.defaults().without(step));
                ctx.out().printf("   photo ablation without %s: CER %.4f (all steps %.4f)%n", step, cer, full);
                out.add(new BenchResult(name(), "photo ablation (" + sub.size() + " photos): without " + step, cer, "CER", "all default steps", full,
                        cer / Math.max(full, 1e-3), "", true));
            }
        }
        return out;
    }

    private static double meanPhotoCer(OcrEngine engine, List<PhotoSample> set, Preprocessing p) {
        double sum = 0;
        for (PhotoSample s : set) {
            String text;
            try {
                text = engine.recognize(s.file(), p).text();
            } catch (RuntimeException e) {
                text = "";
            }
            sum += CharacterErrorRate.of(s.truth(), text);
        }
        return sum / set.size();
    }

    /**
     * What the photo steps cost on scans, in CPU seconds (the machine is shared, so wall time says more about the
     * neighbours than about us): the whole scan set with the default steps against the same without RECTIFY and
     * DEWARP, in alternating rounds; the process's CPU time per page, mean over the rounds.
     */
    private List<BenchResult> photoPipelineCost(BenchContext ctx, OcrEngine engine, List<Path> files) throws Exception {
        Preprocessing before = Preprocessing.defaults().without(Preprocessing.Step.RECTIFY).without(Preprocessing.Step.DEWARP);
        int rounds = ctx.quick() ? 1 : 3;
        List<Path> chunk = files;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double with = 0;
        double without = 0;
        for (int round = 0; round < rounds; round++) {
            long c0 = os.getProcessCpuTime();
            engine.batch(chunk, before).await(Duration.ofMinutes(30));
            long c1 = os.getProcessCpuTime();
            engine.batch(chunk, Preprocessing.defaults()).await(Duration.ofMinutes(30));
            long c2 = os.getProcessCpuTime();
            double s0 = (c1 - c0) / 1e9 / chunk.size();
            double s1 = (c2 - c1) / 1e9 / chunk.size();
            with += s1;
            without += s0;
            ctx.out().printf("   photo-step cost round %d: %.3f s CPU per page with, %.3f s without RECTIFY and DEWARP (%+.1f %%; load %.1f)%n",
                    round + 1, s1, s0, (s1 / s0 - 1) * 100, os.getSystemLoadAverage());
        }
        with /= rounds;
        without /= rounds;
        double cost = with / without - 1;
        return List.of(new BenchResult(name(), "CPU cost of the photo steps on the scan set (" + chunk.size() + " pages, mean of " + rounds
                        + " rounds)", cost * 100, "% more CPU", "defaults without RECTIFY, DEWARP", 0, Double.NaN, "cost <= 20 %", cost <= 0.20),
                new BenchResult(name(), "CPU per scan page, default steps (photo steps included)", with, "CPU s/page",
                        "defaults without RECTIFY, DEWARP", without, without / with, "", true));
    }

    // ------------------------------------------------------------------ the CLI as a whole process (#18.2)

    /**
     * {@code trae-ocr-cli.jar} as its Dockerfile runs it (one process, JVM start included) against
     * {@code ls *.png | OMP_THREAD_LIMIT=1 xargs -P2 -I{} tesseract {} - -l rus+ukr+eng}, in interleaved rounds on
     * the same pages; the CLI's output is scored too.
     */
    private List<BenchResult> cliThroughput(BenchContext ctx, List<Sample> samples) throws Exception {
        Path jar = Path.of("..", "trae-ocr", "target", "trae-ocr-cli.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            ctx.out().println("   CLI throughput skipped: " + jar + " is missing (mvn -pl trae-ocr -am package builds it)");
            return List.of();
        }
        int rounds = ctx.quick() ? 1 : 3;
        int n = Math.min(samples.size(), ctx.quick() ? 8 : 40);
        Path dir = Files.createDirectories(ctx.workDir().resolve("ocr-cli")).toAbsolutePath();
        List<Path> pages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(String.format(Locale.ROOT, "p%03d.png", i));
            Files.copy(samples.get(i * samples.size() / n).file(), f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            pages.add(f);
        }
        List<double[]> secs = new ArrayList<>();
        double cer = 0;
        double cerRef = 0;
        for (int round = 0; round < rounds; round++) {
            // /usr/bin/time reports the CPU seconds of the command and every process it waited for
            Path timeOurs = dir.resolve("time-ours.txt");
            Path timeRef = dir.resolve("time-ref.txt");
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", timeOurs.toString(), "java",
                    // as trae-ocr/Dockerfile runs it: C1 only and the serial collector (a short run: C2's and the
                    // parallel collector's threads cost more CPU than they save)
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
                    "--lang", LANGS));
            pages.forEach(p -> cmd.add(p.toString()));
            long a = System.nanoTime();
            String cliOut = run(new ProcessBuilder(cmd), dir);
            double ours = (System.nanoTime() - a) / 1e9;
            long b = System.nanoTime();
            run(new ProcessBuilder("/usr/bin/time", "-f", "%U %S", "-o", timeRef.toString(), "bash", "-c",
                    "ls *.png | OMP_THREAD_LIMIT=1 xargs -P2 -I{} sh -c 'tesseract {} - -l " + LANGS + " > {}.txt 2>/dev/null'"), dir);
            double reference = (System.nanoTime() - b) / 1e9;
            double cpuOurs = cpuSeconds(timeOurs);
            double cpuRef = cpuSeconds(timeRef);
            secs.add(new double[] {n / ours, n / reference, cpuOurs / n, cpuRef / n});
            ctx.out().printf("   CLI round %d: trae-ocr-cli %.1f s (%.2f s CPU per page), 2 OpenMP-off tesseract processes %.1f s (%.2f s CPU"
                    + " per page) for %d pages; load %.1f%n", round + 1, ours, cpuOurs / n, reference, cpuRef / n, n,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (round == 0) {
                Map<String, String> byFile = splitCliText(cliOut);
                for (int i = 0; i < n; i++) {
                    String truth = samples.get(i * samples.size() / n).truth();
                    cer += CharacterErrorRate.of(truth, byFile.getOrDefault(pages.get(i).toString(), ""));
                    Path txt = dir.resolve(pages.get(i).getFileName() + ".txt");
                    cerRef += CharacterErrorRate.of(truth, Files.isRegularFile(txt) ? Files.readString(txt) : "");
                }
                cer /= n;
                cerRef /= n;
            }
        }
        double ratio = medianRatio(secs, 0, 1);
        double cpuRatio = medianRatio(secs, 3, 2);
        return List.of(
                new BenchResult(name(), "CLI CPU seconds per page, whole process (" + n + " pages, median of " + rounds + " rounds)",
                        median(secs, 2), "CPU s/page", "ls *.png | OMP_THREAD_LIMIT=1 xargs -P2 tesseract", median(secs, 3), cpuRatio,
                        "pipeline/ours >= 1.5 (the load-independent proxy of the throughput target)", cpuRatio >= 1.5),
                new BenchResult(name(), "CLI throughput, whole process (" + n + " pages, median of " + rounds + " rounds)", median(secs, 0) * 60,
                        "pages/min", "ls *.png | OMP_THREAD_LIMIT=1 xargs -P2 tesseract", median(secs, 1) * 60, ratio, "ratio >= 1.5",
                        ratio >= 1.5),
                new BenchResult(name(), "CLI CER on the same pages", cer, "CER", "the xargs tesseract pipeline", cerRef,
                        improvement(cerRef, cer), "CER <= 0.008 (0.006 + 0.002)", cer <= 0.008));
    }

    /** User plus system seconds from a {@code /usr/bin/time -f "%U %S"} output file (NaN when missing). */
    private static double cpuSeconds(Path timeFile) throws IOException {
        if (!Files.isRegularFile(timeFile)) {
            return Double.NaN;
        }
        List<String> lines = Files.readAllLines(timeFile);
        String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
        return Double.parseDouble(f[0]) + Double.parseDouble(f[1]);
    }

    private static String run(ProcessBuilder pb, Path dir) throws IOException, InterruptedException {
        pb.directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(System.getenv());
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }

    /** The CLI's text output for many files ("==> FILE <==" before each) split by file. */
    private static Map<String, String> splitCliText(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        String current = null;
        StringBuilder sb = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (line.startsWith("==> ") && line.endsWith(" <==")) {
                if (current != null) {
                    m.put(current, sb.toString());
                }
                current = line.substring(4, line.length() - 4);
                sb.setLength(0);
            } else if (current != null) {
                sb.append(line).append('\n');
            }
        }
        if (current != null) {
            m.put(current, sb.toString());
        }
        return m;
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
