package io.smsnotifier.worker.recipients;

import org.jspecify.annotations.Nullable;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * The lines of an import body, read as UTF-8 (a malformed sequence reads as U+FFFD) without ever holding more
 * than a line's limit: a line of more than {@value #MAX_LINE_BYTES} bytes comes back as too long, the rest of it
 * skipped unread into memory, and a body of more than {@code maxBytes} stops the reading with {@link BodyTooLarge}.
 * Lines end with LF, CRLF or CR, as {@link java.io.BufferedReader#readLine()} reads them. Not thread-safe.
 */
final class ImportLines {

    /** The same bound as one directory record on Kafka: no entry within the field limits comes near it. */
    static final int MAX_LINE_BYTES = 256 * 1024;

    /** Line {@code number} (from 1), and its text, or null when it was too long to read. */
    record Line(long number, @Nullable String text) {
    }

    /** The body went past the limit; the lines before it were read. */
    static final class BodyTooLarge extends IOException {

        BodyTooLarge(long maxBytes) {
            super("the body is larger than " + maxBytes + " bytes");
        }
    }

    private final Reader reader;
    private final char[] buffer = new char[8192];
    private final StringBuilder line = new StringBuilder();
    private int position;
    private int limit;
    private long number;

    ImportLines(InputStream body, long maxBytes) {
        this.reader = new InputStreamReader(new Bounded(body, maxBytes), StandardCharsets.UTF_8);
    }

    /** The next line, or null at the end of the body. */
    @Nullable Line next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        number++;
        line.setLength(0);
        long bytes = 0;
        boolean tooLong = false;
        while (c != -1 && c != '\n' && c != '\r') {
            if (!tooLong) {
                bytes += utf8Length((char) c);
                if (bytes > MAX_LINE_BYTES) {
                    tooLong = true;
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
            c = read();
        }
        if (c == '\r' && peek() == '\n') {
            position++;
        }
        return new Line(number, tooLong ? null : line.toString());
    }

    private int read() throws IOException {
        return fill() ? buffer[position++] : -1;
    }

    private int peek() throws IOException {
        return fill() ? buffer[position] : -1;
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int read;
        do {
            read = reader.read(buffer);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    /** The bytes {@code c} takes in UTF-8; each half of a surrogate pair counts 2 (the pair takes 4). */
    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        return c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    /** Counts the body's bytes as they are read and refuses to read past {@code maxBytes}. */
    private static final class Bounded extends FilterInputStream {

        private final long maxBytes;
        private long count;

        Bounded(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = super.read(bytes, offset, length);
            if (read > 0) {
                counted(read);
            }
            return read;
        }

        private void counted(int read) throws BodyTooLarge {
            count += read;
            if (count > maxBytes) {
                throw new BodyTooLarge(maxBytes);
            }
        }
    }
}
