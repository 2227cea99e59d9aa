package dev.trae.oracle.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The checkpoint of an export, saved as JSON after every completed file. Mutated under the engine's lock. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ExportState {
    public String fingerprint;
    public String incrementalFrom;
    public boolean rowidPartitions;
    public List<Partition> partitions = new ArrayList<>();

    /** One partition's progress. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Partition {
        public int index;
        /** Inclusive lower bound of the key range (null: none). */
        public String lo;
        /** Upper bound (null: none); inclusive when {@link #last}. */
        public String hi;
        public boolean last;
        public boolean done;
        /** Key of the last row of the last completed file. */
        public String lastKey;
        public boolean lastKeyNull;
        /** Largest key exported by this partition (incremental watermark). */
        public String maxKey;
        public List<FileEntry> files = new ArrayList<>();
        /** Names written by an earlier attempt of a keyless partition that restarted from its start. */
        public List<String> stale = new ArrayList<>();
    }

    /** A completed file. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class FileEntry {
        public String name;
        public long rows;
        public long bytes;
        public String sha256;

        public FileEntry() {
        }

        FileEntry(String name, long rows, long bytes, String sha256) {
            this.name = name;
            this.rows = rows;
            this.bytes = bytes;
            this.sha256 = sha256;
        }
    }
}
