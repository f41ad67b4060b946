package io.smsnotifier.worker.recipients;

/** How many directory entries a save created and how many it replaced. */
public record SaveCounts(int inserted, int updated) {

    public static final SaveCounts NONE = new SaveCounts(0, 0);

    public SaveCounts plus(SaveCounts other) {
        return new SaveCounts(inserted + other.inserted, updated + other.updated);
    }
}
