package dev.trae.ocr.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.progress.ConsoleProgressBar;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.ocr.DomainDictionary;
import dev.trae.ocr.FieldExtractor;
import dev.trae.ocr.OcrEngine;
import dev.trae.ocr.OcrFormat;
import dev.trae.ocr.OcrWriter;
import dev.trae.ocr.PageSegMode;
import dev.trae.ocr.Preprocessing;
import dev.trae.ocr.model.Correction;
import dev.trae.ocr.model.OcrDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line: {@code java -jar trae-ocr-cli.jar [--lang rus+ukr+eng] [--format text|json|tsv|hocr|alto|csv|pdf]
 * [--no-preprocess] FILE...}. Files (and the pages of PDFs and TIFFs) are recognised in parallel, one per
 * Tesseract instance of the engine's pool; results are printed to standard output (or {@code --output}) in input
 * order. A file that fails is reported on standard error and the others go on; the exit status is 1 when any
 * file failed, 2 on bad usage. A progress bar is drawn on standard error when it is a terminal.
 */
@Command(name = "trae-ocr", mixinStandardHelpOptions = true, version = "trae-ocr 0.1.0",
        description = "OCR of scans and photos (PNG, JPEG, TIFF, BMP, PDF) with Tesseract and image preparation.")
public final class OcrCli implements Callable<Integer> {

    @Option(names = {"-l", "--lang"}, description = "Tesseract languages joined by '+' (default: ${DEFAULT-VALUE})")
    String lang = "rus+ukr+eng";

    @Option(names = {"-f", "--format"}, description = "text, json, tsv, hocr, alto, csv or pdf (default: ${DEFAULT-VALUE})")
    String format = "text";

    @Option(names = "--no-preprocess", description = "send images to Tesseract as they are")
    boolean noPreprocess;

    @Option(names = "--psm", description = "page segmentation mode: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    PageSegMode psm = PageSegMode.AUTO;

    @Option(names = "--dict", description = "domain dictionary (one term per line) to correct near-miss words")
    Path dictionary;

    @Option(names = "--user-words", description = "file of domain words Tesseract should prefer")
    Path userWords;

    @Option(names = {"-o", "--output"}, description = "write to this file instead of standard output")
    Path output;

    @Option(names = "--threads", description = "parallel Tesseract instances (default: number of cores)")
    int threads;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "images or PDFs")
    List<Path> files = new ArrayList<>();

    @Option(names = "--progress", description = "progress bar on standard error: auto (only when it is a terminal), always or never"
            + " (default: ${DEFAULT-VALUE})")
    Progress progress = Progress.AUTO;

    /** When to draw the progress bar. */
    enum Progress { AUTO, ALWAYS, NEVER }

    /** Where results go (standard output unless {@code --output}); replaced by tests. */
    PrintStream stdout = System.out;
    /** Where errors and the progress bar go; replaced by tests. */
    PrintStream stderr = System.err;
    /** Whether standard error is a terminal; null means ask the system. Set by tests. */
    Boolean stderrTerminal;

    @Override
    public Integer call() throws Exception {
        OcrFormat f = OcrFormat.parse(format);
        if (f == OcrFormat.PDF && files.size() > 1) {
            stderr.println("--format pdf takes one input file");
            return 2;
        }
        OcrEngine.Builder b = OcrEngine.builder().languages(lang).pageSegMode(psm)
                .preprocessing(noPreprocess ? Preprocessing.none() : Preprocessing.defaults())
                .keepImages(f == OcrFormat.PDF);
        if (threads > 0) {
            b.poolSize(threads);
        }
        if (userWords != null) {
            b.userWords(Files.readAllLines(userWords, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList());
        }
        DomainDictionary dict;
        OcrEngine built;
        try {
            dict = dictionary == null ? null : DomainDictionary.load(dictionary);
            built = b.build();
        } catch (TraeException e) {
            stderr.println("trae-ocr: " + e.getMessage());
            return 2;
        }
        boolean bar = progress == Progress.ALWAYS
                || (progress == Progress.AUTO && (stderrTerminal != null ? stderrTerminal : Terminal.isStandardError()));
        int failed = 0;
        try (OcrEngine engine = built;
             OutputStream raw = output == null ? stdout : Files.newOutputStream(output);
             ConsoleProgressBar progressBar = bar ? ConsoleProgressBar.create("OCR", stderr) : null) {
            PrintStream out = raw instanceof PrintStream ? (PrintStream) raw : new PrintStream(raw, false, StandardCharsets.UTF_8);
            ProgressTracker tracker = new ProgressTracker("trae-ocr", "files", files.size());
            if (progressBar != null) {
                tracker.addListener(progressBar);
            }
            // Files run on the engine's workers (one per Tesseract instance; the pages of a PDF or TIFF run in
            // parallel too); results are written in input order as soon as the file before them is written.
            // At most `window` files are in flight, so that memory stays bounded on long lists.
            int window = Math.max(2, engine.poolSize() * 4);
            Deque<CompletableFuture<OcrDocument>> inFlight = new ArrayDeque<>();
            int next = 0;
            for (int i = 0; i < files.size(); i++) {
                while (next < files.size() && next - i < window) {
                    inFlight.add(submit(engine, files.get(next++), tracker));
                }
                Path file = files.get(i);
                CompletableFuture<OcrDocument> result = inFlight.poll();
                try {
                    OcrDocument doc = result.join();
                    write(out, f, file, doc, dict);
                } catch (CompletionException e) {
                    failed++;
                    stderr.println(file + ": " + message(e.getCause()));
                }
            }
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    private static CompletableFuture<OcrDocument> submit(OcrEngine engine, Path file, ProgressTracker tracker) {
        CompletableFuture<OcrDocument> f;
        try {
            f = engine.recognizeAsync(file);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((d, e) -> tracker.advance(1));
    }

    private void write(PrintStream out, OcrFormat f, Path file, OcrDocument doc, DomainDictionary dict) {
        List<Correction> corrections = List.of();
        if (dict != null) {
            DomainDictionary.Result r = dict.correct(doc);
            doc = r.document();
            corrections = r.corrections();
        }
        if (files.size() > 1 && f == OcrFormat.TEXT) {
            out.println("==> " + file + " <==");
        }
        if (f == OcrFormat.JSON) {
            out.println(OcrWriter.json(doc, FieldExtractor.extract(doc), corrections));
        } else {
            OcrWriter.write(doc, f, out);
        }
    }

    private static String message(Throwable e) {
        if (e instanceof TraeException && e.getMessage() != null) {
            return e.getMessage();
        }
        // anything else is a defect or a resource problem: name it, the rest of the files still run
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    public static void main(String[] args) {
        int code = new CommandLine(new OcrCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
