package org.availkit.contract.testing;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Clients that hold a server's connections without asking it for anything it can finish, over
 * non-blocking sockets of this one object (a selector to open them, a thread to trickle):
 *
 * <ul>
 *   <li>{@link Kind#SLOWLORIS}: a request head sent one byte a second, never ending;
 *   <li>{@link Kind#STALLED}: part of a head, then nothing;
 *   <li>{@link Kind#IDLE}: one whole request, its answer read, then the connection left open.
 * </ul>
 *
 * Connections are opened a few dozen at a time (a flood of connects overflows the listen queue, and
 * the kernel drops the rest of them for a second), each with a deadline, so a server that stops
 * accepting makes the test fail on a count rather than hang. {@link #ask} is the other client: a
 * request of its own on a fresh connection, with a timeout.
 */
public final class SlowClients implements AutoCloseable {

  public enum Kind {
    SLOWLORIS,
    STALLED,
    IDLE
  }

  /** Connects (and requests) under way at once while opening. */
  private static final int AT_ONCE = 48;

  /** What a slowloris head says before its last header's value, which then never ends. */
  private static final byte[] SLOW_HEAD =
      "GET /api/v1/agents/me HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
          .getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress address;
  private final Map<Kind, List<Connection>> connections = new EnumMap<>(Kind.class);
  private final ScheduledExecutorService trickler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slowloris trickler");
            t.setDaemon(true);
            return t;
          });

  /** One connection and how much of its slowloris head it has sent. */
  private static final class Connection {
    final SocketChannel channel;
    int sent;
    volatile boolean ended;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }
  }

  /** Clients of the server on {@code port} of this machine (loopback). */
  public SlowClients(int port) {
    this.address = new InetSocketAddress("127.0.0.1", port);
    for (Kind kind : Kind.values()) {
      connections.put(kind, new CopyOnWriteArrayList<>());
    }
    trickler.scheduleAtFixedRate(this::trickle, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * At most {@code wanted}, fewer when this JVM's file descriptors (its soft limit, which the JVM
   * raises to the hard one on Linux unless -XX:-MaxFDLimit) would not hold them beside {@code
   * reserve} others; says so on standard output when it gives fewer.
   */
  public static int withinDescriptorLimit(int wanted, int reserve) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (!(os instanceof UnixOperatingSystemMXBean unix)) {
      return wanted;
    }
    long room = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - reserve;
    if (room >= wanted) {
      return wanted;
    }
    int fitted = (int) Math.max(room, 0);
    System.out.printf(
        "SlowClients: %d connections instead of %d, within this JVM's limit of %d descriptors%n",
        fitted, wanted, unix.getMaxFileDescriptorCount());
    return fitted;
  }

  /** This JVM's file descriptor limit, for the figures (-1 where it cannot be told). */
  public static long descriptorLimit() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount()
        : -1;
  }

  /** Opens {@code n} slowloris connections; returns how many connected within {@code timeout}. */
  public int slowloris(int n, Duration timeout) throws IOException {
    return open(Kind.SLOWLORIS, n, null, false, timeout);
  }

  /**
   * Opens {@code n} connections that send {@code partialHead} and nothing more; returns how many
   * sent it within {@code timeout}.
   */
  public int stalled(int n, String partialHead, Duration timeout) throws IOException {
    return open(Kind.STALLED, n, partialHead.getBytes(StandardCharsets.US_ASCII), false, timeout);
  }

  /**
   * Opens {@code n} connections that each send {@code request} (keep-alive) and read its answer,
   * then stay open; returns how many were answered 200 within {@code timeout}.
   */
  public int idle(int n, String request, Duration timeout) throws IOException {
    return open(Kind.IDLE, n, request.getBytes(StandardCharsets.US_ASCII), true, timeout);
  }

  /**
   * How many of each kind the server still holds open: nothing to read and no end of stream (an
   * answer, such as a 400 or 408 before closing, counts as closed: the server let go of it).
   */
  public Map<Kind, Integer> stillOpen() {
    Map<Kind, Integer> open = new EnumMap<>(Kind.class);
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    connections.forEach(
        (kind, list) -> {
          int count = 0;
          for (Connection c : list) {
            if (!c.ended) {
              buffer.clear();
              try {
                if (c.channel.read(buffer) != 0) {
                  c.ended = true;
                }
              } catch (IOException e) {
                c.ended = true;
              }
            }
            count += c.ended ? 0 : 1;
          }
          open.put(kind, count);
        });
    return open;
  }

  /** The most bytes any slowloris connection has sent so far (one a second). */
  public int slowlorisBytesSent() {
    return connections.get(Kind.SLOWLORIS).stream().mapToInt(c -> c.sent).max().orElse(0);
  }

  @Override
  public void close() {
    trickler.shutdownNow();
    connections
        .values()
        .forEach(
            list ->
                list.forEach(
                    c -> {
                      try {
                        c.channel.close();
                      } catch (IOException e) {
                        // closing anyway
                      }
                    }));
  }

  /** The next byte of each slowloris head: its prefix, then the last header's value, forever. */
  private void trickle() {
    for (Connection c : connections.get(Kind.SLOWLORIS)) {
      if (c.ended) {
        continue;
      }
      byte next = c.sent < SLOW_HEAD.length ? SLOW_HEAD[c.sent] : (byte) 'a';
      try {
        if (c.channel.write(ByteBuffer.wrap(new byte[] {next})) == 1) {
          c.sent++;
        }
      } catch (IOException e) {
        c.ended = true;
      }
    }
  }

  /** A connection being opened: what it still has to send, and what it has read. */
  private static final class Opening {
    final SocketChannel channel;
    final ByteBuffer out;
    final ByteArrayOutputStream in = new ByteArrayOutputStream();

    Opening(SocketChannel channel, byte[] first) {
      this.channel = channel;
      this.out = ByteBuffer.wrap(first == null ? new byte[0] : first);
    }
  }

  private int open(Kind kind, int n, byte[] first, boolean awaitAnswer, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int done = 0;
    int started = 0;
    Deque<Opening> inProgress = new ArrayDeque<>();
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    try (Selector selector = Selector.open()) {
      while ((started < n || !selector.keys().isEmpty()) && System.nanoTime() < deadline) {
        while (started < n && selector.keys().size() < AT_ONCE) {
          started++;
          SocketChannel channel = SocketChannel.open();
          channel.configureBlocking(false);
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
          Opening opening = new Opening(channel, first);
          // A connect on loopback may be done at once, and then OP_CONNECT never comes.
          int ops =
              !channel.connect(address)
                  ? SelectionKey.OP_CONNECT
                  : opening.out.hasRemaining() ? SelectionKey.OP_WRITE : 0;
          if (ops == 0) {
            connections.get(kind).add(new Connection(channel));
            done++;
          } else {
            inProgress.add(opening);
            channel.register(selector, ops, opening);
          }
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Opening o = (Opening) key.attachment();
          try {
            if (key.isConnectable() && o.channel.finishConnect()) {
              key.interestOps(o.out.hasRemaining() ? SelectionKey.OP_WRITE : 0);
            }
            if (key.isValid() && key.isWritable()) {
              o.channel.write(o.out);
              if (!o.out.hasRemaining()) {
                key.interestOps(awaitAnswer ? SelectionKey.OP_READ : 0);
              }
            }
            if (key.isValid() && key.isReadable()) {
              buffer.clear();
              int read = o.channel.read(buffer);
              if (read < 0) {
                throw new IOException("closed before its answer");
              }
              o.in.write(buffer.array(), 0, read);
              int status = answeredStatus(o.in.toByteArray());
              if (status > 0) {
                if (status != 200) {
                  throw new IOException("answered " + status);
                }
                key.interestOps(0);
              }
            }
            if (key.isValid() && key.interestOps() == 0) {
              key.cancel();
              inProgress.remove(o);
              connections.get(kind).add(new Connection(o.channel));
              done++;
            }
          } catch (IOException e) {
            key.cancel();
            inProgress.remove(o);
            o.channel.close();
          }
        }
        selector.selectedKeys().clear();
      }
    }
    // Past the deadline: what is still opening counts as failed.
    for (Opening o : inProgress) {
      o.channel.close();
    }
    return done;
  }

  /** The status of the whole answer in {@code bytes}, or 0 while it is not whole. */
  private static int answeredStatus(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      return 0;
    }
    String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
    int status = Integer.parseInt(text.substring(9, 12));
    int bodyLength = text.length() - headEnd - 4;
    int lengthAt = head.indexOf("\r\ncontent-length:");
    if (lengthAt >= 0) {
      String value = head.substring(lengthAt + 17).lines().findFirst().orElseThrow().trim();
      return bodyLength >= Integer.parseInt(value) ? status : 0;
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      return text.endsWith("\r\n0\r\n\r\n") ? status : 0;
    }
    return status;
  }

  /** An answer to {@link #ask}: its status and body (chunks joined). */
  public record Answer(int status, String body) {}

  /**
   * The other client: sends {@code request} (which should say {@code Connection: close}) on a
   * connection of its own and reads the answer to its end, giving up after {@code timeout} for the
   * connection and again for each read.
   */
  public static Answer ask(int port, String request, Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      int millis = (int) timeout.toMillis();
      socket.connect(new InetSocketAddress("127.0.0.1", port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd < 0 || !text.startsWith("HTTP/1.1 ")) {
        throw new IOException("not an HTTP answer: " + text);
      }
      String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
      String body = text.substring(headEnd + 4);
      return new Answer(
          Integer.parseInt(text.substring(9, 12)),
          head.contains("\r\ntransfer-encoding: chunked") ? unchunked(body) : body);
    }
  }

  private static String unchunked(String body) throws IOException {
    StringBuilder joined = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) {
        throw new IOException("chunks cut short: " + body);
      }
      int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return joined.toString();
      }
      // Sizes count bytes; the answers here are ASCII JSON, so characters too.
      joined.append(body, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  /** Counts by kind, for messages and figures: {@code slowloris=300 stalled=20 idle=5000}. */
  public static String describe(Map<Kind, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((kind, count) -> parts.add(kind.name().toLowerCase(Locale.ROOT) + "=" + count));
    return String.join(" ", parts);
  }
}
