package dev.trae.ocr.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;

/**
 * A fixed pool of native Tesseract instances, created up front so the models stay loaded. One instance is
 * not thread-safe, so each is lent to one thread at a time. Thread-safe.
 */
public final class TesseractPool implements AutoCloseable {
    private final BlockingQueue<NativeTesseract> idle;
    private final List<NativeTesseract> all = new ArrayList<>();
    private final int size;
    private volatile boolean closed;

    public TesseractPool(int size, Path tessdata, String languages, int engineMode, Map<String, String> initVariables,
                         Map<String, String> variables) {
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        List<CompletableFuture<NativeTesseract>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> new NativeTesseract(tessdata, languages, engineMode, initVariables, variables)));
        }
        TraeException failure = null;
        for (CompletableFuture<NativeTesseract> f : starting) {
            try {
                NativeTesseract t = f.join();
                all.add(t);
                idle.add(t);
            } catch (CompletionException e) {
                Throwable c = e.getCause();
                failure = c instanceof TraeException ? (TraeException) c : new TraeClientException("Tesseract failed to start: " + c, c);
            }
        }
        if (failure != null) {
            all.forEach(NativeTesseract::close);
            throw failure;
        }
    }

    public int size() {
        return size;
    }

    /** Runs {@code work} with an instance, waiting for one to be free. */
    public <T> T with(Function<NativeTesseract, T> work) {
        if (closed) {
            throw new TraeClientException("the OCR engine is closed");
        }
        NativeTesseract t;
        try {
            t = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraeCancelledException("interrupted while waiting for a free Tesseract instance");
        }
        try {
            return work.apply(t);
        } finally {
            idle.add(t);
        }
    }

    /** Waits for every instance to be returned, then frees them. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<NativeTesseract> back = new ArrayList<>();
        try {
            while (back.size() < all.size()) {
                NativeTesseract t = idle.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                if (t == null) {
                    break; // a caller is stuck in native code; leak rather than free memory in use
                }
                back.add(t);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        back.forEach(NativeTesseract::close);
    }
}
