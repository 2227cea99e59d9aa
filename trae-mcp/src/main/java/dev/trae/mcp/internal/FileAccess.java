package dev.trae.mcp.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where tools may read files: the server's {@code --allow-dir} directories plus the roots the client announced
 * (MCP roots). A path is resolved (relative paths against the first root), its symbolic links followed, and
 * it must then lie under one of the roots; files larger than the server's limit are refused before they are read.
 */
final class FileAccess {
    private final String tool;
    private final List<Path> roots;
    private final long maxBytes;

    FileAccess(String tool, List<Path> roots, long maxBytes) {
        this.tool = tool;
        this.roots = List.copyOf(roots);
        this.maxBytes = maxBytes;
    }

    /** File URIs of MCP roots to real directories; other schemes and missing folders are skipped. */
    static List<Path> fromRootUris(List<String> uris) {
        List<Path> out = new ArrayList<>();
        for (String u : uris) {
            try {
                URI uri = URI.create(u);
                if ("file".equalsIgnoreCase(uri.getScheme())) {
                    out.add(Path.of(uri).toRealPath());
                }
            } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                // a root that does not exist here allows nothing
            }
        }
        return out;
    }

    static List<Path> real(List<Path> dirs) {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            try {
                out.add(d.toRealPath());
            } catch (IOException e) {
                // a configured folder that does not exist allows nothing
            }
        }
        return out;
    }

    /** The real path of an existing regular file under a root, within the size limit. */
    Path file(String field, String path) {
        if (path == null || path.isBlank()) {
            throw Errors.invalid(tool, field + " must not be empty");
        }
        if (roots.isEmpty()) {
            throw Errors.invalid(tool, field + " '" + printable(path) + "' cannot be read: no allowed roots. Start the server with "
                    + "--allow-dir DIR or announce MCP roots from the client");
        }
        Path p;
        try {
            Path given = Path.of(path);
            p = (given.isAbsolute() ? given : roots.get(0).resolve(given)).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw Errors.invalid(tool, field + " '" + printable(path) + "' is not a valid path");
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (NoSuchFileException e) {
            // say "outside" before "missing" so a probe cannot learn what exists outside the roots
            checkUnder(field, path, p);
            throw Errors.invalid(tool, field + " '" + printable(path) + "' does not exist");
        } catch (IOException e) {
            throw Errors.invalid(tool, field + " '" + printable(path) + "' cannot be read: " + e.getClass().getSimpleName());
        }
        checkUnder(field, path, real);
        if (!Files.isRegularFile(real)) {
            throw Errors.invalid(tool, field + " '" + printable(path) + "' is not a regular file");
        }
        long size;
        try {
            size = Files.size(real);
        } catch (IOException e) {
            throw Errors.invalid(tool, field + " '" + printable(path) + "' cannot be read: " + e.getClass().getSimpleName());
        }
        if (size > maxBytes) {
            throw Errors.invalid(tool, field + " '" + printable(path) + "' is " + size + " bytes; the server accepts files up to "
                    + maxBytes + " bytes (max-file-bytes)");
        }
        return real;
    }

    byte[] read(String field, String path) {
        Path f = file(field, path);
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw Errors.invalid(tool, field + " '" + printable(path) + "' cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The path relative to the root it lies under (for file names shown to a model). */
    String relative(Path real) {
        for (Path r : roots) {
            if (real.startsWith(r)) {
                return r.relativize(real).toString().replace('\\', '/');
            }
        }
        return real.getFileName().toString();
    }

    long maxBytes() {
        return maxBytes;
    }

    private void checkUnder(String field, String given, Path p) {
        for (Path r : roots) {
            if (p.startsWith(r)) {
                return;
            }
        }
        throw Errors.invalid(tool, field + " '" + printable(given) + "' is outside the allowed roots " + roots
                + "; only files under --allow-dir directories or the client's MCP roots can be read");
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
