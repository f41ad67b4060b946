package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.util.Locale;

/**
 * How a service's handset reports reach the worker: the vendor pushes them to the receipt address ({@code push},
 * the default), the worker asks the vendor for them ({@code pull}: a worker the vendor cannot reach, or whose pushes
 * get lost), or both (a push that never came is asked for). A setting of the types whose vendor can be asked
 * ({@link #SETTING}, declared by their factories).
 */
public enum ReceiptMode {
    PUSH, PULL, BOTH;

    /** {@code receipts}: {@code push}, {@code pull} or {@code both}; blank is {@code push}. */
    public static final ServiceSetting SETTING = ServiceSetting.text("receipts")
            .matching("push|pull|both", "push, pull or both");

    /** The service's mode; a service without the setting (or whose type has none) is pushed to. */
    public static ReceiptMode of(ServiceDefinition definition) {
        return parse(definition.text(SETTING.name()));
    }

    static ReceiptMode parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return PUSH;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return PUSH;
        }
    }

    /** True when the worker asks the vendor for this service's reports. */
    public boolean pulled() {
        return this != PUSH;
    }
}
