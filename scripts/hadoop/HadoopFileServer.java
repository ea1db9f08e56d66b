import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Serves one process's reads and writes of Hadoop-compatible filesystems (hdfs://, s3a://,
 * abfs://, gs://, file://, ...) over its standard input and output, through the Hadoop client
 * the cluster already has. LeakScan is Swift and links no JVM: it starts this server when an
 * input is a URI, and the Spark driver uses it to write results. The site's configuration
 * (core-site.xml, credentials) comes from the classpath, as for any Hadoop client.
 *
 * Requests are one line of tab-separated fields; replies start with one line:
 *
 *   stat URI             -> "file\tSIZE" | "dir\t0" | "missing"
 *   list URI             -> "ok\tN", then N lines "file|dir\tSIZE\tNAME", sorted by name
 *   read URI OFFSET MAX  -> "ok\tN", then N bytes (N < MAX only at the end of the file)
 *   put URI COUNT        -> the request is followed by COUNT bytes; "ok" once they are stored
 *   mkdirs URI           -> "ok"
 *   rename FROM TO       -> "ok" | "exists" (TO is never replaced or written into)
 *   delete URI           -> "ok" (recursive; "ok" if it was not there)
 *
 * Any failure replies "error\tREASON" and the server goes on with the next request.
 * Run as `java -cp CLASSPATH HadoopFileServer.java` (Java 11+ runs a source file directly);
 * scripts/hadoop/leakscan-hadoop-fs finds the classpath.
 */
public final class HadoopFileServer {
    private final Configuration configuration = new Configuration();
    private final InputStream input = new BufferedInputStream(System.in, 1 << 16);
    private final OutputStream output = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20);
    /** The file read last, kept open: a scan reads each file forward in chunks. */
    private String openPath;
    private FSDataInputStream openStream;
    private byte[] buffer = new byte[1 << 20];

    public static void main(String[] arguments) throws IOException {
        // Replies own standard output; anything the Hadoop client logs goes to standard error.
        System.setOut(System.err);
        new HadoopFileServer().serve();
    }

    private void serve() throws IOException {
        String request;
        while ((request = readLine()) != null) {
            String[] fields = request.split("\t", -1);
            try {
                handle(fields);
            } catch (Exception | OutOfMemoryError failure) {
                closeOpen();
                String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                reply("error\t" + reason.replace('\n', ' ').replace('\t', ' '));
            }
            output.flush();
        }
        closeOpen();
    }

    private void handle(String[] fields) throws IOException {
        switch (fields[0]) {
            case "stat" -> {
                Path path = new Path(fields[1]);
                FileSystem fs = path.getFileSystem(configuration);
                if (!fs.exists(path)) {
                    reply("missing");
                } else {
                    FileStatus status = fs.getFileStatus(path);
                    reply(status.isDirectory() ? "dir\t0" : "file\t" + status.getLen());
                }
            }
            case "list" -> {
                Path path = new Path(fields[1]);
                FileStatus[] entries = path.getFileSystem(configuration).listStatus(path);
                Arrays.sort(entries, Comparator.comparing(status -> status.getPath().getName()));
                StringBuilder lines = new StringBuilder("ok\t" + entries.length);
                for (FileStatus status : entries) {
                    lines.append('\n').append(status.isDirectory() ? "dir" : "file").append('\t')
                        .append(status.isDirectory() ? 0 : status.getLen()).append('\t').append(status.getPath().getName());
                }
                reply(lines.toString());
            }
            case "read" -> read(fields[1], Long.parseLong(fields[2]), Integer.parseInt(fields[3]));
            case "put" -> {
                long count = Long.parseLong(fields[2]);
                Path path = new Path(fields[1]);
                try (FSDataOutputStream stream = path.getFileSystem(configuration).create(path, true)) {
                    byte[] chunk = new byte[1 << 16];
                    for (long left = count; left > 0; ) {
                        int got = input.read(chunk, 0, (int) Math.min(chunk.length, left));
                        if (got < 0) throw new IOException("request ended before its " + count + " bytes");
                        stream.write(chunk, 0, got);
                        left -= got;
                    }
                }
                reply("ok");
            }
            case "mkdirs" -> {
                Path path = new Path(fields[1]);
                if (!path.getFileSystem(configuration).mkdirs(path)) throw new IOException("cannot create " + path);
                reply("ok");
            }
            case "rename" -> {
                Path from = new Path(fields[1]);
                Path to = new Path(fields[2]);
                FileSystem fs = from.getFileSystem(configuration);
                // rename() into an existing directory moves the source inside it: refuse instead.
                if (fs.exists(to)) {
                    reply("exists");
                } else if (fs.rename(from, to)) {
                    reply("ok");
                } else {
                    reply(fs.exists(to) ? "exists" : "error\tcannot rename " + from + " to " + to);
                }
            }
            case "delete" -> {
                Path path = new Path(fields[1]);
                path.getFileSystem(configuration).delete(path, true);
                reply("ok");
            }
            default -> reply("error\tunknown request " + fields[0]);
        }
    }

    private void read(String uri, long offset, int max) throws IOException {
        if (!uri.equals(openPath)) {
            closeOpen();
            Path path = new Path(uri);
            openStream = path.getFileSystem(configuration).open(path);
            openPath = uri;
        }
        if (openStream.getPos() != offset) openStream.seek(offset);
        if (buffer.length < max) buffer = new byte[max];
        int filled = 0;
        while (filled < max) {
            int got = openStream.read(buffer, filled, max - filled);
            if (got < 0) break;
            filled += got;
        }
        reply("ok\t" + filled);
        output.write(buffer, 0, filled);
    }

    private void closeOpen() {
        if (openStream != null) {
            try {
                openStream.close();
            } catch (IOException ignored) {
                // A stream that fails to close has nothing left to give.
            }
        }
        openStream = null;
        openPath = null;
    }

    private void reply(String line) throws IOException {
        output.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** One request line (UTF-8, without its line feed); null at the end of input. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int next;
        while ((next = input.read()) != '\n') {
            if (next < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            line.write(next);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
