package io.smsnotifier.worker.recipients;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryImportCsvTests {

    @Test
    void splitsPlainCellsOnCommas() {
        assertThat(CsvEntries.parseCsvLine("u-1,Bob,+8613900139000,d-1;d-2,,true"))
                .containsExactly("u-1", "Bob", "+8613900139000", "d-1;d-2", "", "true");
    }

    @Test
    void keepsCommasAndDoubledQuotesInsideQuotedCells() {
        assertThat(CsvEntries.parseCsvLine("u-2,\"Smith, \"\"Jo\"\"\",138 0013 8000"))
                .containsExactly("u-2", "Smith, \"Jo\"", "138 0013 8000");
    }

    @Test
    void reportsUnbalancedQuotesAsNoCells() {
        assertThat(CsvEntries.parseCsvLine("u-3,\"Bob,1380")).isNull();
    }

    @Test
    void keepsATrailingEmptyCell() {
        assertThat(CsvEntries.parseCsvLine("d-1,,")).containsExactly("d-1", "", "");
    }
}
