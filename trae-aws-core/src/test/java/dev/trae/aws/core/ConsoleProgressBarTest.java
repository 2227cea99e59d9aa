package dev.trae.aws.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.trae.aws.core.progress.ConsoleProgressBar;
import dev.trae.aws.core.progress.ProgressTracker;

class ConsoleProgressBarTest {

    @Test
    void bar_rendersTaskCountsAndUnit() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ProgressTracker t = new ProgressTracker("export-1", "rows", 1000);
        try (ConsoleProgressBar bar = ConsoleProgressBar.create("export", new PrintStream(bos, true, StandardCharsets.UTF_8))) {
            t.addListener(bar);
            t.phase("UPLOADING", "part 3");
            for (int i = 0; i < 10; i++) {
                t.advance(100);
            }
        }
        String out = bos.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("export").contains("1000/1000").contains("rows").contains("100%");
    }
}
