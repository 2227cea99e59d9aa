package dev.trae.examples.demo;

import java.io.PrintStream;
import java.nio.file.Path;

import dev.trae.aws.core.TraeConfig;
import dev.trae.testkit.TraeLocal;

/**
 * What every demo step gets: the Trae Local stack (embedded S3 and the service fakes; a step starts the
 * fakes it needs through {@link TraeLocal#fake}), a folder for its output files, and the console.
 *
 * @param local  the embedded stack; {@code local.config()} is a TraeConfig pointing at it
 * @param outDir a folder for files the step writes (overlay PNGs, CSVs, manifests)
 * @param out    where to print
 * @param aws    a config for real AWS when credentials are configured, else {@code null}
 */
public record DemoContext(TraeLocal local, Path outDir, PrintStream out, TraeConfig aws) {

    /** The config a step should use: real AWS when available, else Trae Local. */
    public TraeConfig config() {
        return aws != null ? aws : local.config();
    }

    /** Whether the demo talks to real AWS. */
    public boolean realAws() {
        return aws != null;
    }
}
