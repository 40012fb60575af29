package io.patrickdb.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The first byte of every response body. Statuses below {@code 0x40} are outcomes of an
 * operation that worked (a get that found nothing is not an error); {@code 0x40} and above are
 * errors, which all share one layout: a message, then tags.
 *
 * <p>A value type, not an enum, because the set is open: a newer server may answer with an error
 * this code has never heard of (chapter 3's {@link #NOT_LEADER} or chapter 4's {@link #MOVED}, say, to a chapter 2 client).
 * Thanks to the common layout, {@link #of} can still read any error code: it becomes a status
 * with its code and a made-up name, and the client reports it with the server's message instead
 * of giving up on the connection. An unknown code below {@code 0x40} is different: its fields
 * are the operation's own, so only a codec that knows it can read it, and it rejects the rest.
 */
public final class Status {
    private static final Status[] BY_CODE = new Status[256];
    private static final List<Status> KNOWN = new ArrayList<>();

    public static final Status OK = known(0x00, "OK");
    public static final Status NOT_FOUND = known(0x01, "NOT_FOUND");
    public static final Status VERSION_MISMATCH = known(0x02, "VERSION_MISMATCH");
    public static final Status MALFORMED = known(0x40, "MALFORMED");
    public static final Status UNSUPPORTED_OPERATION = known(0x41, "UNSUPPORTED_OPERATION");
    public static final Status UNSUPPORTED_VERSION = known(0x42, "UNSUPPORTED_VERSION");
    public static final Status INVALID_KEY = known(0x43, "INVALID_KEY");
    public static final Status VALUE_TOO_LARGE = known(0x44, "VALUE_TOO_LARGE");
    public static final Status FRAME_TOO_LARGE = known(0x45, "FRAME_TOO_LARGE");
    public static final Status UNAVAILABLE = known(0x46, "UNAVAILABLE");
    public static final Status SERVER_ERROR = known(0x47, "SERVER_ERROR");
    /**
     * This node does not take writes (a follower): tag 0 is the leader's address, a
     * {@code string} "host:port", when the node knows it. Chapter 3.
     */
    public static final Status NOT_LEADER = known(0x48, "NOT_LEADER");
    /** The leader refuses writes: fewer followers are caught up than it was told to require. Chapter 3. */
    public static final Status NOT_ENOUGH_REPLICAS = known(0x49, "NOT_ENOUGH_REPLICAS");
    /**
     * This node's replica group does not own the key's slot: the tags say which group does and
     * where its nodes are, with the epoch of the cluster map that says so. Chapter 4.
     */
    public static final Status MOVED = known(0x4A, "MOVED");

    private final int code;
    private final String name;

    private Status(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static Status known(int code, String name) {
        Status s = new Status(code, name);
        BY_CODE[code] = s;
        KNOWN.add(s);
        return s;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }

    /** The name in PROTOCOL.md, or {@code ERROR_0x5f} for an error code this version does not define. */
    public String name() {
        return name;
    }

    /** Whether this status is an error, with the common error layout. */
    public boolean isError() {
        return code >= 0x40;
    }

    /** Whether this version of the protocol defines the status. */
    public boolean isKnown() {
        return BY_CODE[code] == this;
    }

    /** Every status this version defines, in code order. */
    public static List<Status> known() {
        return Collections.unmodifiableList(KNOWN);
    }

    /**
     * The status with this code. Any error code ({@code 0x40} and above) is accepted, known or
     * not; an unknown code below {@code 0x40} throws {@link MalformedFrameException}, because
     * nothing but the operation's codec could read what follows it, and it does not know it either.
     */
    public static Status of(int code) {
        if (code < 0 || code > 255) {
            throw new MalformedFrameException("status must be a byte, was " + code);
        }
        Status s = BY_CODE[code];
        if (s != null) {
            return s;
        }
        if (code >= 0x40) {
            return new Status(code, String.format("ERROR_0x%02x", code));
        }
        throw new MalformedFrameException(String.format("unknown status 0x%02x", code));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Status s && s.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name;
    }
}
