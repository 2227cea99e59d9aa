package dev.trae.ocr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.JobStore;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.ocr.internal.Gray;
import dev.trae.ocr.internal.InputDecoder;
import dev.trae.ocr.internal.NativeTesseract;
import dev.trae.ocr.internal.PhotoCues;
import dev.trae.ocr.internal.Preprocessor;
import dev.trae.ocr.internal.TesseractPool;
import dev.trae.ocr.internal.Tessdata;
import dev.trae.ocr.model.BatchResult;
import dev.trae.ocr.model.PixelBox;
import dev.trae.ocr.model.FileResult;
import dev.trae.ocr.model.OcrBlock;
import dev.trae.ocr.model.OcrDocument;
import dev.trae.ocr.model.OcrLine;
import dev.trae.ocr.model.OcrPage;
import dev.trae.ocr.model.OcrWord;
import dev.trae.ocr.model.PageSource;
import dev.trae.ocr.model.PreprocessReport;

/**
 * Tesseract OCR that reads bad scans: a pool of native Tesseract instances (one per core by default, models
 * loaded once), image preparation for skewed, noisy, shadowed, blurred and low-resolution pages, PNG, JPEG,
 * TIFF, BMP and PDF input, structured results, and batches as {@link TraeJob}s. Thread-safe: share one
 * engine; pages of concurrent calls are recognised in parallel up to the pool size.
 *
 * <pre>{@code
 * try (OcrEngine engine = OcrEngine.builder().languages("rus+ukr+eng").build()) {
 *     OcrDocument doc = engine.recognize(Path.of("inspection.jpg"));
 *     System.out.println(doc.text());
 *     List<ExtractedField> fields = FieldExtractor.extract(doc);
 *     OcrWriter.write(doc, OcrFormat.PDF, Files.newOutputStream(Path.of("inspection.pdf")));
 * }
 * }</pre>
 *
 * <p>Needs the system Tesseract 5 library and language data ({@code apt-get install tesseract-ocr
 * libtesseract-dev tesseract-ocr-rus tesseract-ocr-ukr}). A missing language fails at {@link Builder#build()}
 * with the Debian package to install.
 */
public final class OcrEngine implements AutoCloseable {
    private final String languages;
    private final Path tessdata;
    private final PageSegMode pageSegMode;
    private final Preprocessing preprocessing;
    private final long maxPixels;
    private final long maxInputBytes;
    private final int pdfDpi;
    private final boolean usePdfTextLayer;
    private final boolean keepImages;
    private final float minLineConfidence;
    private final int pageTimeoutMillis;
    private final TesseractPool pool;
    private final ExecutorService pages;
    private final ExecutorService files;
    private final JobRunner jobs;
    private final Path userWordsFile;

    private OcrEngine(Builder b) {
        this.tessdata = Tessdata.locate(b.tessdataPath);
        List<String> langs = Tessdata.checkLanguages(tessdata, b.languages);
        this.languages = String.join("+", langs);
        this.pageSegMode = b.pageSegMode;
        this.preprocessing = b.preprocessing;
        this.maxPixels = b.maxPixels;
        this.maxInputBytes = b.maxInputBytes;
        this.pdfDpi = b.pdfDpi;
        this.usePdfTextLayer = b.usePdfTextLayer;
        this.keepImages = b.keepImages;
        this.minLineConfidence = b.minLineConfidence;
        this.pageTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, b.pageTimeout.toMillis());
        Map<String, String> init = new LinkedHashMap<>();
        Map<String, String> vars = new LinkedHashMap<>(b.variables);
        vars.putIfAbsent("debug_file", "/dev/null"); // Tesseract's warnings go to stderr otherwise
        if (!b.whitelist.isEmpty()) {
            vars.put("tessedit_char_whitelist", b.whitelist);
        }
        Path words = null;
        if (!b.userWords.isEmpty()) {
            try {
                words = Files.createTempFile("trae-ocr-user-words", ".txt");
                Files.write(words, b.userWords);
                words.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new TraeClientException("could not write the user-words file: " + e.getMessage(), e);
            }
            init.put("user_words_file", words.toString());
        }
        this.userWordsFile = words;
        int size = b.poolSize > 0 ? b.poolSize : Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = new TesseractPool(size, tessdata, languages, 1 /* LSTM */, init, vars);
        AtomicInteger n = new AtomicInteger();
        this.pages = Executors.newFixedThreadPool(size, r -> daemon(r, "trae-ocr-page-" + n.incrementAndGet()));
        AtomicInteger m = new AtomicInteger();
        this.files = Executors.newFixedThreadPool(size, r -> daemon(r, "trae-ocr-file-" + m.incrementAndGet()));
        JobStore store = b.config != null ? b.config.jobStore() : JobStore.inMemory();
        this.jobs = JobRunner.create(store);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An engine for {@code rus+ukr+eng} with default settings. */
    public static OcrEngine create() {
        return builder().build();
    }

