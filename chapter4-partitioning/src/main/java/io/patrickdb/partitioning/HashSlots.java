package io.patrickdb.partitioning;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Redis Cluster's hash slots: a key belongs to slot {@code CRC16(key) mod 16384}, and each slot to
 * one node. Only the slot table is ever changed: a node that joins takes whole slots, as few as
 * evenness needs, from the nodes that have the most; a node that leaves hands its slots to the
 * nodes that have the fewest. So keys move only to the newcomer or from the leaver, and the nodes
 * hold 16384 / N slots each, give or take one.
 *
 * <p>A {@code {hash tag}} makes keys live together: if a key holds a "{" followed later by a "}"
 * with something between, only what is between the first such pair is hashed, so that
 * {@code {user:7}:cart} and {@code {user:7}:orders} share a slot (and a multi-key operation on
 * them needs one node). The CRC is CRC-16/XMODEM, Redis's, so a key has the slot Redis gives it.
 */
public final class HashSlots implements Partitioner {
    /** Redis Cluster's number of slots. */
    public static final int SLOTS = 16384;

    private final SlotTable table;

    /** Nodes with the slots split into contiguous, nearly equal ranges, in the nodes' sorted order. */
    public HashSlots(Collection<String> nodes) {
        this(new SlotTable(List.copyOf(nodes), SLOTS));
    }

    private HashSlots(SlotTable table) {
        this.table = table;
    }

    @Override
    public String ownerOf(byte[] key) {
        return table.owner(slotOf(key));
    }

    /** The slot of {@code key}: CRC16 of the key, or of its hash tag, mod 16384. */
    public static int slotOf(byte[] key) {
        // BEGIN SOLUTION chapter4.part1
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                return crc16(key, open + 1, close) & (SLOTS - 1);
            }
        }
        return crc16(key, 0, key.length) & (SLOTS - 1);
        // STUB: throw new UnsupportedOperationException("chapter4.part1: CRC16 of the key, or of its hash tag, mod 16384");
        // END SOLUTION
    }

    /** The slot of a string key's UTF-8 bytes. */
    public static int slotOf(String key) {
        return slotOf(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The node that owns {@code slot}. */
    public String ownerOfSlot(int slot) {
        return table.owner(slot);
    }

    /** CRC-16/XMODEM's remainder for each byte value: eight shift-and-xor steps done once, not per byte. */
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            int crc = b << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            CRC_TABLE[b] = crc & 0xffff;
        }
    }

    /** CRC-16/XMODEM (polynomial 0x1021, initial 0), of {@code bytes[from, to)}. */
    static int crc16(byte[] bytes, int from, int to) {
        // BEGIN SOLUTION chapter4.part1
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
        }
        return crc;
        // STUB: throw new UnsupportedOperationException("chapter4.part1: CRC-16/XMODEM, a byte at a time through CRC_TABLE");
        // END SOLUTION
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public List<String> nodes() {
        return table.nodes();
    }

    /** The newcomer takes SLOTS / (N + 1) slots, each from whichever node has the most at that moment. */
    @Override
    public Partitioner withNode(String node) {
        return new HashSlots(table.plus(node));
    }

    /** The leaver's slots go one by one to whichever remaining node has the fewest at that moment. */
    @Override
    public Partitioner withoutNode(String node) {
        return new HashSlots(table.minus(node));
    }

    @Override
    public String name() {
        return "slots";
    }
}
