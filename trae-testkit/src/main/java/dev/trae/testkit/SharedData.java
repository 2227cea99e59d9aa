package dev.trae.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's shared, read-only test data (real recorded AWS responses) in place, never copied into
 * the repository: a folder {@code shared/<name>} holding a {@code SOURCES.md}, looked up beside the working
 * directory or one of its parents, then beside the local repository a clean clone was made from (its git
 * {@code remote.origin.url}), which is how CI's clone reaches it.
 *
 * <pre>{@code
 * Path recordings = SharedData.folder("aws-responses").orElseThrow();
 * }</pre>
 */
public final class SharedData {
    private SharedData() {
    }

    /** The folder {@code shared/<name>}, or empty when this checkout has no shared data beside it. */
    public static Optional<Path> folder(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Optional<Path> found = valid(d.resolve("shared").resolve(name));
            if (found.isEmpty() && d.getParent() != null) {
                found = valid(d.resolveSibling("shared").resolve(name));
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return cloneOrigin().flatMap(origin -> valid(origin.resolveSibling("shared").resolve(name)));
    }

    private static Optional<Path> valid(Path p) {
        return Files.isRegularFile(p.resolve("SOURCES.md")) ? Optional.of(p) : Optional.empty();
    }

    /** The local directory this checkout was cloned from, when its origin is a local path. */
    private static Optional<Path> cloneOrigin() {
        try {
            Process p = new ProcessBuilder("git", "config", "--get", "remote.origin.url").redirectErrorStream(true).start();
            String url = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || url.isEmpty()) {
                return Optional.empty();
            }
            Path dir = Path.of(url.startsWith("file://") ? url.substring(7) : url);
            return dir.isAbsolute() && Files.isDirectory(dir) ? Optional.of(dir.normalize()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
