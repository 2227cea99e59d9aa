package dev.trae.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a suite gets: a scratch folder, the console, and whether to run a quick version
 * ({@code make bench QUICK=1}: fewer iterations and smaller data, for smoke-testing the harness).
 */
public record BenchContext(Path workDir, PrintStream out, boolean quick) {
}
