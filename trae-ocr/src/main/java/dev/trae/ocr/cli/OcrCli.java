package dev.trae.ocr.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.job.Shard;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Command line: {@code java -jar trae-ocr-cli.jar [--lang rus+ukr+eng] [--format text|json|tsv|hocr|alto|csv|pdf]
 * [--no-preprocess] FILE...}. Files (and the pages of PDFs and TIFFs) are recognised in parallel, one per
 * Tesseract instance of the engine's pool; results are printed to standard output (or {@code --output}) in input
 * order. A file that fails is reported on standard error and the others go on; the exit status is 1 when any
 * file failed, 2 on bad usage. A progress bar is drawn on standard error when it is a terminal.
 *
 * <p>With {@code --shard auto|I/N} the process is one shard of a run spread over AWS Batch array children or
 * Kubernetes Indexed Job pods, recording one JSON document per input under {@code --results}; {@code --finish}
 * merges the records into one JSON Lines file and names missing inputs (see {@link ShardedRun}).
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

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "images or PDFs; with --shard or --finish also s3://bucket/key"
            + " and s3://bucket/prefix/ (every object under it)")
    List<String> args = new ArrayList<>();

    /** The input files of a plain run. */
    List<Path> files = new ArrayList<>();

    @Option(names = "--list", description = "a file naming inputs, one path or s3:// URI per line (with FILE arguments or instead)")
    List<Path> lists = new ArrayList<>();

    @Option(names = "--shard", description = "run as one shard of a sharded run: auto (AWS_BATCH_JOB_ARRAY_INDEX and"
            + " AWS_BATCH_JOB_ARRAY_SIZE, or JOB_COMPLETION_INDEX with --shards) or INDEX/COUNT; records go to --results")
    String shard;

    @Option(names = "--shards", description = "number of shards (required with JOB_COMPLETION_INDEX: Kubernetes does not pass it)")
    Integer shards;

    @Option(names = "--finish", description = "merge the records of a sharded run (--results) into one JSON Lines file (-o, or"
            + " RESULTS/results.jsonl) and name the inputs without one (exit 1)")
    boolean finish;

    @Option(names = "--results", description = "where a sharded run keeps its records: a directory or s3://bucket/prefix/")
    String results;

    @Option(names = "--s3-endpoint", description = "S3-compatible endpoint (path-style; http allowed)")
    java.net.URI s3Endpoint;

    @Option(names = "--region", description = "AWS region of the S3 inputs and results (default: ${DEFAULT-VALUE})")
    String region = "us-east-1";

    /** The environment {@code --shard auto} reads; replaced by tests. */
    java.util.Map<String, String> env = System.getenv();

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
        if (shard != null || finish) {
            return sharded();
        }
        if (!lists.isEmpty() || results != null || shards != null) {
            stderr.println("--list, --results and --shards belong to a sharded run (--shard or --finish)");
            return 2;
        }
        if (args.isEmpty()) {
            stderr.println("Missing required parameter: 'FILE'");
            return 2;
        }
        files = args.stream().map(Path::of).toList();
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
            // At most `window` files are in flight, so that memory stays bounded on long lists. The last window
            // is started largest file first, so that the run does not end with one worker busy on a large file
            // while the others have nothing left.
            int window = Math.max(2, engine.poolSize() * 4);
            int[] order = submissionOrder(files, window);
            List<CompletableFuture<OcrDocument>> results = new ArrayList<>(java.util.Collections.nCopies(files.size(), null));
            int next = 0;
            for (int i = 0; i < files.size(); i++) {
                while (next < files.size() && next - i < window) {
                    int k = order[next++];
                    results.set(k, submit(engine, files.get(k), tracker));
                }
                Path file = files.get(i);
                CompletableFuture<OcrDocument> result = results.set(i, null);
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

    /**
     * The order files are started in: input order, except that the last {@code window} files (all of them, for a
     * list no longer than that) start largest first. Every file is started by the time the writer waits for it,
     * since the window spans at least as many files as are reordered.
     */
    static int[] submissionOrder(List<Path> files, int window) {
        int n = files.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int from = Math.max(0, n - window);
        long[] size = new long[n];
        for (int i = from; i < n; i++) {
            try {
                size[i] = Files.size(files.get(i));
            } catch (java.io.IOException | RuntimeException e) {
                size[i] = Long.MAX_VALUE; // fails at once when started: first
            }
        }
        Integer[] tail = new Integer[n - from];
        for (int i = from; i < n; i++) {
            tail[i - from] = i;
        }
        java.util.Arrays.sort(tail, (a, b) -> Long.compare(size[b], size[a]));
        for (int i = from; i < n; i++) {
            order[i] = tail[i - from];
        }
        return order;
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

    /** {@code --shard} or {@code --finish}: see {@link ShardedRun}. */
    private int sharded() throws Exception {
        if (shard != null && finish) {
            stderr.println("--shard runs one shard, --finish merges them: give one");
            return 2;
        }
        if (results == null) {
            stderr.println("a sharded run needs --results DIR or s3://bucket/prefix/ for its records");
            return 2;
        }
        if (!format.equalsIgnoreCase("text") && !format.equalsIgnoreCase("json")) {
            stderr.println("a sharded run records JSON documents (merged into JSON Lines): --format " + format + " does not apply");
            return 2;
        }
        Shard s;
        try {
            s = shard == null ? null : shard.equals("auto") ? Shard.fromEnvironment(env, shards) : Shard.parse(shard);
        } catch (TraeException e) {
            stderr.println("trae-ocr: " + e.getMessage());
            return 2;
        }
        List<String> named = new ArrayList<>(args);
        for (Path l : lists) {
            named.addAll(ShardedRun.readList(l));
        }
        if (named.isEmpty()) {
            stderr.println("no inputs: give FILE arguments, --list FILE or s3://bucket/prefix/");
            return 2;
        }
        boolean needsS3 = results.startsWith("s3://") || named.stream().anyMatch(a -> a.startsWith("s3://"));
        try (ServiceClient<S3Client> s3 = needsS3 ? s3Client() : null;
             ResultStore store = results.startsWith("s3://") ? ResultStore.s3(s3, S3Location.parse(results)) : ResultStore.local(Path.of(results))) {
            List<String> inputs = ShardedRun.inputs(named, s3);
            if (finish) {
                return finish(store, inputs);
            }
            OcrEngine.Builder b = OcrEngine.builder().languages(lang).pageSegMode(psm)
                    .preprocessing(noPreprocess ? Preprocessing.none() : Preprocessing.defaults()).keepImages(false);
            if (threads > 0) {
                b.poolSize(threads);
            }
            if (userWords != null) {
                b.userWords(Files.readAllLines(userWords, StandardCharsets.UTF_8).stream().filter(w -> !w.isBlank()).toList());
            }
            DomainDictionary dict = dictionary == null ? null : DomainDictionary.load(dictionary);
            Path tmp = Files.createTempDirectory("trae-ocr-shard-");
            try (OcrEngine engine = b.build()) {
                return new ShardedRun(engine, store, s3, stderr, dict).runShard(s, inputs, tmp) == 0 ? 0 : 1;
            } finally {
                try (var left = Files.list(tmp)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(tmp);
            }
        } catch (TraeException e) {
            stderr.println("trae-ocr: " + e.getMessage());
            return 1;
        }
    }

    private int finish(ResultStore store, List<String> inputs) throws Exception {
        java.io.ByteArrayOutputStream merged = new java.io.ByteArrayOutputStream();
        ShardedRun.Finish r = ShardedRun.finish(store, inputs, line -> {
            merged.write(line, 0, line.length);
            return null;
        });
        String where;
        if (output != null) {
            Files.write(output, merged.toByteArray());
            where = output.toString();
        } else {
            store.put("results.jsonl", merged.toByteArray());
            where = store.describe() + (store.describe().endsWith("/") ? "" : "/") + "results.jsonl";
        }
        for (String m : r.missing()) {
            stderr.println("missing: " + m);
        }
        stderr.printf("finish: %d of %d inputs merged into %s, %d failed (their errors are in it too), %d missing%s%n", r.merged(),
                inputs.size(), where, r.failed(), r.missing().size(),
                r.stale() > 0 ? ", " + r.stale() + " records of inputs no longer listed left out" : "");
        return r.missing().isEmpty() && r.failed() == 0 ? 0 : 1;
    }

    private ServiceClient<S3Client> s3Client() {
        TraeConfig.Builder cb = TraeConfig.builder().region(region);
        boolean plainHttp = false;
        if (s3Endpoint != null) {
            cb.endpoint("s3", s3Endpoint);
            plainHttp = "http".equalsIgnoreCase(s3Endpoint.getScheme());
            if (plainHttp) {
                cb.mode(TraeConfig.Mode.LOCAL);
            }
        }
        TraeConfig config = cb.build();
        boolean local = plainHttp;
        // path-style and checksums only where required against an S3-compatible endpoint: core's S3 settings
        return AwsClients.of(config).service(Services.S3, S3Client::builder, sb -> {
            if (local) {
                // over plain HTTP send one signed body, not aws-chunked frames (S3-compatible stores decode those poorly)
                sb.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
            }
        });
    }

    static String message(Throwable e) {
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