    /** An engine whose batch jobs are recorded in {@code config.jobStore()}. */
    public static OcrEngine create(TraeConfig config) {
        return builder().config(config).build();
    }

    /** The version of the native Tesseract library, such as "5.3.0". */
    public static String tesseractVersion() {
        return NativeTesseract.version();
    }

    /** The languages the instances loaded, such as "rus+ukr+eng". */
    public String languages() {
        return languages;
    }

    /** The tessdata directory in use. */
    public Path tessdataPath() {
        return tessdata;
    }

    /** How many native instances recognise in parallel. */
    public int poolSize() {
        return pool.size();
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    // ------------------------------------------------------------------ single inputs

    /** Recognises a file (PNG, JPEG, TIFF, BMP or PDF, told apart by content). */
    public OcrDocument recognize(Path file) {
        return recognize(file, preprocessing);
    }

    /** Recognises a file with other preprocessing than the engine's. */
    public OcrDocument recognize(Path file, Preprocessing prep) {
        Objects.requireNonNull(file, "file");
        return recognize(readFile(file), file.getFileName() == null ? file.toString() : file.getFileName().toString(), prep);
    }

    /**
     * Recognises a file on the engine's file workers (as many as the pool has instances; the pages of a
     * multi-page file run in parallel as with {@link #recognize(Path)}). The future fails with the
     * {@link TraeException} that {@link #recognize(Path)} would throw. The CLI and {@link #batch(List)} use it.
     */
    public CompletableFuture<OcrDocument> recognizeAsync(Path file) {
        return recognizeAsync(file, preprocessing);
    }

    /** As {@link #recognizeAsync(Path)}, with other preprocessing than the engine's. */
    public CompletableFuture<OcrDocument> recognizeAsync(Path file, Preprocessing prep) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(prep, "preprocessing");
        return CompletableFuture.supplyAsync(() -> recognize(file, prep), files);
    }

    /** Recognises encoded image or PDF bytes; {@code name} is used in results and messages. */
    public OcrDocument recognize(byte[] data, String name) {
        return recognize(data, name, preprocessing);
    }

    /** Recognises encoded bytes with other preprocessing than the engine's. */
    public OcrDocument recognize(byte[] data, String name, Preprocessing prep) {
        if (data == null) {
            throw new TraeValidationException("data", "must not be null");
        }
        String n = name == null || name.isBlank() ? "input" : name;
        if (data.length > maxInputBytes) {
            throw new TraeValidationException("input", "'" + n + "' has " + data.length + " bytes, more than the limit of " + maxInputBytes);
        }
        try (InputDecoder.Source src = InputDecoder.open(data, n, maxPixels, pdfDpi, usePdfTextLayer)) {
            return run(src, n, Objects.requireNonNull(prep, "preprocessing"));
        }
    }

