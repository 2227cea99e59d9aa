package dev.trae.aws.core.progress;

import java.io.PrintStream;
import java.time.Duration;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar (rate, ETA) for CLIs and examples, drawn by {@code me.tongfei:progressbar}.
 * That library is an <em>optional</em> dependency of trae-aws-core: add
 * {@code me.tongfei:progressbar} to your application to use this class. Libraries should report
 * through {@link ProgressListener} and leave rendering to the application.
 *
 * <pre>{@code
 * try (ConsoleProgressBar bar = ConsoleProgressBar.create("export", System.err)) {
 *     job.onProgress(bar);
 *     job.await(Duration.ofHours(1));
 * }
 * }</pre>
 */
public final class ConsoleProgressBar implements ProgressListener, AutoCloseable {
    private final String task;
    private final PrintStream out;
    private ProgressBar bar;
    private String unit = "";

    private ConsoleProgressBar(String task, PrintStream out) {
        this.task = task;
        this.out = out;
    }

    public static ConsoleProgressBar create(String task, PrintStream out) {
        return new ConsoleProgressBar(task, out);
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        if (bar == null) {
            unit = e.unit();
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(e.total())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                    .setUnit(" " + unit, 1).showSpeed().setMaxRenderedLength(110)
                    .setEtaFunction(state -> java.util.Optional.ofNullable(e.eta().orElse(null)))
                    .build();
        }
        if (e.total() >= 0 && bar.getMax() != e.total()) {
            bar.maxHint(e.total());
        }
        bar.stepTo(e.done());
        String extra = e.phase().isEmpty() ? e.message() : e.phase() + (e.message().isEmpty() ? "" : " " + e.message());
        bar.setExtraMessage(extra.length() > 40 ? extra.substring(0, 40) : extra);
    }

    /** Elapsed time shown so far, or zero before the first event. */
    public synchronized Duration elapsed() {
        return bar == null ? Duration.ZERO : Duration.between(bar.getStartInstant(), java.time.Instant.now());
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
