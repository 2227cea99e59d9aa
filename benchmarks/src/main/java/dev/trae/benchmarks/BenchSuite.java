package dev.trae.benchmarks;

import java.util.List;

/**
 * One module's benchmarks. Each module adds a class implementing this and one line in
 * {@link BenchMain#SUITES}. A suite measures its subject and a named baseline in the same run and
 * reports ratios, because these machines are noisy.
 */
public interface BenchSuite {

    /** Short name used on the command line ({@code make bench SUITE=core}) and in the result files. */
    String name();

    List<BenchResult> run(BenchContext ctx) throws Exception;
}
