package io.livedecode.decoder.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Every garbage collection of this JVM while open: when it ended (epoch ms), how long it took, whether
 * it paused the application, and the heap in use after it.
 */
final class GcEvents implements AutoCloseable {

    /** One collection. {@code pause} is false for a concurrent cycle (its duration is not a pause). */
    record Gc(String name, String cause, long endEpochMillis, long durationMillis, boolean pause, long heapAfterBytes) {
    }

    private final List<Gc> events = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long heapAfter = 0;
        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            heapAfter += u.getUsed();
        }
        // Non-heap pools (metaspace, code cache) are in the map too; subtract them.
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.NON_HEAP) {
                MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                heapAfter -= u == null ? 0 : u.getUsed();
            }
        }
        long start = ManagementFactory.getRuntimeMXBean().getStartTime();
        boolean pause = !info.getGcName().contains("Concurrent") && !info.getGcAction().contains("concurrent");
        Gc gc = new Gc(info.getGcName(), info.getGcCause(), start + info.getGcInfo().getEndTime(),
                info.getGcInfo().getDuration(), pause, heapAfter);
        synchronized (events) {
            events.add(gc);
        }
    };

    GcEvents() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /** Collections that ended in {@code [fromEpochMillis, toEpochMillis)}. */
    List<Gc> between(long fromEpochMillis, long toEpochMillis) {
        synchronized (events) {
            return events.stream().filter(g -> g.endEpochMillis() >= fromEpochMillis && g.endEpochMillis() < toEpochMillis)
                    .toList();
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
