package dev.trae.aws.core.job;

import java.util.Locale;
import java.util.Map;

import dev.trae.aws.core.TraeValidationException;

/**
 * Which part of sharded work one process runs (an export's partitions, an OCR run's inputs): shard {@link #index()}
 * of {@link #count()} (0-based). Read from the environment an existing engine gives each task
 * ({@link #fromEnvironment}) or given explicitly. Immutable.
 *
 * <ul>
 * <li>AWS Batch array jobs set {@code AWS_BATCH_JOB_ARRAY_INDEX} and {@code AWS_BATCH_JOB_ARRAY_SIZE}
 *     (https://docs.aws.amazon.com/batch/latest/userguide/job_env_vars.html).</li>
 * <li>Kubernetes Indexed Jobs set {@code JOB_COMPLETION_INDEX}
 *     (https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode) but not the number of
 *     completions: give it as {@code shards}.</li>
 * </ul>
 *
 * <pre>{@code
 * Shard shard = Shard.fromEnvironment(System.getenv(), null);
 * exporter.runShard(request, shard);      // trae-oracle
 * boolean mine = shard.owns("scans/0001.png"); // trae-ocr-cli --shard auto
 * }</pre>
 */
public final class Shard {
    /** The most shards work is split into. */
    public static final int MAX_SHARDS = 10_000;
    private final int index;
    private final int count;

    private Shard(int index, int count) {
        if (count < 1 || count > MAX_SHARDS) {
            throw new TraeValidationException("shards", "must be between 1 and " + MAX_SHARDS + ", was " + count);
        }
        if (index < 0 || index >= count) {
            throw new TraeValidationException("shard", "index " + index + " is outside 0.." + (count - 1));
        }
        this.index = index;
        this.count = count;
    }

    /** Shard {@code index} (0-based) of {@code count}. */
    public static Shard of(int index, int count) {
        return new Shard(index, count);
    }

    /** {@code "I/N"}, as the CLI's {@code --shard 2/4} takes it. */
    public static Shard parse(String spec) {
        String[] f = spec == null ? new String[0] : spec.trim().split("/");
        if (f.length != 2) {
            throw new TraeValidationException("shard", "must be auto or INDEX/COUNT such as 0/4, was " + spec);
        }
        return new Shard(number("shard", f[0]), number("shard", f[1]));
    }

    /**
     * The shard from AWS Batch's or Kubernetes' variables in {@code env}. {@code shards} (may be null) is the
     * count; it is required on Kubernetes and must agree with {@code AWS_BATCH_JOB_ARRAY_SIZE} on AWS Batch.
     */
    public static Shard fromEnvironment(Map<String, String> env, Integer shards) {
        String batch = env.get("AWS_BATCH_JOB_ARRAY_INDEX");
        if (batch != null) {
            String size = env.get("AWS_BATCH_JOB_ARRAY_SIZE");
            Integer count = size != null ? Integer.valueOf(number("AWS_BATCH_JOB_ARRAY_SIZE", size)) : shards;
            if (count == null) {
                throw new TraeValidationException("shards", "AWS_BATCH_JOB_ARRAY_SIZE is not set: give --shards N");
            }
            if (shards != null && !shards.equals(count)) {
                throw new TraeValidationException("shards", "--shards " + shards + " disagrees with AWS_BATCH_JOB_ARRAY_SIZE=" + count);
            }
            return new Shard(number("AWS_BATCH_JOB_ARRAY_INDEX", batch), count);
        }
        String k8s = env.get("JOB_COMPLETION_INDEX");
        if (k8s != null) {
            if (shards == null) {
                throw new TraeValidationException("shards", "Kubernetes does not pass the number of completions: give --shards N"
                        + " (the Job's spec.completions)");
            }
            return new Shard(number("JOB_COMPLETION_INDEX", k8s), shards);
        }
        throw new TraeValidationException("shard", "auto needs AWS_BATCH_JOB_ARRAY_INDEX (an AWS Batch array job) or"
                + " JOB_COMPLETION_INDEX (a Kubernetes Indexed Job); elsewhere give --shard INDEX/COUNT");
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TraeValidationException(name, "is not a number: " + value);
        }
    }

    /**
     * Whether this shard takes the item named {@code key}: by a hash of the name (FNV-1a over its UTF-8 bytes), so
     * that the split does not depend on the order or completeness of a listing, and every shard agrees on it.
     */
    public boolean owns(String key) {
        int hash = 0x811c9dc5;
        for (byte b : key.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return Integer.remainderUnsigned(hash, count) == index;
    }

    /** 0-based. */
    public int index() {
        return index;
    }

    public int count() {
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shard && ((Shard) o).index == index && ((Shard) o).count == count;
    }

    @Override
    public int hashCode() {
        return index * 31 + count;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d", index, count);
    }
}
