package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.templates.SmsTemplate;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The face of the services in force that views and health use: each service's state, the ones that cannot run
 * and why, and what each would make of a template. Reads only. Thread-safe.
 */
@Service
public class ServiceStatuses {

    private final ServiceSets sets;

    ServiceStatuses(ServiceSets sets) {
        this.sets = sets;
    }

    /** Every enabled service's state. */
    public List<ServiceStatus> statuses() {
        ServiceSet set = sets.current();
        return set == null ? List.of() : set.statuses();
    }

    /** The services that take traffic: the exclusive webhook alone, or every enabled service. */
    public List<String> serviceNames() {
        ServiceSet set = sets.current();
        return set == null ? List.of() : set.pool().stream().map(slot -> slot.name).toList();
    }

    /** Stored services that are not in force (secrets that do not open, a service that cannot be made), why. */
    public Map<String, String> unavailable() {
        return sets.unavailable();
    }

    /**
     * What each enabled service would make of {@code template} filled with {@code params}.
     *
     * @param templateCode the code the service is asked for: the template's own, or its code there
     * @param refusals     what the service would refuse before sending (parameters over its length limit)
     */
    public record ServicePreview(String service, String templateCode, boolean sendsRenderedText,
                                 List<String> refusals) {
    }

    public List<ServicePreview> preview(SmsTemplate template, Map<String, String> params) {
        ServiceSet set = sets.current();
        if (set == null) {
            return List.of();
        }
        List<ServicePreview> previews = new ArrayList<>();
        for (ServiceSlot slot : set.slots()) {
            List<String> refusals = new ArrayList<>();
            int limit = slot.provider.maxParamLength();
            if (limit > 0) {
                params.forEach((name, value) -> {
                    if (value != null && value.codePointCount(0, value.length()) > limit) {
                        refusals.add("parameter '" + name + "' has " + value.codePointCount(0, value.length())
                                + " characters; " + slot.name + " takes at most " + limit);
                    }
                });
            }
            previews.add(new ServicePreview(slot.name, template.codeAt(slot.name), slot.provider.sendsRenderedText(),
                    refusals));
        }
        return previews;
    }
}