    /** Recognises what a stream holds (read fully, up to the engine's input size limit; not closed). */
    public OcrDocument recognize(InputStream in, String name) {
        Objects.requireNonNull(in, "in");
        try {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxInputBytes + 1));
            return recognize(data, name);
        } catch (IOException e) {
            throw new TraeClientException("could not read the input stream: " + e.getMessage(), e);
        }
    }

    /** Recognises an image already in memory. */
    public OcrDocument recognize(BufferedImage image, String name) {
        return recognize(image, name, preprocessing);
    }

    /** Recognises an image already in memory with other preprocessing than the engine's. */
    public OcrDocument recognize(BufferedImage image, String name, Preprocessing prep) {
        if (image == null) {
            throw new TraeValidationException("image", "must not be null");
        }
        String n = name == null || name.isBlank() ? "image" : name;
        try (InputDecoder.Source src = InputDecoder.of(image, n, maxPixels)) {
            return run(src, n, Objects.requireNonNull(prep, "preprocessing"));
        }
    }

    private byte[] readFile(Path file) {
        try {
            long size = Files.size(file);
            if (size > maxInputBytes) {
                throw new TraeValidationException("file", file.getFileName() + " has " + size + " bytes, more than the limit of " + maxInputBytes);
            }
            if (Files.isDirectory(file)) {
                throw new TraeValidationException("file", file + " is a directory");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TraeValidationException("file", "no such file: " + file);
        } catch (IOException e) {
            throw new TraeClientException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private OcrDocument run(InputDecoder.Source src, String name, Preprocessing prep) {
        int n = src.pageCount();
        List<Future<Object[]>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pages.submit(() -> page(src, index, prep)));
        }
        List<OcrPage> out = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        try {
            for (Future<Object[]> f : futures) {
                Object[] r = f.get();
                out.add((OcrPage) r[0]);
                if (keepImages && r[1] != null) {
                    images.add((BufferedImage) r[1]);
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new TraeCancelledException("interrupted while recognising " + name);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable c = e.getCause();
            if (c instanceof TraeException) {
                throw (TraeException) c;
            }
            if (c instanceof OutOfMemoryError) {
                throw new TraeValidationException("input", "'" + name + "' needs more memory than available", c);
            }
            throw new TraeClientException("recognising " + name + " failed: " + c, c);
        }
        return new OcrDocument(name, out, keepImages && images.size() == out.size() ? images : List.of());
    }

    private Object[] page(InputDecoder.Source src, int index, Preprocessing prep) {
        InputDecoder.PageContent content = src.page(index);
        if (content.isTextLayer()) {
            List<OcrLine> lines = new ArrayList<>();
            for (List<OcrWord> l : content.textLines) {
                lines.add(OcrLine.of(l));
            }
            List<OcrBlock> blocks = lines.isEmpty() ? List.of() : List.of(OcrBlock.of(lines));
            OcrPage p = new OcrPage(index + 1, content.width, content.height, content.dpi, PageSource.PDF_TEXT_LAYER, blocks,
                    PreprocessReport.none());
            return new Object[] {p, null};
        }
        Gray gray = Gray.of(content.image);
        double cast = prep.has(Preprocessing.Step.RECTIFY) ? PhotoCues.colourCast(content.image) : 0;
        return pool.with(t -> {
            // Tesseract's orientation model costs as much as a small page: it runs only when the upright
            // reading is poor, and its answer is kept only when the turned page reads better
            Preprocessor.Result r = Preprocessor.run(gray, content.dpi, prep, null, cast);
            Gray g = r.image;
            List<NativeTesseract.RawWord> words = t.recognize(g.toBytes(), g.w, g.h, r.dpi, pageSegMode.code(), pageTimeoutMillis);
            PreprocessReport report = content.notes.isEmpty() ? r.report : r.report.withNotesBefore(content.notes);
            if (prep.has(Preprocessing.Step.ORIENTATION) && meanConfidence(words) < 70) {
                float[] o = t.detectOrientation(g.toBytes(), g.w, g.h, r.dpi);
                if (o != null && o[1] >= 2.0f && Math.round(o[0] / 90f) % 4 != 0) {
                    int turns = Math.round(o[0] / 90f);
                    Gray turned = g.rotate90(4 - turns);
                    List<NativeTesseract.RawWord> again = t.recognize(turned.toBytes(), turned.w, turned.h, r.dpi,
                            pageSegMode.code(), pageTimeoutMillis);
                    if (meanConfidence(again) > meanConfidence(words)) {
                        g = turned;
                        words = again;
                        List<String> applied = new ArrayList<>(report.applied());
                        if (!applied.contains(Preprocessing.Step.ORIENTATION.name())) {
                            applied.add(Preprocessing.Step.ORIENTATION.name());
                        }
                        report = report.withRotation(applied, (report.rotation() + 360 - turns * 90) % 360);
                    }
                }
            }
            OcrPage p = new OcrPage(index + 1, g.w, g.h, r.dpi, PageSource.OCR, assemble(words), report);
            return new Object[] {p, keepImages ? g.toImage() : null};
        });
    }

    private static double meanConfidence(List<NativeTesseract.RawWord> words) {
        return words.stream().mapToDouble(w -> w.confidence).average().orElse(0);
    }

    private List<OcrBlock> assemble(List<NativeTesseract.RawWord> words) {
        List<OcrBlock> blocks = new ArrayList<>();
        List<OcrLine> lines = new ArrayList<>();
        List<OcrWord> current = new ArrayList<>();
        int block = -1;
        int line = -1;
        for (NativeTesseract.RawWord w : words) {
            if (w.line != line || w.block != block) {
                addLine(lines, current);
                current = new ArrayList<>();
                if (w.block != block && !lines.isEmpty()) {
                    blocks.add(OcrBlock.of(lines));
                    lines = new ArrayList<>();
                }
                line = w.line;
                block = w.block;
            }
            current.add(new OcrWord(w.text, PixelBox.ofEdges(w.left, w.top, w.right, w.bottom), w.confidence));
        }
        addLine(lines, current);
        if (!lines.isEmpty()) {
            blocks.add(OcrBlock.of(lines));
        }
        return blocks;
    }

    private void addLine(List<OcrLine> lines, List<OcrWord> words) {
        if (words.isEmpty()) {
            return;
        }
        OcrLine l = OcrLine.of(words);
        // lines Tesseract itself barely believes are specks, rules and picture edges read as letters
        if (l.confidence() >= minLineConfidence) {
            lines.add(l);
        }
    }

    // ------------------------------------------------------------------ batches

    /** Recognises many files as a background job; one bad file is recorded and never stops the batch. */
    public TraeJob<BatchResult> batch(List<Path> inputs) {
        return batch(inputs, preprocessing);
    }

    /**
     * Recognises many files as a background job with progress in files; results keep the input order.
     * Cancelling stops starting new files.
     */
    public TraeJob<BatchResult> batch(List<Path> inputs, Preprocessing prep) {
        if (inputs == null || inputs.isEmpty()) {
            throw new TraeValidationException("inputs", "must name at least one file");
        }
        List<Path> list = List.copyOf(inputs);
        Objects.requireNonNull(prep, "preprocessing");
        return jobs.submit("ocr-batch", ctx -> {
            ctx.tracker().total(list.size());
            ctx.tracker().phase("OCR", list.size() + " file(s)");
            List<Future<FileResult>> futures = new ArrayList<>();
            for (Path p : list) {
                futures.add(files.submit(() -> {
                    if (ctx.isCancelled()) {
                        return null;
                    }
                    long t0 = System.nanoTime();
                    FileResult r;
                    try {
                        OcrDocument d = recognize(p, prep);
                        r = new FileResult(p.toString(), Optional.of(d), Optional.empty(), (System.nanoTime() - t0) / 1_000_000);
                    } catch (RuntimeException | OutOfMemoryError e) {
                        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        r = new FileResult(p.toString(), Optional.empty(), Optional.of(msg), (System.nanoTime() - t0) / 1_000_000);
                    }
                    ctx.tracker().advance(1);
                    return r;
                }));
            }
            List<FileResult> results = new ArrayList<>();
            try {
                for (Future<FileResult> f : futures) {
                    FileResult r = f.get();
                    if (r != null) {
                        results.add(r);
                    }
                }
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(false));
                throw e;
            }
            ctx.throwIfCancelled();
            return new BatchResult(results);
        });
    }

    /** Stops the workers and frees the native instances (after pages in progress finish). */
    @Override
    public void close() {
        jobs.close();
        files.shutdownNow();
        pages.shutdown();
        try {
            pages.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        if (userWordsFile != null) {
            try {
                Files.deleteIfExists(userWordsFile);
            } catch (IOException ignored) {
                // deleted on exit
            }
        }
    }

    @Override
    public String toString() {
        return "OcrEngine[" + languages + ", pool=" + pool.size() + ", " + preprocessing + "]";
    }

    /** Settings for an {@link OcrEngine}. */
    public static final class Builder {
        private String languages = "rus+ukr+eng";
        private Path tessdataPath;
        private int poolSize;
        private PageSegMode pageSegMode = PageSegMode.AUTO;
        private Preprocessing preprocessing = Preprocessing.defaults();
        private String whitelist = "";
        private final List<String> userWords = new ArrayList<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private long maxPixels = 80_000_000L;
        private long maxInputBytes = 256L * 1024 * 1024;
        private int pdfDpi = 300;
        private boolean usePdfTextLayer = true;
        private boolean keepImages = true;
        private float minLineConfidence = 30f;
        private Duration pageTimeout = Duration.ofMinutes(2);
        private TraeConfig config;

        private Builder() {
        }

        /** Tesseract languages joined by '+', such as {@code rus+ukr+eng} (the default). */
        public Builder languages(String languages) {
            this.languages = languages;
            return this;
        }

        /** The tessdata directory; found automatically when not set ($TESSDATA_PREFIX, then the usual places). */
        public Builder tessdataPath(Path path) {
            this.tessdataPath = path;
            return this;
        }

        /** Native instances (and parallel pages); defaults to the number of cores. */
        public Builder poolSize(int size) {
            if (size < 1 || size > 256) {
                throw new TraeValidationException("poolSize", "must be 1 to 256, was " + size);
            }
            this.poolSize = size;
            return this;
        }

        public Builder pageSegMode(PageSegMode mode) {
            this.pageSegMode = Objects.requireNonNull(mode, "pageSegMode");
            return this;
        }

        public Builder preprocessing(Preprocessing p) {
            this.preprocessing = Objects.requireNonNull(p, "preprocessing");
            return this;
        }

        /** Only these characters may be recognised (Tesseract's tessedit_char_whitelist), such as digits for meter readings. */
        public Builder whitelist(String characters) {
            this.whitelist = characters == null ? "" : characters;
            return this;
        }

        /** Domain words (fuel-station jargon) that Tesseract should prefer; one word per entry. */
        public Builder userWords(Collection<String> words) {
            for (String w : Objects.requireNonNull(words, "words")) {
                if (w == null || w.isBlank() || w.contains("\n") || w.contains("\r")) {
                    throw new TraeValidationException("userWords", "entries must be non-blank single words");
                }
                userWords.add(w.strip());
            }
            return this;
        }

        /** Sets any Tesseract variable (as with {@code -c name=value}). */
        public Builder variable(String name, String value) {
            if (name == null || !name.matches("[a-z_][a-z0-9_]{0,80}")) {
                throw new TraeValidationException("variable", "not a Tesseract variable name: " + name);
            }
            variables.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Images with more pixels are refused before decoding (default 80 million, an A3 page at 600 DPI). */
        public Builder maxPixels(long pixels) {
            if (pixels < 1) {
                throw new TraeValidationException("maxPixels", "must be positive");
            }
            this.maxPixels = pixels;
            return this;
        }

        /** Inputs with more bytes are refused (default 256 MiB). */
        public Builder maxInputBytes(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
                throw new TraeValidationException("maxInputBytes", "must be 1 to " + (Integer.MAX_VALUE - 8));
            }
            this.maxInputBytes = bytes;
            return this;
        }

        /** Resolution PDF pages are rendered at (default 300). */
        public Builder pdfDpi(int dpi) {
            if (dpi < 72 || dpi > 1200) {
                throw new TraeValidationException("pdfDpi", "must be 72 to 1200, was " + dpi);
            }
            this.pdfDpi = dpi;
            return this;
        }

        /** Whether a PDF page that has a text layer uses it instead of OCR (default true). */
        public Builder usePdfTextLayer(boolean use) {
            this.usePdfTextLayer = use;
            return this;
        }

        /** Whether documents keep the recognised page images, needed for searchable PDFs (default true). */
        public Builder keepImages(boolean keep) {
            this.keepImages = keep;
            return this;
        }

        /** Lines with a lower mean word confidence are dropped as noise (default 30; 0 keeps everything). */
        public Builder minLineConfidence(float confidence) {
            if (confidence < 0 || confidence > 100) {
                throw new TraeValidationException("minLineConfidence", "must be 0 to 100");
            }
            this.minLineConfidence = confidence;
            return this;
        }

        /** Tesseract gives up on a page after this long (default 2 minutes). */
        public Builder pageTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new TraeValidationException("pageTimeout", "must be positive");
            }
            this.pageTimeout = timeout;
            return this;
        }

        /** A Trae config: its job store records batch jobs. */
        public Builder config(TraeConfig config) {
            this.config = config;
            return this;
        }

        /** Starts the engine: checks languages, loads the models into every pool instance. */
        public OcrEngine build() {
            return new OcrEngine(this);
        }
    }
}
