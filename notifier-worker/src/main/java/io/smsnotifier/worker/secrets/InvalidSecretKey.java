package io.smsnotifier.worker.secrets;

/**
 * A configured key that is not a base64-encoded 256-bit key. Fails the start; the message names the property and
 * what is wrong with it, never the value.
 */
class InvalidSecretKey extends IllegalStateException {

    private final String property;

    InvalidSecretKey(String property, String problem) {
        super(property + " " + problem + ": it must be a base64-encoded 256-bit key as `openssl rand -base64 32` "
                + "prints it");
        this.property = property;
    }

    String property() {
        return property;
    }
}
