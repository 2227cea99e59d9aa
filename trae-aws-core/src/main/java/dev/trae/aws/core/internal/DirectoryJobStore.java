package dev.trae.aws.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.job.JobRecord;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.JobStore;

/** One properties file per job, replaced atomically. */
public final class DirectoryJobStore implements JobStore {
    private static final String CP = "checkpoint.";
    private final Path dir;

    public DirectoryJobStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TraeClientException("cannot create job store directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path file(String id) {
        Jobs.validateId(id);
        return dir.resolve(id + ".job");
    }

    @Override
    public synchronized void save(JobRecord r) {
        Properties p = new Properties();
        p.setProperty("id", r.id());
        p.setProperty("kind", r.kind());
        p.setProperty("status", r.status().name());
        p.setProperty("message", r.message());
        p.setProperty("updated", r.updated().toString());
        r.checkpoint().forEach((k, v) -> p.setProperty(CP + k, v));
        Path target = file(r.id());
        Path tmp = dir.resolve(r.id() + ".job.tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                p.store(out, "trae job");
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new TraeClientException("cannot save job " + r.id() + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<JobRecord> find(String id) {
        Path f = file(id);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TraeClientException("cannot read job " + id + " from " + dir + ": " + e.getMessage(), e);
        }
        Map<String, String> cp = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(CP)) {
                cp.put(k.substring(CP.length()), p.getProperty(k));
            }
        }
        try {
            return Optional.of(new JobRecord(p.getProperty("id"), p.getProperty("kind"),
                    JobStatus.valueOf(p.getProperty("status")), cp, p.getProperty("message"),
                    Instant.parse(p.getProperty("updated"))));
        } catch (RuntimeException e) {
            throw new TraeClientException("job file " + f + " is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<JobRecord> list() {
        List<JobRecord> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.job")) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                find(name.substring(0, name.length() - 4)).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new TraeClientException("cannot list jobs in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new TraeClientException("cannot delete job " + id + ": " + e.getMessage(), e);
        }
    }
}
