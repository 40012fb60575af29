package io.patrickdb.index;

/**
 * The store could not do what was asked because of its files: an I/O error, a full disk, a
 * closed store. After a failed write the store refuses further writes (reads go on), because
 * the log's tail is then in an unknown state; reopening the store recovers it.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
