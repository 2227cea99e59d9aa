package dev.trae.aws.core.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.trae.aws.core.internal.DirectoryJobStore;
import dev.trae.aws.core.internal.InMemoryJobStore;

/**
 * Where job records and checkpoints live, so that a job can be resumed by id after a crash.
 * Thread-safe. A directory store survives restarts; the in-memory store does not.
 */
public interface JobStore {

    void save(JobRecord record);

    Optional<JobRecord> find(String id);

    List<JobRecord> list();

    void delete(String id);

    /** Keeps records in memory only (the default). */
    static JobStore inMemory() {
        return new InMemoryJobStore();
    }

    /** Keeps one file per job in {@code dir}, written atomically (write, fsync, rename). */
    static JobStore directory(Path dir) {
        return new DirectoryJobStore(dir);
    }
}
