package dev.trae.ocr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.job.Shard;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.ocr.DomainDictionary;
import dev.trae.ocr.FieldExtractor;
import dev.trae.ocr.OcrEngine;
import dev.trae.ocr.OcrWriter;
import dev.trae.ocr.model.Correction;
import dev.trae.ocr.model.OcrDocument;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A sharded OCR run ({@code --shard}, {@code --finish}): the inputs are split between shards by a hash of their
 * names ({@link Shard#owns}), each shard writes one record per input it read, and the finish step merges the records
 * into one JSON Lines file in input order and names the inputs that have none.
 *
 * <p>Records: {@code RESULTS/results/<id>.json} for a recognised input and {@code RESULTS/errors/<id>.json} for one
 * that failed, {@code <id>} derived from the input's name (SHA-256), one line of JSON each, written whole or not at
 * all. A retried shard (a Batch retry, a restarted pod, a rerun by hand) skips the inputs that have a result record and
 * reads the others again, overwriting their error records; as a record's name depends only on its input, an input is
 * never recorded twice and never lost.
 */
final class ShardedRun {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OcrEngine engine;
    private final ResultStore store;
    private final ServiceClient<S3Client> s3;
    private final PrintStream stderr;
    private final DomainDictionary dict;

    /** @param dict the {@code --dict} corrections, or null */
    ShardedRun(OcrEngine engine, ResultStore store, ServiceClient<S3Client> s3, PrintStream stderr, DomainDictionary dict) {
        this.engine = engine;
        this.store = store;
        this.s3 = s3;
        this.stderr = stderr;
        this.dict = dict;
    }

    /** The record name of an input. */
    static String id(String input) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The inputs named by the command line: files as given, the lines of {@code --list} files, and every object under
     * an {@code s3://bucket/prefix/} argument; sorted, without repeats, so that every shard and the finish step see
     * the same list.
     */
    static List<String> inputs(List<String> args, ServiceClient<S3Client> s3) {
        Set<String> out = new TreeSet<>();
        for (String a : args) {
            if (a.startsWith("s3://") && (a.endsWith("/") || S3Location.parse(a).key().isEmpty())) {
                S3Location p = S3Location.parse(a).asPrefix();
                for (var o : ResultStore.listAll(s3, p.bucket(), p.key())) {
                    if (!o.key().endsWith("/")) {
                        out.add(S3Location.of(p.bucket(), o.key()).uri());
                    }
                }
            } else {
                out.add(a);
            }
        }
        return new ArrayList<>(out);
    }

    /** The lines of a list file (blank lines and lines starting with # skipped). */
    static List<String> readList(Path list) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    /** Runs this shard's part: returns the number of inputs that failed. */
    int runShard(Shard shard, List<String> inputs, Path tmp) {
        List<String> mine = inputs.stream().filter(shard::owns).toList();
        Set<String> done = store.list("results");
        Set<String> failedBefore = store.list("errors");
        List<String> todo = mine.stream().filter(i -> !done.contains(id(i))).toList();
        stderr.printf("shard %s: %d of %d inputs are this shard's, %d already recorded, %d to read (results in %s)%n", shard,
                mine.size(), inputs.size(), mine.size() - todo.size(), todo.size(), store.describe());
        int window = Math.max(2, engine.poolSize() * 4);
        Deque<CompletableFuture<OcrDocument>> inFlight = new ArrayDeque<>();
        int next = 0;
        int failed = 0;
        for (int i = 0; i < todo.size(); i++) {
            while (next < todo.size() && next - i < window) {
                inFlight.add(submit(todo.get(next++), tmp));
            }
            String input = todo.get(i);
            ObjectNode rec = MAPPER.createObjectNode().put("input", input).put("shard", shard.toString());
            try {
                OcrDocument doc = inFlight.poll().join();
                List<Correction> corrections = List.of();
                if (dict != null) {
                    DomainDictionary.Result fixed = dict.correct(doc);
                    doc = fixed.document();
                    corrections = fixed.corrections();
                }
                rec.set("document", MAPPER.readTree(OcrWriter.json(doc, FieldExtractor.extract(doc), corrections)));
                store.put("results/" + id(input), line(rec));
                if (failedBefore.contains(id(input))) {
                    store.delete("errors/" + id(input));
                }
            } catch (CompletionException e) {
                failed++;
                String msg = OcrCli.message(e.getCause());
                stderr.println(input + ": " + msg);
                rec.put("error", msg);
                store.put("errors/" + id(input), line(rec));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        stderr.printf("shard %s: %d read, %d failed%n", shard, todo.size() - failed, failed);
        return failed;
    }

    private CompletableFuture<OcrDocument> submit(String input, Path tmp) {
        try {
            if (input.startsWith("s3://")) {
                // fetched when submitted: at most the window's inputs are on disk at once
                S3Location loc = S3Location.parse(input);
                byte[] data = s3.call("GetObject", c -> c.getObjectAsBytes(b -> b.bucket(loc.bucket()).key(loc.key()))).asByteArray();
                Path f = Files.createTempFile(tmp, "in-", ".bin");
                Files.write(f, data);
                return engine.recognizeAsync(f).thenApply(d -> new OcrDocument(input, d.pages(), d.images()))
                        .whenComplete((d, e) -> deleteQuietly(f));
            }
            return engine.recognizeAsync(Path.of(input));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // a temporary file; the directory is removed at exit
        }
    }

    /** Outcome of {@link #finish}. */
    record Finish(int merged, int failed, List<String> missing, int stale) {
    }

    /**
     * Merges the records into {@code out} (one line per input that has a record, in input order: the result, or the
     * error of an input that failed) and returns what is missing.
     */
    static Finish finish(ResultStore store, List<String> inputs, Function<byte[], Void> out) {
        Set<String> results = store.list("results");
        Set<String> errors = store.list("errors");
        Set<String> expected = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        int merged = 0;
        int failed = 0;
        for (String input : inputs) {
            String id = id(input);
            expected.add(id);
            if (results.contains(id)) {
                out.apply(store.get("results/" + id));
                merged++;
            } else if (errors.contains(id)) {
                out.apply(store.get("errors/" + id));
                failed++;
            } else {
                missing.add(input);
            }
        }
        int stale = 0;
        for (String r : results) {
            stale += expected.contains(r) ? 0 : 1;
        }
        return new Finish(merged, failed, missing, stale);
    }

    private static byte[] line(ObjectNode rec) {
        byte[] b;
        try {
            b = MAPPER.writeValueAsBytes(rec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
        out[b.length] = '\n';
        return out;
    }
}
