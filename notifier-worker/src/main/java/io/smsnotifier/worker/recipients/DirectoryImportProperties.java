package io.smsnotifier.worker.recipients;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code notifier.directory.*}.
 *
 * @param importMaxBytes the largest body {@code POST /api/directory/import} (and the console's import) reads; a
 *                       larger one is refused with 413, before anything is stored when it declares its length
 */
@Validated
@ConfigurationProperties("notifier.directory")
record DirectoryImportProperties(@DefaultValue("64MB") DataSize importMaxBytes) {

    DirectoryImportProperties {
        if (importMaxBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("notifier.directory.import-max-bytes must be positive, not "
                    + importMaxBytes);
        }
    }
}
