package org.availkit.server.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.availkit.server.TestRecords;

/**
 * HTTP/1.1 over a socket of its own for each request ({@code Connection: close}), so that what
 * happened to a request while a server stops is known exactly: refused before it was sent, sent and
 * never answered at all, answered only in part, or answered. (Java's HttpClient reuses connections
 * and reports all but the first as one IOException.)
 */
final class RawHttp {

  private RawHttp() {}

  enum Kind {
    /** The connection was refused, or the request could not be written whole: never sent. */
    REFUSED,
    /** Sent whole; the connection ended before a single byte of an answer came back. */
    NO_ANSWER,
    /** Part of an answer came back, then the connection ended. */
    CUT,
    /** Nothing more came back within the read timeout. */
    TIMED_OUT,
    ANSWERED
  }

  /** What became of a request; {@code status} and {@code body} only when {@link Kind#ANSWERED}. */
  record Outcome(Kind kind, int status, String body, String error) {
    boolean ok() {
      return kind == Kind.ANSWERED && status == 200;
    }

    @Override
    public String toString() {
      return kind == Kind.ANSWERED ? status + " " + body : kind + " (" + error + ")";
    }
  }

  /** A request started: its head and the first part of its body are sent, the rest waits. */
  static final class Started implements AutoCloseable {
    private final Socket socket;
    private final byte[] rest;

    private Started(Socket socket, byte[] rest) {
      this.socket = socket;
      this.rest = rest;
    }

    /** Sends the rest of the body and reads the answer. */
    Outcome finish() {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(rest);
        out.flush();
      } catch (IOException e) {
        // The server closed a connection whose request it had begun to read.
        return new Outcome(Kind.NO_ANSWER, 0, null, "the rest of the body could not be sent: " + e);
      }
      return read(socket);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static Outcome put(int port, String authorization, String body) {
    return exchange(port, request("PUT", port, authorization, body));
  }

  static Outcome get(int port, String path, String authorization) {
    return exchange(
        port,
        "GET "
            + path
            + " HTTP/1.1\r\nHost: localhost:"
            + port
            + "\r\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
            + "Connection: close\r\n\r\n");
  }

  /**
   * Sends the head of a PUT and its body up to {@code sentOfBody} characters; the server, reading
   * the body, waits for the rest, which {@link Started#finish} sends.
   */
  static Started start(int port, String authorization, String body, int sentOfBody)
      throws IOException {
    String request = request("PUT", port, authorization, body);
    int split = request.length() - body.length() + sentOfBody;
    Socket socket = connect(port);
    OutputStream out = socket.getOutputStream();
    out.write(request.substring(0, split).getBytes(StandardCharsets.UTF_8));
    out.flush();
    return new Started(socket, request.substring(split).getBytes(StandardCharsets.UTF_8));
  }

  private static String request(String method, int port, String authorization, String body) {
    return method
        + " /api/v1/agents/me/availability HTTP/1.1\r\nHost: localhost:"
        + port
        + "\r\n"
        + "Authorization: "
        + authorization
        + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\nConnection: close\r\n\r\n"
        + body;
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("localhost", port), 5_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static Outcome exchange(int port, String request) {
    Socket socket;
    try {
      socket = connect(port);
    } catch (IOException e) {
      return new Outcome(Kind.REFUSED, 0, null, e.toString());
    }
    try (socket) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        return new Outcome(Kind.REFUSED, 0, null, "the request could not be sent: " + e);
      }
      return read(socket);
    } catch (IOException e) {
      return new Outcome(Kind.CUT, 0, null, "closing: " + e);
    }
  }

  private static Outcome read(Socket socket) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    String error = null;
    boolean timedOut = false;
    try (InputStream in = socket.getInputStream()) {
      in.transferTo(received);
    } catch (SocketTimeoutException e) {
      timedOut = true;
      error = e.toString();
    } catch (IOException e) {
      error = e.toString();
    }
    String text = received.toString(StandardCharsets.UTF_8);
    TestRecords.answer("process", text);
    if (text.isEmpty()) {
      return new Outcome(
          timedOut ? Kind.TIMED_OUT : Kind.NO_ANSWER,
          0,
          null,
          error == null ? "end of stream" : error);
    }
    Outcome answer = parse(text);
    if (answer == null) {
      return new Outcome(
          timedOut ? Kind.TIMED_OUT : Kind.CUT,
          0,
          null,
          (error == null ? "end of stream" : error)
              + " after "
              + text.length()
              + " characters: "
              + text);
    }
    return answer;
  }

  /** The answer in {@code text}, or null when it is not whole. */
  private static Outcome parse(String text) {
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0 || !text.startsWith("HTTP/1.1 ")) {
      return null;
    }
    String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
    int status = Integer.parseInt(text.substring(9, 12));
    String rest = text.substring(headEnd + 4);
    String body;
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      StringBuilder decoded = new StringBuilder();
      int at = 0;
      while (true) {
        int lineEnd = rest.indexOf("\r\n", at);
        if (lineEnd < 0) {
          return null;
        }
        int size = Integer.parseInt(rest.substring(at, lineEnd).trim(), 16);
        if (size == 0) {
          break;
        }
        // Sizes count bytes; the answers here are ASCII (JSON with escapes), so characters too.
        if (lineEnd + 2 + size + 2 > rest.length()) {
          return null;
        }
        decoded.append(rest, lineEnd + 2, lineEnd + 2 + size);
        at = lineEnd + 2 + size + 2;
      }
      body = decoded.toString();
    } else {
      int lengthAt = head.indexOf("\r\ncontent-length: ");
      int length =
          lengthAt < 0
              ? rest.length()
              : Integer.parseInt(
                  head.substring(lengthAt + 18).lines().findFirst().orElseThrow().trim());
      if (rest.length() < length) {
        return null;
      }
      body = rest.substring(0, length);
    }
    return new Outcome(Kind.ANSWERED, status, body, null);
  }
}
