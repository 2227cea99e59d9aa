package dev.trae.aws.core.progress;

import java.io.PrintStream;

/**
 * Receives progress of long-running work. Called on the worker's thread: keep it quick and never throw
 * (an exception from a listener is logged and ignored).
 */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(ProgressEvent event);

    /** Ignores everything. */
    static ProgressListener noop() {
        return e -> { };
    }

    /**
     * A plain line-per-update printer, for logs and non-interactive output (at most one line per
     * {@code minMillis} plus the final one). For an interactive bar use {@link ConsoleProgressBar}.
     */
    static ProgressListener lines(PrintStream out, long minMillis) {
        return new ProgressListener() {
            private long last;

            @Override
            public synchronized void onProgress(ProgressEvent e) {
                long now = System.currentTimeMillis();
                boolean finished = e.total() >= 0 && e.done() >= e.total();
                if (finished || now - last >= minMillis) {
                    last = now;
                    out.println(e);
                }
            }
        };
    }
}
