package io.smsnotifier.worker.recipients;

import io.smsnotifier.worker.recipients.ImportLines.Line;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportLinesTests {

    @Test
    void endsLinesAtLfCrlfAndCrAsReadLineDoes() throws IOException {
        assertThat(read("a\nb\r\nc\rd", Long.MAX_VALUE)).containsExactly(
                new Line(1, "a"), new Line(2, "b"), new Line(3, "c"), new Line(4, "d"));
        assertThat(read("a\n\nb\n", Long.MAX_VALUE)).containsExactly(
                new Line(1, "a"), new Line(2, ""), new Line(3, "b"));
        assertThat(read("", Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void givesALineOverTheLimitNoTextAndGoesOnWithTheNext() throws IOException {
        String limit = "x".repeat(ImportLines.MAX_LINE_BYTES);
        String over = "x".repeat(ImportLines.MAX_LINE_BYTES + 1);
        // Three bytes a character in UTF-8: a third of the characters is the limit.
        String wideOver = "中".repeat(ImportLines.MAX_LINE_BYTES / 3 + 1);

        assertThat(read(limit + "\n" + over + "\r\n" + wideOver + "\nlast", Long.MAX_VALUE)).containsExactly(
                new Line(1, limit), new Line(2, null), new Line(3, null), new Line(4, "last"));
    }

    @Test
    void stopsReadingPastTheBodyLimit() throws IOException {
        ImportLines lines = new ImportLines(new ByteArrayInputStream("a\n".repeat(10_000)
                .getBytes(StandardCharsets.UTF_8)), 10_000);

        assertThatThrownBy(() -> {
            while (lines.next() != null) {
                // read on
            }
        }).isInstanceOf(ImportLines.BodyTooLarge.class).hasMessage("the body is larger than 10000 bytes");
        assertThat(read("a\n".repeat(5_000), 10_000)).hasSize(5_000);
    }

    private static List<Line> read(String body, long maxBytes) throws IOException {
        ImportLines lines = new ImportLines(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), maxBytes);
        List<Line> read = new ArrayList<>();
        for (Line line = lines.next(); line != null; line = lines.next()) {
            read.add(line);
        }
        return read;
    }
}
