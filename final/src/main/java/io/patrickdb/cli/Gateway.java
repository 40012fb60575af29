package io.patrickdb.cli;

/** The REST gateway the server command runs beside the binary port, or none. */
interface Gateway extends AutoCloseable {
    Gateway NONE = new Gateway() {
        @Override
        public String describe() {
            return "";
        }

        @Override
        public void close() {
        }
    };

    /** Starts the REST API on {@code host:httpPort}, talking to the binary server on {@code serverPort}. */
    static Gateway start(String host, int httpPort, int serverPort) {
        return NONE; // wired to io.patrickdb.rest once the REST API lands
    }

    /** A phrase for the startup line, such as {@code ", REST on http://127.0.0.1:7380/v1"}. */
    String describe();

    @Override
    void close();
}
