package dev.trae.aws.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.trae.aws.core.job.JobRecord;
import dev.trae.aws.core.job.JobStore;

/** Job records in a map. */
public final class InMemoryJobStore implements JobStore {
    private final ConcurrentHashMap<String, JobRecord> records = new ConcurrentHashMap<>();

    @Override
    public void save(JobRecord record) {
        records.put(record.id(), record);
    }

    @Override
    public Optional<JobRecord> find(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public List<JobRecord> list() {
        return new ArrayList<>(records.values());
    }

    @Override
    public void delete(String id) {
        records.remove(id);
    }
}
