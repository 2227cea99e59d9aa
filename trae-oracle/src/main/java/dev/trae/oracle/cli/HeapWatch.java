package dev.trae.oracle.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the heap every 10 ms on a daemon thread (benchmarks only, {@code --report-heap}): the peak of
 * the heap in use (garbage included, so it follows the collector's sizing up to {@code -Xmx}) and the
 * peak of the heap live after a collection (what the export really retains: the bound that matters).
 * Also the JVM's CPU time, so that a benchmark can tell where the cores went.
 */
final class HeapWatch implements AutoCloseable {
    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile long peakUsed;
    private volatile long peakLive;

    HeapWatch() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                pools.add(p);
            }
        }
        thread = new Thread(this::run, "trae-heap-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stop) {
            sample();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long live = 0;
        for (MemoryPoolMXBean p : pools) {
            MemoryUsage after = p.getCollectionUsage();
            if (after != null) {
                live += after.getUsed();
            }
        }
        peakUsed = Math.max(peakUsed, used);
        peakLive = Math.max(peakLive, live);
    }

    /** CPU time of this JVM so far (every thread, the JIT and the collector included), or -1 where unknown. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    long peakUsed() {
        return peakUsed;
    }

    long peakLive() {
        return peakLive;
    }

    @Override
    public void close() {
        stop = true;
        sample();
    }
}
