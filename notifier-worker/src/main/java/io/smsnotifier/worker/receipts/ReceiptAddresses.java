package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Each service's receipt address, to paste into the vendor's console:
 * {@code <notifier.receipts.base-url>/receipts/<type>/<service>/<secret>}, for the types a {@link ReceiptFormat} reads.
 * The secret is made on first use; without {@code notifier.secrets.key} there is none (null). Call from a request
 * thread when {@code notifier.receipts.base-url} is not set: the address is then the request's. Thread-safe.
 */
@Service
public class ReceiptAddresses {

    /** What stands for the secret where the reader may not see it. */
    public static final String REDACTED = "…";

    private static final Logger log = LoggerFactory.getLogger(ReceiptAddresses.class);
    private final Set<String> types;
    private final ReceiptSecrets secrets;
    private final ReceiptProperties properties;

    ReceiptAddresses(List<ReceiptFormat> formats, ReceiptSecrets secrets, ReceiptProperties properties) {
        this.types = formats.stream().map(ReceiptFormat::type).collect(Collectors.toUnmodifiableSet());
        this.secrets = secrets;
        this.properties = properties;
    }

    /** Whether services of {@code type} take receipts: whether a {@link ReceiptFormat} reads their pushes. */
    public boolean takesReceipts(String type) {
        return types.contains(type);
    }

    /**
     * The service's receipt address, its secret made now when it has none.
     *
     * @param full false: the secret replaced by {@link #REDACTED}, for readers who may not change the service
     * @return null when the type takes no receipts or no secret key is configured
     */
    public @Nullable String url(String service, String type, boolean full) {
        if (!takesReceipts(type)) {
            return null;
        }
        try {
            return address(service, type, full ? secrets.secretFor(service) : REDACTED);
        } catch (SecretsUnavailableException e) {
            log.warn("no receipt address service={} reason={}", service, e.getMessage());
            return null;
        }
    }

    /**
     * Gives the service a new secret: the old address stops working at once.
     *
     * @return the new address, in full
     * @throws IllegalArgumentException when the type takes no receipts
     */
    public String rotate(String service, String type) {
        if (!takesReceipts(type)) {
            throw new IllegalArgumentException("services of type " + type + " take no receipts");
        }
        return address(service, type, secrets.rotate(service));
    }

    /**
     * Seals every receipt secret that another key sealed under the current one; for the catalog's re-seal.
     *
     * @return how many it re-sealed
     */
    public int reseal() {
        return secrets.reseal();
    }

    private String address(String service, String type, String secret) {
        String base = properties.baseUrl() != null ? properties.baseUrl().toString()
                : ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + ReceiptsController.PATH + type + "/" + service + "/" + secret;
    }
}
