package dev.trae.oracle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parquet row groups shrink with the number of open files so that they fit the heap (4 open files to S3 ran out of a 256 MiB heap before). */
class RowGroupBudgetTest {
    private static final long MIB = 1L << 20;

    @Test
    void rowGroupBytes_whenHeapIsLarge_thenRequestedSizeKept() {
        assertThat(PartitionRunner.rowGroupBytes(32 * MIB, 4096 * MIB, 4, 24 * MIB)).isEqualTo(32 * MIB);
    }

    @Test
    void rowGroupBytes_whenManyOpenFilesInSmallHeap_thenLoweredToFit() {
        long g = PartitionRunner.rowGroupBytes(32 * MIB, 256 * MIB, 4, 24 * MIB);
        assertThat(g).isLessThan(32 * MIB);
        // the open row groups (about 2.5 times their encoded size) plus the part buffers stay within half the heap
        assertThat(4 * (g * 5 / 2 + 24 * MIB)).isLessThanOrEqualTo(128 * MIB);
        assertThat(PartitionRunner.rowGroupBytes(32 * MIB, 256 * MIB, 1, 0)).isEqualTo(32 * MIB);
        assertThat(PartitionRunner.rowGroupBytes(32 * MIB, 256 * MIB, 2, 0)).isEqualTo(25 * MIB + MIB * 3 / 5);
    }

    @Test
    void rowGroupBytes_whenNothingFits_thenOneMebibyteFloor() {
        assertThat(PartitionRunner.rowGroupBytes(32 * MIB, 256 * MIB, 64, 24 * MIB)).isEqualTo(MIB);
    }
}
