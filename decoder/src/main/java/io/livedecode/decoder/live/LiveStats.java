package io.livedecode.decoder.live;

/**
 * What the live event stream has done so far, published after every tick.
 *
 * @param ticks        timer runs
 * @param tickCpuNanos CPU time of the event-loop thread spent in them (draining, building, writing)
 * @param events       events written to pages, snapshots included
 * @param snapshots    of which whole snapshots
 * @param bytes        bytes of those events
 * @param dropped      updates not written because a page's connection was backed up
 * @param clients      pages connected now
 * @param sessions     sessions the stream shows now
 */
public record LiveStats(long ticks, long tickCpuNanos, long events, long snapshots, long bytes, long dropped,
                        int clients, int sessions) {

    static final LiveStats NONE = new LiveStats(0, 0, 0, 0, 0, 0, 0, 0);
}
