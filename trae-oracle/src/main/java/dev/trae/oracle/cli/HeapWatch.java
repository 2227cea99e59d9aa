package dev.trae.oracle.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Samples the heap every 10 ms on a daemon thread (benchmarks only, {@code --report-heap}): the peak of
 * the heap in use (garbage included, so it follows the collector's sizing up to {@code -Xmx}) and the
 * peak of the heap live after a collection (what the export really retains: the bound that matters). "Live after a
 * collection" is the heap in use right after each collection, from the collectors' notifications, which is the same for
 * every collector: a pool's collection usage alone missed the old generation under the serial collector (it is updated
 * only by the collections of that pool, so a run without a full collection reported a few MB whatever it held). It
 * counts old-generation garbage not yet collected, so it is an upper bound.
 * Also the JVM's CPU time, so that a benchmark can tell where the cores went.
 */
final class HeapWatch implements AutoCloseable {
    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile long peakUsed;
    private volatile long peakLive;
    private final Set<String> heapPools = new HashSet<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener afterGc = this::afterGc;

    HeapWatch() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                pools.add(p);
                heapPools.add(p.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                NotificationEmitter e = (NotificationEmitter) gc;
                e.addNotificationListener(afterGc, null, null);
                emitters.add(e);
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
        synchronized (this) {
            peakUsed = Math.max(peakUsed, used);
            peakLive = Math.max(peakLive, live);
        }
    }

    private void afterGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long live = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                live += e.getValue().getUsed();
            }
        }
        synchronized (this) {
            peakLive = Math.max(peakLive, live);
        }
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
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(afterGc);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // not registered
            }
        }
    }
}
